import TrailModel

/// What a message rule read from a syslog message (see the table on `SyslogParser`).
struct SyslogMatch {
    var action: String
    var outcome: Outcome
    var actor: String?
    var resource: String?
    var origin: String?
    var attributes: [(String, JSONValue)] = []
}

/// The message rules of `SyslogParser`.
enum SyslogRules {
    static let sshApps: Set<String> = ["sshd", "sshd-session", "sshd-auth"]
    static let accountApps: Set<String> = ["useradd", "usermod", "userdel", "groupadd", "groupmod", "groupdel",
                                           "gpasswd", "passwd", "chpasswd", "chage", "newusers"]

    /// The action a message describes, or nil for `<app>.message`.
    static func interpret(app: String?, message: Substring) -> SyslogMatch? {
        if SyslogText(message).hasPrefix("pam_unix("), let m = pam(message, app: app) { return m }
        guard let app else { return nil }
        if sshApps.contains(app) { return ssh(message) }
        switch app {
        case "sudo": return sudo(message)
        case "su": return su(message)
        default: return accountApps.contains(app) ? account(message, app: app) : nil
        }
    }

    static func opt<S: StringProtocol>(_ s: S?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return String(s)
    }

    // MARK: sshd

    static func ssh(_ message: Substring) -> SyslogMatch? {
        var t = SyslogText(message)
        let preauth = t.hasSuffix(" [preauth]")
        if preauth { t.s = t.s.dropLast(" [preauth]".count) }
        var m: SyslogMatch?
        if t.skip("Accepted ") || t.hasPrefix("Failed ") {
            let accepted = !t.skip("Failed ")
            guard let method = t.upTo(" for "), var r = userFrom(&t) else { return nil }
            r.action = "ssh.login"
            r.outcome = accepted ? .success : .failure
            r.attributes.insert(("method", .string(String(method))), at: 0)
            if accepted { r.attributes.removeAll { $0.0 == "invalidUser" } }
            m = r
        } else if t.skip("Invalid user ") {
            guard let user = t.upToLast(" from ") else { return nil }
            let (ip, port) = address(&t)
            m = SyslogMatch(action: "ssh.invalid-user", outcome: .failure, actor: opt(user), origin: opt(ip),
                            attributes: port.map { [("port", SyslogParser.number($0))] } ?? [])
        } else if t.skip("error: maximum authentication attempts exceeded for ") {
            guard var r = userFrom(&t) else { return nil }
            r.action = "ssh.max-auth-attempts"
            r.outcome = .failure
            m = r
        } else if t.skip("Disconnected from ") || t.skip("Connection closed by ") || t.skip("Connection reset by ") {
            m = disconnect(&t)
        } else if t.skip("Received disconnect from ") {
            let ip = t.s.contains(" port ") ? t.upTo(" port ") : t.upTo(":")
            var attributes: [(String, JSONValue)] = []
            let port = t.digits()
            if !port.isEmpty { attributes.append(("port", SyslogParser.number(port))) }
            _ = t.skip(":"); _ = t.skip(" ")
            let code = t.digits()
            if !code.isEmpty { attributes.append(("reasonCode", SyslogParser.number(code))) }
            _ = t.skip(":"); _ = t.skip(" ")
            attributes.append(("reason", .string(String(t.s))))
            m = SyslogMatch(action: "ssh.disconnect", outcome: .unknown, origin: opt(ip), attributes: attributes)
        }
        if preauth { m?.attributes.append(("preauth", .bool(true))) }
        return m
    }

