import Foundation
@testable import Collectors
import Testing
import TrailModel

/// One fixture line and everything the parser must read from it. The line is `header + msg`, and
/// `attributes` is every attribute except `message` (which must equal `msg`), as JSON.
struct SyslogCase: Sendable, CustomTestStringConvertible {
    var name: String
    var header: String
    var msg: String
    var action: String
    var outcome: Outcome = .unknown
    var actor: String? = nil
    var resource: String? = nil
    var origin: String? = nil
    var time = "2026-10-03T09:15:02.000000Z"
    var clock: String? = "assumed:UTC"
    var attributes: String

    var line: String { header + msg }
    var testDescription: String { name }
}

/// Syslog lines (RFC 5424, RFC 3164 / BSD, rsyslog high precision) and the auth-log message rules.
@Suite struct SyslogTests {
    static let received = Timestamp.utc(year: 2026, month: 10, day: 3, hour: 12)
    static let context = ParseContext(source: "auth-log", received: received)

    static func parse(_ line: String, context: ParseContext = context) throws -> TrailEvent {
        try Array(line.utf8).withUnsafeBytes { try SyslogParser().parse($0, context: context) }
    }

    static func parse(bytes: [UInt8], context: ParseContext = context) throws -> TrailEvent {
        try bytes.withUnsafeBytes { try SyslogParser().parse($0, context: context) }
    }

    static func failure(_ line: String, context: ParseContext = context) -> ParseFailure? {
        do { _ = try parse(line, context: context); return nil } catch let f as ParseFailure { return f } catch { return nil }
    }

