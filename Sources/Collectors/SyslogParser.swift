import Foundation
import TrailModel

/// Syslog lines (format `syslog`, one record per line): RFC 5424 and RFC 3164 / BSD as rsyslog and
/// syslog-ng write them to `/var/log/auth.log`, with the login, privilege and account messages of
/// sshd, sudo, su and the shadow tools turned into audit actions.
///
/// Accepted headers (`<PRI>` is optional in the BSD forms):
/// ```
/// <34>1 2026-07-01T10:00:00.123Z host sshd 4242 ID47 [origin ip="10.0.0.1"] Accepted publickey for …
/// <86>Oct  3 09:15:02 web1 sshd[4242]: Accepted publickey for …
/// 2026-07-01T10:00:00.123456+02:00 web1 sudo: alice : TTY=pts/0 ; … (rsyslog high precision)
/// ```
/// RFC 5424 structured data goes to `attributes.structuredData`, one object per SD-ID with its
/// parameters (escapes `\"`, `\\`, `\]` undone; a repeated parameter becomes an array); a BOM before
/// MSG is dropped. The NILVALUE time `-` gives `time = received` with `clock: "received"`.
///
/// **Time zone.** A time without an offset (every BSD time, a zone-less RFC 3339 time) is read in
/// `context.timeZone` (nil = UTC) and the event's `clock` is `assumed:<zone id>` or `assumed:UTC`.
///
/// **Year inference** (BSD times carry no year): take the calendar year of `context.received` in the
/// collector's zone. If the line's time in that year is more than one day *after* `received`, or that
/// date does not exist in that year (Feb 29), use the previous year instead: a line written last
/// December and read in January belongs to last year, and a line from Dec 31 read at 00:30 on Jan 1
/// in an earlier zone stays in last year too. A date that fits neither year is refused.
///
/// **Message rules** (`app` is the tag, lowercased; `sshd-session`/`sshd-auth` count as `sshd`).
/// Rules see the message inside rsyslog's `message repeated N times: [ … ]` (kept as `repeated: N`).
///
/// | app | message | action | outcome | actor | resource | origin | attributes |
/// | --- | --- | --- | --- | --- | --- | --- | --- |
/// | sshd | `Accepted METHOD for U from IP port N ssh2[: TYPE FP]` | `ssh.login` | success | U | – | IP | method, port, keyType, keyFingerprint |
/// | sshd | `Failed METHOD for [invalid user ]U from IP port N ssh2` | `ssh.login` | failure | U | – | IP | method, port, invalidUser |
/// | sshd | `Invalid user U from IP [port N]` | `ssh.invalid-user` | failure | U | – | IP | port |
/// | sshd | `error: maximum authentication attempts exceeded for [invalid user ]U from IP port N ssh2` | `ssh.max-auth-attempts` | failure | U | – | IP | port, invalidUser |
/// | sshd | `Disconnected from [authenticating \| invalid ]user U IP port N` / `Disconnected from IP port N` | `ssh.disconnect` | unknown | U | – | IP | port, stage |
/// | sshd | `Connection closed\|reset by [authenticating \| invalid ][user U ]IP port N` | `ssh.disconnect` | unknown | U | – | IP | port, stage |
/// | sshd | `Received disconnect from IP port N:CODE: TEXT` | `ssh.disconnect` | unknown | – | – | IP | port, reasonCode, reason |
/// | any | `pam_unix(SVC:session): session opened for user U(uid=N) by [B](uid=M)` | `<svc>.session-open` | success | B, else U | U | – | user, uid, by, byUid |
/// | any | `pam_unix(SVC:session): session closed for user U` | `<svc>.session-close` | success | U | U | – | user |
/// | any | `pam_unix(SVC:auth): authentication failure; logname= uid= euid= tty= ruser= rhost= user=` | `<svc>.auth` | failure | ruser, else logname, else user | user | rhost | the key=value pairs |
/// | any | `pam_unix(SVC:chauthtok): password changed for U` | `user.password-change` | success | the app | U | – | – |
/// | sudo | `U : [PROBLEM ; ]TTY=T ; PWD=P ; USER=R ; [GROUP=G ; ][ENV=E ; ]COMMAND=C` | `sudo.command` | success, failure with PROBLEM | U | R | – | tty, pwd, command, group, env, reason |
/// | su | `(to R) U on T` / `FAILED SU (to R) U on T` / `FAILED su for R by U` | `su.session` | success / failure | U | R | – | tty |
/// | shadow tools¹ | `new user: name=U, UID=…, GID=…, home=…, shell=…, from=…` | `user.create` | success | by², else the app | U | – | uid, gid, home, shell, from |
/// | shadow tools | `failed adding user 'U', data deleted` | `user.create` | failure | ² | U | – | – |
/// | shadow tools | `new group: name=G, GID=N` / `group added to FILE: name=G[, GID=N]` | `group.create` | success | ² | group:G | – | gid, database |
/// | shadow tools | `add 'U' to [shadow ]group 'G'` / `user U added by B to group G` | `group.member-add` | success | ² | group:G | – | member, shadow |
/// | shadow tools | `delete 'U' from [shadow ]group 'G'` / `user U removed by B from group G` | `group.member-remove` | success | ² | group:G | – | member, shadow |
/// | shadow tools | `delete user 'U'` | `user.delete` | success | ² | U | – | – |
/// | shadow tools | `removed [shadow ]group 'G' owned by 'U'` / `group 'G' removed[ from FILE]` | `group.delete` | success | ² | group:G | – | owner, shadow, database |
/// | shadow tools | `change user 'U' password` / `password for 'U' changed by 'B'` / `password changed for U` | `user.password-change` | success | ² | U | – | – |
/// | shadow tools | `lock user 'U' password` / `unlock user 'U' password` | `user.lock` / `user.unlock` | success | ² | U | – | – |
/// | shadow tools | `change user 'U' FIELD from 'A' to 'B'` / `changed password expiry for U` | `user.modify` | success | ² | U | – | field, oldValue, newValue |
/// | shadow tools | `change user name 'U' to 'V'` | `user.rename` | success | ² | U | – | newName |
/// | any other | anything | `<app>.message` (`syslog.message` without a tag) | unknown | – | – | – | – |
///
/// sshd messages ending in ` [preauth]` also get `preauth: true`.
///
/// ¹ useradd, usermod, userdel, groupadd, groupmod, groupdel, gpasswd, passwd, chpasswd, chage, newusers.
/// ² the invoking user when the line ends in `by NAME` / `by 'NAME'` (or says `added by B`), else the
/// process name (e.g. `useradd`). `<svc>` is the PAM service, with `sshd` written `ssh`.
///
/// Every event also carries `host`, `app`, `pid`, `facility` and `severity` (names such as `auth`
/// and `info` from PRI; null when absent), `message` (the full MSG) and, for RFC 5424, `msgid`.
/// `origin` is the client address from the message, never the syslog host. `id` is nil.
///
/// Failures name what was expected and the byte offset, e.g. `expected a month name (Jan-Dec) or an
/// RFC 3339 timestamp at byte 0`.
public struct SyslogParser: RecordParser, Sendable {
    public let format = "syslog"