    /// `[invalid user ]USER from IP port N ssh2[: TYPE FINGERPRINT]` (the user may contain spaces).
    static func userFrom(_ t: inout SyslogText) -> SyslogMatch? {
        let invalid = t.skip("invalid user ")
        guard let user = t.upToLast(" from ") else { return nil }
        let (ip, port) = address(&t)
        var attributes: [(String, JSONValue)] = []
        if let port { attributes.append(("port", SyslogParser.number(port))) }
        attributes.append(("invalidUser", .bool(invalid)))
        _ = t.skip(" ")
        if t.skip("ssh2"), t.skip(": ") {
            let type = t.word()
            _ = t.skip(" ")
            let fingerprint = t.word()
            if !type.isEmpty { attributes.append(("keyType", .string(String(type)))) }
            if !fingerprint.isEmpty { attributes.append(("keyFingerprint", .string(String(fingerprint)))) }
        }
        return SyslogMatch(action: "", outcome: .unknown, actor: opt(user), origin: opt(ip), attributes: attributes)
    }

    /// `IP port N` (or just `IP`).
    static func address(_ t: inout SyslogText) -> (Substring, Substring?) {
        let ip = t.word()
        guard t.skip(" port ") else { return (ip, nil) }
        let port = t.digits()
        return (ip, port.isEmpty ? nil : port)
    }

    /// After `Disconnected from` / `Connection closed by`: `[authenticating |invalid ][user U ]IP port N`.
    static func disconnect(_ t: inout SyslogText) -> SyslogMatch? {
        var attributes: [(String, JSONValue)] = []
        if t.skip("authenticating ") { attributes.append(("stage", .string("authenticating"))) }
        else if t.skip("invalid ") { attributes.append(("stage", .string("invalid"))) }
        var user: Substring?
        if t.skip("user ") {
            guard let before = t.upToLast(" port "), let sp = before.lastIndex(of: " ") else { return nil }
            user = before[..<sp]
            t.s = before[before.index(after: sp)...] + " port " + t.s
        }
        let (ip, port) = address(&t)
        if let port { attributes.insert(("port", SyslogParser.number(port)), at: 0) }
        return SyslogMatch(action: "ssh.disconnect", outcome: .unknown, actor: opt(user), origin: opt(ip), attributes: attributes)
    }

    // MARK: PAM

    /// `pam_unix(SERVICE:TYPE): …` for sessions, authentication failures and password changes.
    static func pam(_ message: Substring, app: String?) -> SyslogMatch? {
        var t = SyslogText(message)
        guard t.skip("pam_unix("), let service = t.upTo(":"), let type = t.upTo("): ") else { return nil }
        let prefix: String
        switch service.lowercased() {
        case "sshd", "sshd-session": prefix = "ssh"
        case "su-l": prefix = "su"
        case "sudo-i": prefix = "sudo"
        case let other: prefix = other
        }
        switch type {
        case "session":
            if t.skip("session opened for user ") {
                let userPart = t.upTo(" by ")
                let (user, uid) = nameAndUID(userPart ?? t.s)
                let (by, byUID) = userPart == nil ? (Substring(""), nil) : nameAndUID(t.s)
                var attributes: [(String, JSONValue)] = [("user", .string(String(user)))]
                if let uid { attributes.append(("uid", SyslogParser.number(uid))) }
                if !by.isEmpty { attributes.append(("by", .string(String(by)))) }
                if let byUID { attributes.append(("byUid", SyslogParser.number(byUID))) }
                return SyslogMatch(action: prefix + ".session-open", outcome: .success, actor: opt(by) ?? opt(user),
                                   resource: opt(user), attributes: attributes)
            }
            if t.skip("session closed for user ") {
                let (user, uid) = nameAndUID(t.s)
                var attributes: [(String, JSONValue)] = [("user", .string(String(user)))]
                if let uid { attributes.append(("uid", SyslogParser.number(uid))) }
                return SyslogMatch(action: prefix + ".session-close", outcome: .success, actor: opt(user),
                                   resource: opt(user), attributes: attributes)
            }
        case "auth":
            guard t.skip("authentication failure;") else { return nil }
            var fields: [(String, JSONValue)] = []
            var values: [Substring: Substring] = [:]
            for item in t.bytePieces(of: t.s, separatedBy: " ") ?? t.s.split(separator: " ") {
                guard let eq = item.firstIndex(of: "=") else { continue }
                let key = item[..<eq], value = item[item.index(after: eq)...]
                values[key] = value
                fields.append((String(key), key == "uid" || key == "euid" ? SyslogParser.number(value) : .string(String(value))))
            }
            return SyslogMatch(action: prefix + ".auth", outcome: .failure,
                               actor: opt(values["ruser"]) ?? opt(values["logname"]) ?? opt(values["user"]),
                               resource: opt(values["user"]), origin: opt(values["rhost"]), attributes: fields)
        case "chauthtok":
            if t.skip("password changed for ") {
                return SyslogMatch(action: "user.password-change", outcome: .success, actor: app ?? prefix,
                                   resource: opt(SyslogText.trim(t.s)))
            }
        default: break
        }
        return nil
    }