    static func canonical(_ v: JSONValue) -> String {
        var out: [UInt8] = []
        CanonicalJSON.write(v, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static let sshd = "Oct  3 09:15:02 web1 sshd[4242]: "
    static let sshdAttrs = #""host":"web1","app":"sshd","pid":4242,"facility":null,"severity":null"#
    static let fp = "SHA256:Xq3bJ0cQm8f1n4Vw2Kp7R9sTzLhY6uAeD5gC1oN0iBk"

    static let cases: [SyslogCase] = [
        // sshd
        .init(name: "sshd accepted publickey", header: sshd,
              msg: "Accepted publickey for alice from 203.0.113.5 port 50122 ssh2: ED25519 \(fp)",
              action: "ssh.login", outcome: .success, actor: "alice", origin: "203.0.113.5",
              attributes: "{\(sshdAttrs),\"method\":\"publickey\",\"port\":50122,\"keyType\":\"ED25519\",\"keyFingerprint\":\"\(fp)\"}"),
        .init(name: "sshd accepted password with PRI", header: "<38>Oct  3 09:15:02 web1 sshd[4250]: ",
              msg: "Accepted password for bob from 198.51.100.7 port 40222 ssh2",
              action: "ssh.login", outcome: .success, actor: "bob", origin: "198.51.100.7",
              attributes: #"{"host":"web1","app":"sshd","pid":4250,"facility":"auth","severity":"info","method":"password","port":40222}"#),
        .init(name: "sshd accepted keyboard-interactive over IPv6", header: "<86>Oct  3 09:15:02 bastion sshd[4301]: ",
              msg: "Accepted keyboard-interactive/pam for carol from 2001:db8::17 port 61000 ssh2",
              action: "ssh.login", outcome: .success, actor: "carol", origin: "2001:db8::17",
              attributes: #"{"host":"bastion","app":"sshd","pid":4301,"facility":"authpriv","severity":"info","method":"keyboard-interactive/pam","port":61000}"#),
        .init(name: "sshd failed password", header: sshd,
              msg: "Failed password for root from 192.0.2.44 port 51234 ssh2",
              action: "ssh.login", outcome: .failure, actor: "root", origin: "192.0.2.44",
              attributes: "{\(sshdAttrs),\"method\":\"password\",\"port\":51234,\"invalidUser\":false}"),
        .init(name: "sshd failed password for invalid user", header: sshd,
              msg: "Failed password for invalid user admin from 192.0.2.44 port 51240 ssh2",
              action: "ssh.login", outcome: .failure, actor: "admin", origin: "192.0.2.44",
              attributes: "{\(sshdAttrs),\"method\":\"password\",\"port\":51240,\"invalidUser\":true}"),
        .init(name: "sshd failed for a user name containing ' from '", header: sshd,
              msg: "Failed none for invalid user x from y from 192.0.2.60 port 4000 ssh2",
              action: "ssh.login", outcome: .failure, actor: "x from y", origin: "192.0.2.60",
              attributes: "{\(sshdAttrs),\"method\":\"none\",\"port\":4000,\"invalidUser\":true}"),
        .init(name: "sshd invalid user", header: sshd, msg: "Invalid user oracle from 192.0.2.45 port 39876",
              action: "ssh.invalid-user", outcome: .failure, actor: "oracle", origin: "192.0.2.45",
              attributes: "{\(sshdAttrs),\"port\":39876}"),
        .init(name: "sshd disconnected authenticating user", header: sshd,
              msg: "Disconnected from authenticating user root 192.0.2.44 port 51234 [preauth]",
              action: "ssh.disconnect", actor: "root", origin: "192.0.2.44",
              attributes: "{\(sshdAttrs),\"port\":51234,\"stage\":\"authenticating\",\"preauth\":true}"),
        .init(name: "sshd disconnected invalid user", header: sshd,
              msg: "Disconnected from invalid user admin 192.0.2.44 port 51240 [preauth]",
              action: "ssh.disconnect", actor: "admin", origin: "192.0.2.44",
              attributes: "{\(sshdAttrs),\"port\":51240,\"stage\":\"invalid\",\"preauth\":true}"),
        .init(name: "sshd disconnected user", header: sshd, msg: "Disconnected from user alice 203.0.113.5 port 50122",
              action: "ssh.disconnect", actor: "alice", origin: "203.0.113.5",
              attributes: "{\(sshdAttrs),\"port\":50122}"),
        .init(name: "sshd received disconnect", header: sshd,
              msg: "Received disconnect from 203.0.113.5 port 50122:11: disconnected by user",
              action: "ssh.disconnect", origin: "203.0.113.5",
              attributes: "{\(sshdAttrs),\"port\":50122,\"reasonCode\":11,\"reason\":\"disconnected by user\"}"),
        .init(name: "sshd connection closed preauth", header: sshd, msg: "Connection closed by 192.0.2.50 port 60000 [preauth]",
              action: "ssh.disconnect", origin: "192.0.2.50",
              attributes: "{\(sshdAttrs),\"port\":60000,\"preauth\":true}"),
        .init(name: "sshd connection closed by authenticating user", header: sshd,
              msg: "Connection closed by authenticating user git 192.0.2.51 port 60010 [preauth]",
              action: "ssh.disconnect", actor: "git", origin: "192.0.2.51",
              attributes: "{\(sshdAttrs),\"port\":60010,\"stage\":\"authenticating\",\"preauth\":true}"),
        .init(name: "sshd pam session opened", header: sshd,
              msg: "pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)",
              action: "ssh.session-open", outcome: .success, actor: "alice", resource: "alice",
              attributes: "{\(sshdAttrs),\"user\":\"alice\",\"uid\":1000,\"byUid\":0}"),
        .init(name: "sshd pam session closed", header: sshd, msg: "pam_unix(sshd:session): session closed for user alice",
              action: "ssh.session-close", outcome: .success, actor: "alice", resource: "alice",
              attributes: "{\(sshdAttrs),\"user\":\"alice\"}"),
        .init(name: "sshd maximum authentication attempts", header: sshd,
              msg: "error: maximum authentication attempts exceeded for root from 192.0.2.44 port 51250 ssh2 [preauth]",
              action: "ssh.max-auth-attempts", outcome: .failure, actor: "root", origin: "192.0.2.44",
              attributes: "{\(sshdAttrs),\"port\":51250,\"invalidUser\":false,\"preauth\":true}"),
        .init(name: "sshd pam authentication failure", header: sshd,
              msg: "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.44  user=root",
              action: "ssh.auth", outcome: .failure, actor: "root", resource: "root", origin: "192.0.2.44",
              attributes: "{\(sshdAttrs),\"logname\":\"\",\"uid\":0,\"euid\":0,\"tty\":\"ssh\",\"ruser\":\"\",\"rhost\":\"192.0.2.44\",\"user\":\"root\"}"),
        .init(name: "sshd-session (OpenSSH 10) accepted RSA key", header: "Oct  3 09:15:02 web1 sshd-session[5001]: ",
              msg: "Accepted publickey for deploy from 10.0.0.8 port 33000 ssh2: RSA \(fp)",
              action: "ssh.login", outcome: .success, actor: "deploy", origin: "10.0.0.8",
              attributes: "{\"host\":\"web1\",\"app\":\"sshd-session\",\"pid\":5001,\"facility\":null,\"severity\":null,\"method\":\"publickey\",\"port\":33000,\"keyType\":\"RSA\",\"keyFingerprint\":\"\(fp)\"}"),
        .init(name: "rsyslog repeated message", header: sshd,
              msg: "message repeated 2 times: [ Failed password for root from 192.0.2.44 port 51234 ssh2]",
              action: "ssh.login", outcome: .failure, actor: "root", origin: "192.0.2.44",
              attributes: "{\(sshdAttrs),\"repeated\":2,\"method\":\"password\",\"port\":51234,\"invalidUser\":false}"),
        // sudo
        .init(name: "sudo command", header: "Oct  3 09:15:02 web1 sudo: ",
              msg: "   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx",
              action: "sudo.command", outcome: .success, actor: "alice", resource: "root",
              attributes: #"{"host":"web1","app":"sudo","pid":null,"facility":null,"severity":null,"tty":"pts/0","pwd":"/home/alice","command":"/usr/bin/systemctl restart nginx"}"#),
        .init(name: "sudo incorrect password attempts", header: "<85>Oct  3 09:15:02 web1 sudo: ",
              msg: "   alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow",
              action: "sudo.command", outcome: .failure, actor: "alice", resource: "root",
              attributes: #"{"host":"web1","app":"sudo","pid":null,"facility":"authpriv","severity":"notice","tty":"pts/0","pwd":"/home/alice","command":"/usr/bin/cat /etc/shadow","reason":"3 incorrect password attempts"}"#),
        .init(name: "sudo user not in sudoers, command with ' ; '", header: "Oct  3 09:15:02 web1 sudo: ",
              msg: "mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh -c id ; whoami",
              action: "sudo.command", outcome: .failure, actor: "mallory", resource: "root",
              attributes: #"{"host":"web1","app":"sudo","pid":null,"facility":null,"severity":null,"tty":"pts/1","pwd":"/tmp","command":"/bin/sh -c id ; whoami","reason":"user NOT in sudoers"}"#),
        .init(name: "sudo pam authentication failure", header: "Oct  3 09:15:02 web1 sudo[2345]: ",
              msg: "pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=alice",
              action: "sudo.auth", outcome: .failure, actor: "alice", resource: "alice",
              attributes: #"{"host":"web1","app":"sudo","pid":2345,"facility":null,"severity":null,"logname":"alice","uid":1000,"euid":0,"tty":"/dev/pts/0","ruser":"alice","rhost":"","user":"alice"}"#),
        .init(name: "sudo pam session opened", header: "Oct  3 09:15:02 web1 sudo[2345]: ",
              msg: "pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)",
              action: "sudo.session-open", outcome: .success, actor: "alice", resource: "root",
              attributes: #"{"host":"web1","app":"sudo","pid":2345,"facility":null,"severity":null,"user":"root","uid":0,"by":"alice","byUid":1000}"#),
        // su
        .init(name: "su ok", header: "Oct  3 09:15:02 web1 su[3100]: ", msg: "(to root) alice on pts/0",
              action: "su.session", outcome: .success, actor: "alice", resource: "root",
              attributes: #"{"host":"web1","app":"su","pid":3100,"facility":null,"severity":null,"tty":"pts/0"}"#),
        .init(name: "su failed (shadow)", header: "Oct  3 09:15:02 web1 su[3101]: ", msg: "FAILED su for root by alice",
              action: "su.session", outcome: .failure, actor: "alice", resource: "root",
              attributes: #"{"host":"web1","app":"su","pid":3101,"facility":null,"severity":null}"#),
        .init(name: "su failed (util-linux)", header: "Oct  3 09:15:02 web1 su[3102]: ", msg: "FAILED SU (to root) mallory on pts/2",
              action: "su.session", outcome: .failure, actor: "mallory", resource: "root",
              attributes: #"{"host":"web1","app":"su","pid":3102,"facility":null,"severity":null,"tty":"pts/2"}"#),
        .init(name: "su pam session opened", header: "Oct  3 09:15:02 web1 su[3100]: ",
              msg: "pam_unix(su:session): session opened for user root(uid=0) by alice(uid=1000)",
              action: "su.session-open", outcome: .success, actor: "alice", resource: "root",
              attributes: #"{"host":"web1","app":"su","pid":3100,"facility":null,"severity":null,"user":"root","uid":0,"by":"alice","byUid":1000}"#),
        // account management
        .init(name: "useradd new user", header: "Oct  3 09:15:02 web1 useradd[3200]: ",
              msg: "new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0",
              action: "user.create", outcome: .success, actor: "useradd", resource: "bob",
              attributes: #"{"host":"web1","app":"useradd","pid":3200,"facility":null,"severity":null,"uid":1001,"gid":1001,"home":"/home/bob","shell":"/bin/bash","from":"/dev/pts/0"}"#),
        .init(name: "useradd new group", header: "Oct  3 09:15:02 web1 useradd[3200]: ", msg: "new group: name=bob, GID=1001",
              action: "group.create", outcome: .success, actor: "useradd", resource: "group:bob",
              attributes: #"{"host":"web1","app":"useradd","pid":3200,"facility":null,"severity":null,"gid":1001}"#),
        .init(name: "groupadd group added", header: "Oct  3 09:15:02 web1 groupadd[3300]: ", msg: "group added to /etc/group: name=devs, GID=1002",
              action: "group.create", outcome: .success, actor: "groupadd", resource: "group:devs",
              attributes: #"{"host":"web1","app":"groupadd","pid":3300,"facility":null,"severity":null,"database":"/etc/group","gid":1002}"#),
        .init(name: "usermod add to group", header: "Oct  3 09:15:02 web1 usermod[3400]: ", msg: "add 'bob' to group 'sudo'",
              action: "group.member-add", outcome: .success, actor: "usermod", resource: "group:sudo",
              attributes: #"{"host":"web1","app":"usermod","pid":3400,"facility":null,"severity":null,"member":"bob","shadow":false}"#),
        .init(name: "usermod add to shadow group", header: "Oct  3 09:15:02 web1 usermod[3400]: ", msg: "add 'bob' to shadow group 'sudo'",
              action: "group.member-add", outcome: .success, actor: "usermod", resource: "group:sudo",
              attributes: #"{"host":"web1","app":"usermod","pid":3400,"facility":null,"severity":null,"member":"bob","shadow":true}"#),
        .init(name: "usermod change shell", header: "Oct  3 09:15:02 web1 usermod[3401]: ", msg: "change user 'bob' shell from '/bin/sh' to '/bin/bash'",
              action: "user.modify", outcome: .success, actor: "usermod", resource: "bob",
              attributes: #"{"host":"web1","app":"usermod","pid":3401,"facility":null,"severity":null,"field":"shell","oldValue":"/bin/sh","newValue":"/bin/bash"}"#),
        .init(name: "usermod lock", header: "Oct  3 09:15:02 web1 usermod[3402]: ", msg: "lock user 'bob' password",
              action: "user.lock", outcome: .success, actor: "usermod", resource: "bob",
              attributes: #"{"host":"web1","app":"usermod","pid":3402,"facility":null,"severity":null}"#),
        .init(name: "usermod change password", header: "Oct  3 09:15:02 web1 usermod[3403]: ", msg: "change user 'bob' password",
              action: "user.password-change", outcome: .success, actor: "usermod", resource: "bob",
              attributes: #"{"host":"web1","app":"usermod","pid":3403,"facility":null,"severity":null}"#),
        .init(name: "userdel delete user", header: "Oct  3 09:15:02 web1 userdel[3500]: ", msg: "delete user 'bob'",
              action: "user.delete", outcome: .success, actor: "userdel", resource: "bob",
              attributes: #"{"host":"web1","app":"userdel","pid":3500,"facility":null,"severity":null}"#),
        .init(name: "userdel removed group", header: "Oct  3 09:15:02 web1 userdel[3500]: ", msg: "removed group 'bob' owned by 'bob'",
              action: "group.delete", outcome: .success, actor: "userdel", resource: "group:bob",
              attributes: #"{"host":"web1","app":"userdel","pid":3500,"facility":null,"severity":null,"owner":"bob","shadow":false}"#),
        .init(name: "groupdel group removed", header: "Oct  3 09:15:02 web1 groupdel[3600]: ", msg: "group 'devs' removed from /etc/group",
              action: "group.delete", outcome: .success, actor: "groupdel", resource: "group:devs",
              attributes: #"{"host":"web1","app":"groupdel","pid":3600,"facility":null,"severity":null,"database":"/etc/group"}"#),
        .init(name: "passwd pam password changed", header: "Oct  3 09:15:02 web1 passwd[3700]: ",
              msg: "pam_unix(passwd:chauthtok): password changed for bob",
              action: "user.password-change", outcome: .success, actor: "passwd", resource: "bob",
              attributes: #"{"host":"web1","app":"passwd","pid":3700,"facility":null,"severity":null}"#),
        .init(name: "passwd changed by root", header: "Oct  3 09:15:02 web1 passwd[3701]: ", msg: "password for 'bob' changed by 'root'",
              action: "user.password-change", outcome: .success, actor: "root", resource: "bob",
              attributes: #"{"host":"web1","app":"passwd","pid":3701,"facility":null,"severity":null}"#),
        .init(name: "chpasswd pam password changed", header: "Oct  3 09:15:02 web1 chpasswd[3800]: ",
              msg: "pam_unix(chpasswd:chauthtok): password changed for carol",
              action: "user.password-change", outcome: .success, actor: "chpasswd", resource: "carol",
              attributes: #"{"host":"web1","app":"chpasswd","pid":3800,"facility":null,"severity":null}"#),
        .init(name: "gpasswd member added by", header: "Oct  3 09:15:02 web1 gpasswd[3900]: ", msg: "user bob added by alice to group docker",
              action: "group.member-add", outcome: .success, actor: "alice", resource: "group:docker",
              attributes: #"{"host":"web1","app":"gpasswd","pid":3900,"facility":null,"severity":null,"member":"bob","shadow":false}"#),
        // other messages
        .init(name: "cron command", header: "<78>Oct  3 09:15:02 web1 CRON[6001]: ",
              msg: "(root) CMD (cd / && run-parts --report /etc/cron.hourly)", action: "cron.message",
              attributes: #"{"host":"web1","app":"CRON","pid":6001,"facility":"cron","severity":"info"}"#),
        .init(name: "cron pam session", header: "Oct  3 09:15:02 web1 CRON[6001]: ",
              msg: "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
              action: "cron.session-open", outcome: .success, actor: "root", resource: "root",
              attributes: #"{"host":"web1","app":"CRON","pid":6001,"facility":null,"severity":null,"user":"root","uid":0,"byUid":0}"#),
        .init(name: "systemd-logind other message", header: "Oct  3 09:15:02 web1 systemd-logind[612]: ", msg: "New session 42 of user alice.",
              action: "systemd-logind.message",
              attributes: #"{"host":"web1","app":"systemd-logind","pid":612,"facility":null,"severity":null}"#),
        .init(name: "no tag", header: "Oct  3 09:15:02 web1 ", msg: "last message repeated 3 times", action: "syslog.message",
              attributes: #"{"host":"web1","app":null,"pid":null,"facility":null,"severity":null}"#),
        .init(name: "unparsed sshd message", header: sshd, msg: "Server listening on 0.0.0.0 port 22.", action: "sshd.message",
              attributes: "{\(sshdAttrs)}"),
        // RFC 5424
        .init(name: "RFC 5424 with structured data and BOM",
              header: #"<34>1 2026-10-03T09:15:02.123456Z web1.example.com sshd 4242 ID47 [exampleSDID@32473 iut="3" eventSource="App\"lication\]" eventID="1011"][origin ip="10.0.0.1" ip="10.0.0.2"] "# + "\u{FEFF}",
              msg: "Accepted publickey for alice from 203.0.113.5 port 50122 ssh2: ED25519 \(fp)",
              action: "ssh.login", outcome: .success, actor: "alice", origin: "203.0.113.5",
              time: "2026-10-03T09:15:02.123456Z", clock: nil,
              attributes: "{\"host\":\"web1.example.com\",\"app\":\"sshd\",\"pid\":4242,\"facility\":\"auth\",\"severity\":\"crit\",\"msgid\":\"ID47\",\"structuredData\":{\"exampleSDID@32473\":{\"iut\":\"3\",\"eventSource\":\"App\\\"lication]\",\"eventID\":\"1011\"},\"origin\":{\"ip\":[\"10.0.0.1\",\"10.0.0.2\"]}},\"method\":\"publickey\",\"port\":50122,\"keyType\":\"ED25519\",\"keyFingerprint\":\"\(fp)\"}"),
        .init(name: "RFC 5424 without structured data", header: "<165>1 2026-10-03T11:15:02.5+02:00 app1 payments - - - ",
              msg: "Card vault key rotated", action: "payments.message",
              time: "2026-10-03T09:15:02.500000Z", clock: nil,
              attributes: #"{"host":"app1","app":"payments","pid":null,"facility":"local4","severity":"notice","msgid":null}"#),
        .init(name: "RFC 5424 sudo with a non-numeric PROCID", header: "<85>1 2026-10-03T09:15:02Z web1 sudo p-7 - - ",
              msg: "alice : TTY=pts/0 ; PWD=/root ; USER=postgres ; COMMAND=/usr/bin/psql",
              action: "sudo.command", outcome: .success, actor: "alice", resource: "postgres", clock: nil,
              attributes: #"{"host":"web1","app":"sudo","pid":"p-7","facility":"authpriv","severity":"notice","msgid":null,"tty":"pts/0","pwd":"/root","command":"/usr/bin/psql"}"#),
        .init(name: "RFC 5424 nil time and no MSG", header: "<14>1 - - - - - -", msg: "", action: "syslog.message",
              time: "2026-10-03T12:00:00.000000Z", clock: "received",
              attributes: #"{"host":null,"app":null,"pid":null,"facility":"user","severity":"info","msgid":null}"#),
        // rsyslog high precision
        .init(name: "rsyslog high-precision sshd", header: "2026-10-03T11:15:02.123456+02:00 web1 sshd[4242]: ",
              msg: "Failed publickey for git from 192.0.2.70 port 2201 ssh2", action: "ssh.login", outcome: .failure,
              actor: "git", origin: "192.0.2.70", time: "2026-10-03T09:15:02.123456Z", clock: nil,
              attributes: "{\(sshdAttrs),\"method\":\"publickey\",\"port\":2201,\"invalidUser\":false}"),
        .init(name: "rsyslog high-precision sudo with PRI", header: "<86>2026-10-03T09:15:02.000001Z web1 sudo: ",
              msg: "    bob : TTY=pts/3 ; PWD=/srv ; USER=www-data ; ENV=A=1 ; COMMAND=/usr/bin/php artisan migrate",
              action: "sudo.command", outcome: .success, actor: "bob", resource: "www-data",
              time: "2026-10-03T09:15:02.000001Z", clock: nil,
              attributes: #"{"host":"web1","app":"sudo","pid":null,"facility":"authpriv","severity":"info","tty":"pts/3","pwd":"/srv","env":"A=1","command":"/usr/bin/php artisan migrate"}"#),
    ]

    @Test(arguments: cases)
    func mapsLine(_ c: SyslogCase) throws {
        let e = try Self.parse(c.line)
        #expect(e.action == c.action)
        #expect(e.outcome == c.outcome)
        #expect(e.actor == c.actor)
        #expect(e.resource == c.resource)
        #expect(e.origin == c.origin)
        #expect(e.time.rfc3339 == c.time)
        #expect(e.clock == c.clock)
        #expect(e.id == nil)
        #expect(e.session == nil)
        #expect(e.source == "auth-log")
        #expect(e.format == "syslog")
        #expect(e.received == Self.received)
        #expect(e.raw == c.line)
        #expect(!e.rawIsBase64)
        var expected = try JSONParser.parse(c.attributes).objectMembers ?? []
        expected.append(("message", .string(c.msg)))
        #expect(Self.canonical(.object(e.attributes)) == Self.canonical(.object(expected)))
        // The stored line reads back as the same event.
        #expect(try TrailEvent.decode(line: e.canonicalLine()) == e)
    }

    @Test func structuredDataEscapes() throws {
        let e = try Self.parse(#"<13>1 2026-10-03T09:15:02Z h app - - [a@1 p="x\\y" q="back\slash" r="\"q\"" s="" t="]\]"] m"#)
        let sd = e.attributes.first { $0.0 == "structuredData" }?.1
        #expect(sd?["a@1"]?["p"] == .string(#"x\y"#))
        #expect(sd?["a@1"]?["q"] == .string(#"back\slash"#))
        #expect(sd?["a@1"]?["r"] == .string(#""q""#))
        #expect(sd?["a@1"]?["s"] == .string(""))
        #expect(sd?["a@1"]?["t"] == .string("]]"))
        #expect(e.attributes.first { $0.0 == "message" }?.1 == .string("m"))
    }

    @Test func parserIdentity() throws {
        let p = SyslogParser()
        #expect(p.format == "syslog")
        let prepared = try Array("Oct  3 09:15:02 web1 cron[1]: x".utf8).withUnsafeBytes { try p.prepare($0, context: Self.context) }
        #expect(try TrailEvent.decode(line: prepared.line).action == "cron.message")
    }

    @Test func trailingCarriageReturnStaysInRawOnly() throws {
        let line = "Oct  3 09:15:02 web1 sshd[9]: Invalid user pi from 192.0.2.3 port 22\r"
        let e = try Self.parse(line)
        #expect(e.raw == line)
        #expect(e.origin == "192.0.2.3")
        #expect(e.attributes.first { $0.0 == "message" }?.1 == .string("Invalid user pi from 192.0.2.3 port 22"))
    }

    // MARK: year inference and zones

    static func at(_ y: Int64, _ mo: Int64, _ d: Int64, _ h: Int64 = 0, _ mi: Int64 = 0) -> Timestamp {
        .utc(year: y, month: mo, day: d, hour: h, minute: mi)
    }

    /// (line time, received, zone, expected UTC time).
    static let years: [(String, Timestamp, String?, String)] = [
        ("Dec 31 23:59:58", at(2027, 1, 2, 8), nil, "2026-12-31T23:59:58.000000Z"),   // last December read in January
        ("Jan  5 10:00:00", at(2026, 6, 1), nil, "2026-01-05T10:00:00.000000Z"),      // same year, in the past
        ("Oct  4 11:00:00", at(2026, 10, 3, 12), nil, "2026-10-04T11:00:00.000000Z"), // < 1 day ahead: same year
        ("Oct  4 12:00:01", at(2026, 10, 3, 12), nil, "2025-10-04T12:00:01.000000Z"), // > 1 day ahead: last year
        ("Feb 29 10:00:00", at(2028, 3, 1), nil, "2028-02-29T10:00:00.000000Z"),      // leap year
        ("Feb 29 10:00:00", at(2029, 1, 3), nil, "2028-02-29T10:00:00.000000Z"),      // not in 2029: 2028
        ("Feb 29 10:00:00", at(2029, 3, 3), nil, "2028-02-29T10:00:00.000000Z"),      // not in 2029: 2028
        ("Jan  1 00:20:00", at(2026, 12, 31, 23, 30), "Europe/Berlin", "2026-12-31T23:20:00.000000Z"), // year in the zone
        ("Dec 31 23:50:00", at(2026, 12, 31, 23, 30), "Europe/Berlin", "2026-12-31T22:50:00.000000Z"),
        ("Jul  1 10:00:00", at(2026, 7, 1, 12), "Europe/Berlin", "2026-07-01T08:00:00.000000Z"),      // CEST
        ("Jan 15 10:00:00", at(2026, 7, 1, 12), "Europe/Berlin", "2026-01-15T09:00:00.000000Z"),      // CET
        ("Mar 29 03:30:00", at(2026, 7, 1, 12), "Europe/Berlin", "2026-03-29T01:30:00.000000Z"),      // just after the spring gap
        ("Oct  3 09:15:02.250", at(2026, 10, 3, 12), nil, "2026-10-03T09:15:02.250000Z"),             // fractional BSD time
        ("Oct  3 23:59:60", at(2026, 10, 4), nil, "2026-10-03T23:59:59.999999Z"),                    // leap second clamped
    ]

    @Test(arguments: years)
    func inferredYearAndZone(_ time: String, _ received: Timestamp, _ zone: String?, _ expected: String) throws {
        let context = ParseContext(source: "auth-log", received: received, timeZone: zone.flatMap { TimeZone(identifier: $0) })
        let e = try Self.parse("\(time) host cron[1]: tick", context: context)
        #expect(e.time.rfc3339 == expected)
        #expect(e.clock == "assumed:" + (zone ?? "UTC"))
    }

    @Test func zoneDoesNotApplyToTimesWithOffsets() throws {
        let berlin = ParseContext(source: "auth-log", received: Self.received, timeZone: TimeZone(identifier: "Europe/Berlin"))
        let withOffset = try Self.parse("2026-07-01T10:00:00.5Z host app: x", context: berlin)
        #expect(withOffset.time.rfc3339 == "2026-07-01T10:00:00.500000Z")
        #expect(withOffset.clock == nil)
        let zoneless = try Self.parse("2026-07-01T10:00:00.5 host app: x", context: berlin)
        #expect(zoneless.time.rfc3339 == "2026-07-01T08:00:00.500000Z")
        #expect(zoneless.clock == "assumed:Europe/Berlin")
        let rfc5424 = try Self.parse("<13>1 2026-07-01T10:00:00 host app - - - x", context: berlin)
        #expect(rfc5424.time.rfc3339 == "2026-07-01T08:00:00.000000Z")
        #expect(rfc5424.clock == "assumed:Europe/Berlin")
    }

    // MARK: bytes that are not UTF-8

    @Test func nonUTF8LineKeepsBase64Raw() throws {
        let bytes = Array("Oct  3 09:15:02 web1 sshd[4242]: Invalid user ".utf8) + [0xC3, 0x28, 0xFF]
            + Array(" from 192.0.2.9 port 2222".utf8)
        let e = try Self.parse(bytes: bytes)
        #expect(e.rawIsBase64)
        #expect(e.raw == Data(bytes).base64EncodedString())
        #expect(Data(base64Encoded: e.raw).map(Array.init) == bytes)
        #expect(e.action == "ssh.invalid-user")
        #expect(e.origin == "192.0.2.9")
        #expect(e.actor == "\u{FFFD}(\u{FFFD}")
        let line = String(decoding: e.canonicalLine(), as: UTF8.self)
        #expect(line.contains(#""rawEncoding":"base64""#))
        #expect(try TrailEvent.decode(line: e.canonicalLine()) == e)
    }

    @Test func latin1InStructuredData() throws {
        let bytes = Array(#"<13>1 2026-10-03T09:15:02Z h app - - [x@1 name=""#.utf8) + [0x4A, 0xE9, 0x72]
            + Array(#""] caf"#.utf8) + [0xE9]
        let e = try Self.parse(bytes: bytes)
        #expect(e.rawIsBase64)
        #expect(e.raw == Data(bytes).base64EncodedString())
        let sd = e.attributes.first { $0.0 == "structuredData" }?.1
        #expect(sd?["x@1"]?["name"] == .string("J\u{FFFD}r"))
    }

    // MARK: refused lines

    static let refused: [(String, String, Int)] = [
        ("", "expected a syslog header (PRI, month name or timestamp) at byte 0, found an empty line", 0),
        ("hello world", "expected a month name (Jan-Dec) or an RFC 3339 timestamp at byte 0", 0),
        ("<999>Oct  3 09:15:02 h a: b", "expected a priority 0-191 after '<' at byte 1", 1),
        ("<34Oct  3 09:15:02 h a: b", "expected '>' closing the priority at byte 3", 3),
        ("<34>Foo  3 09:15:02 h a: b", "expected a month name (Jan-Dec) or an RFC 3339 timestamp at byte 4", 4),
        ("Oct 33 09:15:02 h a: b", "expected a day of the month (1-31) at byte 4", 4),
        ("Oct  3 9:15:02 h a: b", "expected a time of day hh:mm:ss at byte 7", 7),
        ("Oct  3 25:15:02 h a: b", "expected a time of day hh:mm:ss at byte 7", 7),
        ("Oct  3 09:15:02", "expected a space before the hostname at byte 15", 15),
        ("Oct  3 09:15:02 ", "expected a hostname at byte 16", 16),
        ("Feb 30 10:00:00 h a: b", "expected a date that exists in 2026 or 2025 (the years near the received time) at byte 0, found Feb 30", 0),
        ("2026-13-01T00:00:00Z host x: y", "expected an RFC 3339 timestamp at byte 0", 0),
        ("<34>2 2026-10-03T09:15:02Z host app - - - m", "expected syslog protocol version 1 at byte 4, found 2", 4),
        ("<34>1 yesterday host app - - - m", "expected an RFC 3339 timestamp at byte 6", 6),
        ("<34>1 2026-10-03T09:15:02Z host", "expected a space before APP-NAME at byte 31", 31),
        ("<34>1 2026-10-03T09:15:02Z host app - - x m", "expected structured data ('[' or '-') at byte 40", 40),
        (#"<34>1 2026-10-03T09:15:02Z host app - - [id a="x] m"#, #"expected '"' closing the value opened at byte 46"#, 46),
        (#"<34>1 2026-10-03T09:15:02Z host app - - [id a="x""#, "expected ']' or a parameter in element id at byte 49", 49),
        (#"<34>1 2026-10-03T09:15:02Z host app - - [id a=x] m"#, #"expected '"' opening the value of a at byte 46"#, 46),
        ("<34>1 2026-10-03T09:15:02Z host app - - [] m", "expected an SD-ID after '[' at byte 41", 41),
        ("<34>1 2026-10-03T09:15:02Z host app - - -m", "expected a space before MSG at byte 41", 41),
    ]

    @Test(arguments: refused)
    func refusesLine(_ line: String, _ reason: String, _ offset: Int) {
        let f = Self.failure(line)
        #expect(f?.reason == reason)
        #expect(f?.offset == offset)
    }

    @Test func feb29WithNoLeapYearNearby() {
        let jan2028 = ParseContext(source: "auth-log", received: Self.at(2028, 1, 10))
        #expect(Self.failure("Feb 29 10:00:00 h a: b", context: jan2028)?.reason
            == "expected a date that exists in 2028 or 2027 (the years near the received time) at byte 0, found Feb 29")
        let mar2027 = ParseContext(source: "auth-log", received: Self.at(2027, 3, 1))
        #expect(Self.failure("Feb 29 10:00:00 h a: b", context: mar2027)?.offset == 0)
    }
}
