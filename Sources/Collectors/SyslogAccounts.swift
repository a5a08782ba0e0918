import TrailModel

/// The account-management rules of `SyslogParser`: the messages the shadow tools (useradd, usermod,
/// userdel, groupadd, groupdel, gpasswd, passwd, chpasswd, chage) write to the auth log.
extension SyslogRules {
    /// Reads one shadow-tool message; the actor is the `by NAME` user when the line names one, else the
    /// process (`useradd`).
    static func account(_ message: Substring, app: String) -> SyslogMatch? {
        var body = SyslogText.trim(message)
        var by: Substring?
        if let r = SyslogText.find(" by ", in: body, last: true), !body[..<r.lowerBound].hasSuffix(" owned") {
            var name = body[r.upperBound...]
            if name.count >= 2, name.first == "'", name.last == "'" { name = name.dropFirst().dropLast() }
            if !name.isEmpty, !name.contains(" ") {
                by = name
                body = body[..<r.lowerBound]
            }
        }
        let start = SyslogText(body)
        func make(_ action: String, _ resource: Substring?, _ attributes: [(String, JSONValue)] = [],
                  outcome: Outcome = .success) -> SyslogMatch {
            SyslogMatch(action: action, outcome: outcome, actor: by.map(String.init) ?? app, resource: opt(resource),
                        attributes: attributes)
        }
        func group(_ g: Substring?) -> Substring? { g.map { "group:" + $0 } }

        if let t = start.after("new user: ") {
            let kv = keyValues(t.s)
            return make("user.create", kv.first { $0.0 == "name" }?.1, kv.filter { $0.0 != "name" }.map(attribute))
        }
        if let t = start.after("new group: ") {
            let kv = keyValues(t.s)
            return make("group.create", group(kv.first { $0.0 == "name" }?.1), kv.filter { $0.0 != "name" }.map(attribute))
        }
        if var t = start.after("group added to "), let file = t.upTo(": ") {
            let kv = keyValues(t.s)
            return make("group.create", group(kv.first { $0.0 == "name" }?.1),
                        [("database", .string(String(file)))] + kv.filter { $0.0 != "name" }.map(attribute))
        }
        if var t = start.after("failed adding user "), let user = t.quoted() {
            return make("user.create", user, outcome: .failure)
        }
        if var t = start.after("delete user "), let user = t.quoted() {
            return make("user.delete", user)
        }
        if var t = start.after("add ") ?? start.after("delete ") {
            let add = body.hasPrefix("add ")
            guard let member = t.quoted(), t.skip(add ? " to " : " from ") else { return nil }
            let shadow = t.skip("shadow ")
            guard t.skip("group "), let g = t.quoted() else { return nil }
            return make(add ? "group.member-add" : "group.member-remove", group(g),
                        [("member", .string(String(member))), ("shadow", .bool(shadow))])
        }
        if var t = start.after("user "), let member = t.upTo(add: true) ?? t.upTo(add: false) {
            // gpasswd: `user U added by B to group G`, `user U removed by B from group G`.
            let add = member.add
            guard let actor = t.upTo(add ? " to group " : " from group ") else { return nil }
            by = actor
            return make(add ? "group.member-add" : "group.member-remove", group(t.s),
                        [("member", .string(String(member.name))), ("shadow", .bool(false))])
        }
        if var t = start.after("removed ") {
            let shadow = t.skip("shadow ")
            guard t.skip("group "), let g = t.quoted() else { return nil }
            var attributes: [(String, JSONValue)] = [("shadow", .bool(shadow))]
            if t.skip(" owned by "), let owner = t.quoted() { attributes.insert(("owner", .string(String(owner))), at: 0) }
            return make("group.delete", group(g), attributes)
        }
        if var t = start.after("group "), let g = t.quoted(), t.skip(" removed") {
            return make("group.delete", group(g), t.skip(" from ") ? [("database", .string(String(t.s)))] : [])
        }
        if var t = start.after("change user name "), let old = t.quoted(), t.skip(" to "), let new = t.quoted() {
            return make("user.rename", old, [("newName", .string(String(new)))])
        }
        if var t = start.after("change user "), let user = t.quoted() {
            if t.s == " password" { return make("user.password-change", user) }
            guard t.skip(" "), let field = t.upTo(" from "), let old = t.quoted(), t.skip(" to "), let new = t.quoted() else { return nil }
            return make("user.modify", user, [("field", .string(String(field))), ("oldValue", .string(String(old))),
                                              ("newValue", .string(String(new)))])
        }
        if var t = start.after("lock user "), let user = t.quoted(), t.s == " password" { return make("user.lock", user) }
        if var t = start.after("unlock user "), let user = t.quoted(), t.s == " password" { return make("user.unlock", user) }
        if var t = start.after("password for "), let user = t.quoted(), t.s == " changed" { return make("user.password-change", user) }
        if let t = start.after("password changed for ") { return make("user.password-change", t.s) }
        if let t = start.after("changed password expiry for ") {
            return make("user.modify", t.s, [("field", .string("password-expiry"))])
        }
        return nil
    }

    /// `name=bob, UID=1001, home=/home/bob` in order, keys lowercased.
    static func keyValues(_ s: Substring) -> [(String, Substring)] {
        s.split(separator: ", ").compactMap { part in
            guard let eq = part.firstIndex(of: "=") else { return nil }
            return (SyslogText.trim(part[..<eq]).lowercased(), part[part.index(after: eq)...])
        }
    }

    /// A key=value pair as an attribute; ids (`uid`, `gid`) as numbers.
    static func attribute(_ kv: (String, Substring)) -> (String, JSONValue) {
        (kv.0, kv.0 == "uid" || kv.0 == "gid" ? SyslogParser.number(kv.1) : .string(String(kv.1)))
    }
}

extension SyslogText {
    /// gpasswd's `U added by ` / `U removed by `, consuming it.
    mutating func upTo(add: Bool) -> (name: Substring, add: Bool)? {
        upTo(add ? " added by " : " removed by ").map { ($0, add) }
    }
}