    /// `root(uid=0)` → (`root`, `0`); `(uid=0)` → (``, `0`); `alice` → (`alice`, nil).
    static func nameAndUID(_ s: Substring) -> (Substring, Substring?) {
        let s = SyslogText.trim(s)
        guard let open = s.firstIndex(of: "("), s.hasSuffix(")") else { return (s, nil) }
        var inner = SyslogText(s[s.index(after: open)...].dropLast())
        guard inner.skip("uid=") else { return (s, nil) }
        return (s[..<open], inner.s)
    }

    // MARK: sudo and su

    /// `USER : [PROBLEM ; ]TTY=… ; PWD=… ; USER=… ; COMMAND=…`.
    static func sudo(_ message: Substring) -> SyslogMatch? {
        var t = SyslogText(message.drop { $0 == " " })
        guard let user = t.upTo(" : "), !user.isEmpty, !user.contains(" "),
              let commandAt = SyslogText.find("COMMAND=", in: t.s, last: false) else { return nil }
        let command = t.s[commandAt.upperBound...]
        var fields: [(String, JSONValue)] = []
        var problems: [Substring] = []
        var target: Substring?
        let head = t.s[..<commandAt.lowerBound]
        for part in t.bytePieces(of: head, separatedBy: " ; ") ?? head.split(separator: " ; ", omittingEmptySubsequences: true) {
            let part = SyslogText.trim(part)
            if part.isEmpty { continue }
            if let eq = part.firstIndex(of: "="), part[..<eq].allSatisfy({ $0.isUppercase || $0 == "_" }), eq != part.startIndex {
                let key = part[..<eq], value = part[part.index(after: eq)...]
                if key == "USER" { target = value } else { fields.append((key.lowercased(), .string(String(value)))) }
            } else {
                problems.append(part)
            }
        }
        fields.append(("command", .string(String(command))))
        if !problems.isEmpty { fields.append(("reason", .string(problems.joined(separator: "; ")))) }
        return SyslogMatch(action: "sudo.command", outcome: problems.isEmpty ? .success : .failure, actor: String(user),
                           resource: opt(target), attributes: fields)
    }

    /// `(to R) U on TTY`, `FAILED SU (to R) U on TTY`, `FAILED su for R by U`.
    static func su(_ message: Substring) -> SyslogMatch? {
        var t = SyslogText(message)
        if t.skip("FAILED su for ") {
            guard let target = t.upToLast(" by ") else { return nil }
            return SyslogMatch(action: "su.session", outcome: .failure, actor: opt(t.s), resource: opt(target))
        }
        let failed = t.skip("FAILED SU ")
        guard t.skip("(to "), let target = t.upTo(") ") else { return nil }
        let before = t.upToLast(" on ")
        let user = before ?? t.s
        let tty = before == nil ? nil : t.s
        return SyslogMatch(action: "su.session", outcome: failed ? .failure : .success, actor: opt(user), resource: opt(target),
                           attributes: tty.map { [("tty", .string(String($0)))] } ?? [])
    }
}