    public init() {}

    public func parse(_ record: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> TrailEvent {
        var end = record.count
        while end > 0, record[end - 1] == 0x0A || record[end - 1] == 0x0D { end -= 1 }
        let header = try Self.readHeader(UnsafeRawBufferPointer(rebasing: record[0..<end]), context: context)
        let raw: String, rawIsBase64: Bool
        if let text = String(validating: record, as: UTF8.self) {
            raw = text; rawIsBase64 = false
        } else {
            raw = Data(record).base64EncodedString(); rawIsBase64 = true
        }

        var attributes: [(String, JSONValue)] = [
            ("host", Self.json(header.host)), ("app", Self.json(header.app)), ("pid", Self.number(header.pid)),
            ("facility", header.priority.map { .string(Self.facilityName($0 >> 3)) } ?? .null),
            ("severity", header.priority.map { .string(Self.severityNames[$0 & 7]) } ?? .null),
        ]
        if header.isRFC5424 { attributes.append(("msgid", Self.json(header.msgid))) }
        if let sd = header.structuredData { attributes.append(("structuredData", .object(sd))) }
        attributes.append(("message", .string(header.message)))

        var message = Substring(header.message)
        if let (count, inner) = Self.repeated(message) {
            attributes.append(("repeated", .number(count)))
            message = inner
        }
        let app = header.app?.lowercased()
        let match = SyslogRules.interpret(app: app, message: message)
        attributes += match?.attributes ?? []
        return TrailEvent(
            id: nil, time: header.time, received: context.received, source: context.source, format: format,
            actor: match?.actor, action: match?.action ?? ((app ?? "syslog") + ".message"), resource: match?.resource,
            outcome: match?.outcome ?? .unknown, origin: match?.origin, session: nil, attributes: attributes,
            raw: raw, rawIsBase64: rawIsBase64, clock: header.clock)
    }

    /// rsyslog's `message repeated N times: [ MSG]`.
    static func repeated(_ m: Substring) -> (String, Substring)? {
        let prefix = "message repeated "
        guard m.hasPrefix(prefix), m.hasSuffix("]") else { return nil }
        let rest = m.dropFirst(prefix.count)
        guard let sp = rest.firstIndex(of: " "), rest[sp...].hasPrefix(" times: [") else { return nil }
        let count = rest[..<sp]
        guard !count.isEmpty, count.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var inner = rest[sp...].dropFirst(" times: [".count).dropLast()
        if inner.first == " " { inner = inner.dropFirst() }
        return (String(count), inner)
    }

    static func json(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    /// Digits as a JSON number, anything else as a string.
    static func number<S: StringProtocol>(_ s: S?) -> JSONValue {
        guard let s else { return .null }
        if !s.isEmpty, s.utf8.count <= 18, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
           s.utf8.first != 0x30 || s.utf8.count == 1 {
            return .number(String(s))
        }
        return .string(String(s))
    }

    /// rsyslog's facility names.
    static func facilityName(_ code: Int) -> String {
        let names = ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
                     "authpriv", "ftp", "ntp", "audit", "alert", "clock"]
        return code < 16 ? names[code] : "local\(code - 16)"
    }

    static let severityNames = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]
}
