@testable import Collectors
import Testing

/// The syslog rules' cursor on bytes (plain ASCII messages) against the same cursor on `Character`s:
/// every operation must give the same text and leave the same rest, on many messages.
@Suite struct SyslogTextTests {
    static let messages: [String] = [
        "Accepted publickey for alice from 10.0.0.1 port 51022 ssh2: ED25519 SHA256:abc",
        "Failed password for invalid user bob from 2001:db8::1 port 22 ssh2",
        "Disconnected from authenticating user root 203.0.113.9 port 4242 [preauth]",
        "Received disconnect from 198.51.100.7 port 5050:11: disconnected by user",
        "pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)",
        "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls 'x y'",
        "new user: name=svc, UID=1001, GID=1001, home=/home/svc, shell=/bin/bash, from=/dev/pts/0",
        "", " ", "  for  from  port  ", "port 12ab 34", "'quoted' rest", "'unterminated",
        "café for é from x port 1", "e\u{301} from a port 9", "tab\there from x port 7", "a\r\nb from c port 1",
        "Accepted\u{301} for x", " [preauth]", "x [preauth]\u{301}",
    ]

    static let seps = [" for ", " from ", " port ", ":", " ", "'", ") ", " by ", "x"]
    static let prefixes = ["Accepted ", "Failed ", "pam_unix(", "alice", "", " ", "é", "e"]

    /// One script of cursor operations, written out as text for comparison.
    static func run(_ t: inout SyslogText, script: Int) -> [String] {
        var log: [String] = []
        for step in 0..<8 {
            let k = (script * 7 + step * 3) % 9
            switch k {
            case 0: log.append("skip \(t.skip(prefixes[(script + step) % prefixes.count]))")
            case 1: log.append("upTo \(t.upTo(seps[(script + step) % seps.count]).map(String.init) ?? "nil")")
            case 2: log.append("upToLast \(t.upToLast(seps[(script * 3 + step) % seps.count]).map(String.init) ?? "nil")")
            case 3: log.append("word \(t.word())")
            case 4: log.append("digits \(t.digits())")
            case 5: log.append("quoted \(t.quoted().map(String.init) ?? "nil")")
            case 6: log.append("suffix \(t.hasSuffix(" [preauth]")) \(t.hasSuffix(""))")
            case 7: log.append("prefix \(t.hasPrefix(prefixes[step % prefixes.count]))")
            default: log.append("after \(t.after(seps[step % seps.count])?.s.description ?? "nil")")
            }
            log.append("rest " + String(t.s))
        }
        return log
    }

    @Test(arguments: messages)
    func piecesMatchSplit(_ message: String) {
        for variant in [message, " ; a ;  ; b ; ", message + " ; x=1 ;", "  " + message + "  "] {
            let t = SyslogText(Substring(variant))
            for sep in [" ; ", " ", "=", "ab"] {
                guard let pieces = t.bytePieces(of: t.s, separatedBy: sep) else { continue }
                #expect(pieces == t.s.split(separator: sep), "\(variant) by '\(sep)'")
                if sep == " " { #expect(pieces == t.s.split(separator: " " as Character), "\(variant)") }
            }
        }
    }

    @Test(arguments: messages)
    func bytesAndCharactersAgree(_ message: String) {
        for variant in [message, message + " from 1.2.3.4 port 22", "x " + message, message.uppercased()] {
            for script in 0..<40 {
                var fast = SyslogText(Substring(variant))
                var slow = SyslogText(Substring(variant), bytewise: false)
                #expect(Self.run(&fast, script: script) == Self.run(&slow, script: script), "\(variant) script \(script)")
            }
        }
    }
}
