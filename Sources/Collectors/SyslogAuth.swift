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

/// A cursor over message text for the rules: prefixes, separators, digits.
///
/// Auth-log messages are nearly always plain ASCII. Then every byte is one `Character`, and the
/// cursor works on the UTF-8 bytes (no grapheme breaking), with exactly the results of the
/// `Character`-wise operations it uses for any other text (a test runs both on the same messages).
struct SyslogText {
    /// The rest of the text. Rules assign only slices of it, joined with ASCII literals, which keeps
    /// `ascii` true.
    var s: Substring
    /// True when `s` is ASCII without carriage returns (so bytes and `Character`s coincide).
    let ascii: Bool

    init(_ s: Substring, bytewise: Bool = true) {
        self.s = s
        ascii = bytewise && Self.isPlainASCII(s)
    }

    /// ASCII without `\r` (a CR LF pair is one `Character`).
    static func isPlainASCII(_ s: Substring) -> Bool {
        s.utf8.withContiguousStorageIfAvailable { b in
            var i = 0
            while i + 8 <= b.count {
                let x = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                let cr = (x ^ 0x0D0D_0D0D_0D0D_0D0D)
                if (x | ((cr &- 0x0101_0101_0101_0101) & ~cr)) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
            while i < b.count { if b[i] >= 0x80 || b[i] == 0x0D { return false }; i += 1 }
            return true
        } ?? false
    }

    var isEmpty: Bool { s.isEmpty }

    /// `s` from its `n`-th byte on (a `Character` boundary when `ascii`).
    private func tail(_ n: Int) -> Substring { s[s.utf8.index(s.startIndex, offsetBy: n)...] }

    /// True when the text starts with `p`.
    func hasPrefix(_ p: String) -> Bool {
        ascii ? s.utf8.starts(with: p.utf8) : s.hasPrefix(p)
    }

    /// True when the text ends with `p`.
    func hasSuffix(_ p: String) -> Bool {
        guard ascii else { return s.hasSuffix(p) }
        let n = p.utf8.count
        return s.utf8.count >= n && s.utf8.suffix(n).elementsEqual(p.utf8)
    }

    /// Consumes `p` when the text starts with it.
    mutating func skip(_ p: String) -> Bool {
        guard hasPrefix(p) else { return false }
        s = ascii ? tail(p.utf8.count) : s.dropFirst(p.count)
        return true
    }

    /// A cursor past `p` when the text starts with it (this one unchanged).
    func after(_ p: String) -> SyslogText? {
        var t = self
        return t.skip(p) ? t : nil
    }

    /// Byte offsets (in `s.utf8`) where `sep` occurs, first or last; a plain byte search, because the
    /// generic `firstRange(of:)` dominated the cost of reading auth logs.
    static func find(_ sep: String, in s: Substring, last: Bool) -> Range<Substring.Index>? {
        let needle = Array(sep.utf8)
        guard !needle.isEmpty else { return nil }
        let hit: Int? = s.utf8.withContiguousStorageIfAvailable { hay -> Int? in
            guard hay.count >= needle.count else { return nil }
            let limit = hay.count - needle.count
            var found: Int?
            var i = 0
            while i <= limit {
                if hay[i] == needle[0] {
                    var k = 1
                    while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                    if k == needle.count {
                        found = i
                        if !last { return i }
                        i += needle.count
                        continue
                    }
                }
                i += 1
            }
            return found
        } ?? nil
        guard let at = hit else {
            // Non-contiguous storage (not seen in practice): the generic search.
            return last ? s.ranges(of: sep).last : s.firstRange(of: sep)
        }
        let lo = s.utf8.index(s.utf8.startIndex, offsetBy: at)
        return lo..<s.utf8.index(lo, offsetBy: needle.count)
    }

    /// The text before the first `sep`, consuming through `sep`.
    mutating func upTo(_ sep: String) -> Substring? {
        guard let r = Self.find(sep, in: s, last: false) else { return nil }
        defer { s = s[r.upperBound...] }
        return s[..<r.lowerBound]
    }

    /// The text before the last `sep`, consuming through `sep`.
    mutating func upToLast(_ sep: String) -> Substring? {
        guard let r = Self.find(sep, in: s, last: true) else { return nil }
        defer { s = s[r.upperBound...] }
        return s[..<r.lowerBound]
    }

    /// The length in bytes of the leading run of bytes that satisfy `body`.
    private func run(_ body: (UInt8) -> Bool) -> Int {
        var n = 0
        for c in s.utf8 { guard body(c) else { break }; n += 1 }
        return n
    }

    /// A run of ASCII digits (possibly empty).
    mutating func digits() -> Substring {
        let d = ascii ? s[..<s.utf8.index(s.startIndex, offsetBy: run { $0 >= 0x30 && $0 <= 0x39 })] : s.prefix { $0.isASCII && $0.isNumber }
        s = s[d.endIndex...]
        return d
    }

    /// The text up to the next space (or the end), consuming it but not the space.
    mutating func word() -> Substring {
        let w = ascii ? s[..<s.utf8.index(s.startIndex, offsetBy: run { $0 != 0x20 })] : s.prefix { $0 != " " }
        s = s[w.endIndex...]
        return w
    }

    /// `s` without leading and trailing spaces.
    static func trim(_ s: Substring) -> Substring {
        var s = s
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }

    /// `'name'`, consuming it.
    mutating func quoted() -> Substring? {
        guard s.first == "'" else { return nil }
        let body = s.dropFirst()
        guard let close = body.firstIndex(of: "'") else { return nil }
        s = body[body.index(after: close)...]
        return body[..<close]
    }
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
            for item in t.s.split(separator: " ") {
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
        for part in t.s[..<commandAt.lowerBound].split(separator: " ; ", omittingEmptySubsequences: true) {
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
