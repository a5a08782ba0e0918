import Foundation
import TrailModel

/// The systemd journal as `journalctl` exports it: `journald-export` (`-o export`: `NAME=value` lines,
/// binary-safe fields as `NAME\n` + 64-bit little-endian length + bytes + `\n`, records separated by an
/// empty line) and `journald-json` (`-o json`: one object per line; a byte array is a binary field, an
/// array of strings or byte arrays a repeated field, null a field too large to show).
///
/// | field | from |
/// | --- | --- |
/// | `time` | `__REALTIME_TIMESTAMP` (µs since the epoch); without it `received`, with `clock: "received"` |
/// | `id` | `__CURSOR` |
/// | `actor` | the message rule's user, else `uid:N` from `_UID` |
/// | `action` | the message rule's action, else `<SYSLOG_IDENTIFIER>.message` (else `<_COMM>.message`, else `journal.message`) |
/// | `resource` | the message rule's resource, else `_SYSTEMD_UNIT` |
/// | `outcome` | the message rule's outcome, else `unknown` |
/// | `origin` | the client address a message rule reads (never `_HOSTNAME`) |
/// | `session` | `_BOOT_ID` |
///
/// **Message rules** are the syslog parser's (`SyslogParser`, same table), applied to `MESSAGE` with
/// `SYSLOG_IDENTIFIER` (else `_COMM`) as the app: e.g. sshd `Accepted publickey for alice from 10.0.0.5
/// port 22 ssh2` → `ssh.login` success, actor `alice`, origin `10.0.0.5`; `Failed password for invalid
/// user bob from …` → `ssh.login` failure; `pam_unix(sudo:session): session opened for user root(uid=0)
/// by alice(uid=1000)` → `sudo.session-open`. So auth events read the same from journal and syslog.
///
/// **Attributes** are every journal field in first-seen order except the four consumed ones
/// (`__REALTIME_TIMESTAMP`, `__CURSOR`, `_BOOT_ID`, and `_UID` / `_SYSTEMD_UNIT` when they became the
/// actor / resource), then the rule's attributes (`method`, `port`, …). A value is a string; a repeated
/// field is an array of its values in order; a binary field whose bytes are UTF-8 is a string (so both
/// layouts agree), otherwise **`{"base64": "…"}`**; a null (json) stays null.
///
/// `raw` is the record's exact bytes: for export, from its first field through the newline of its last
/// (not the separating empty line); for json, the line without its line break. Binary fields (and
/// their length bytes) often make an export record non-UTF-8: then `raw` is base64 with `rawIsBase64`.
public struct JournaldParser: Sendable {
    /// The two `journalctl` output modes.
    public enum Layout: String, Sendable, CaseIterable {
        case export = "journald-export"
        case json = "journald-json"
    }

    /// `journald-export` or `journald-json`.
    public let format: String
    public let layout: Layout

    /// The export-format reader.
    public init() { self.init(layout: .export) }

    public init(layout: Layout) { self.layout = layout; format = layout.rawValue }

    /// Splits a whole input into records and maps each; returns, in order, for each record either its
    /// event or a failure with the record's byte offset, line number and exact bytes.
    public func records(in input: UnsafeRawBufferPointer, context: ParseContext) -> [Result<TrailEvent, RecordFailure>] {
        var out: [Result<TrailEvent, RecordFailure>] = []
        var lines = RecordLineCounter(input)
        func emit(_ start: Int, _ end: Int, _ fields: Result<[JournaldField], ParseFailure>) {
            let bytes = UnsafeRawBufferPointer(rebasing: input[start..<end])
            let line = lines.line(at: start)
            do {
                out.append(.success(try map(fields.get(), raw: bytes, context: context)))
            } catch {
                out.append(.failure(RecordFailure(offset: start, line: line, reason: error.description, bytes: Array(bytes))))
            }
        }
        switch layout {
        case .export: JournaldSplit.export(input, emit)
        case .json: JournaldSplit.json(input, emit)
        }
        return out
    }

    /// Maps one record's fields (see the table above).
    func map(_ fields: [JournaldField], raw: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> TrailEvent {
        func first(_ name: String) -> String? {
            for f in fields where f.name == name { return f.value.text }
            return nil
        }
        var time = context.received
        var clock: String? = "received"
        if let t = first("__REALTIME_TIMESTAMP") {
            guard !t.isEmpty, t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let micros = Int64(t) else {
                throw ParseFailure("__REALTIME_TIMESTAMP is not a number of microseconds")
            }
            time = Timestamp(micros: micros); clock = nil
        }
        var consumed: Set<String> = ["__REALTIME_TIMESTAMP", "__CURSOR", "_BOOT_ID"]
        let app = first("SYSLOG_IDENTIFIER") ?? first("_COMM")
        let match = first("MESSAGE").flatMap { SyslogRules.interpret(app: app?.lowercased(), message: Substring($0)) }

        var actor = match?.actor
        if actor == nil, let uid = first("_UID") { actor = "uid:" + uid; consumed.insert("_UID") }
        var resource = match?.resource
        if resource == nil, let unit = first("_SYSTEMD_UNIT") { resource = unit; consumed.insert("_SYSTEMD_UNIT") }

        var grouped: [(name: String, values: [JSONValue], array: Bool)] = []
        var index: [String: Int] = [:]
        for f in fields where !consumed.contains(f.name) {
            if let k = index[f.name] {
                grouped[k].values.append(f.value.json); grouped[k].array = true
            } else {
                index[f.name] = grouped.count
                grouped.append((f.name, [f.value.json], f.repeated))
            }
        }
        var attributes = grouped.map { g in (g.name, g.array ? JSONValue.array(g.values) : g.values[0]) }
        attributes += match?.attributes ?? []
        let (rawText, rawIsBase64) = raw.trailRaw
        return TrailEvent(
            id: first("__CURSOR"), time: time, received: context.received, source: context.source, format: format,
            actor: actor, action: match?.action ?? ((app ?? "journal") + ".message"), resource: resource,
            outcome: match?.outcome ?? .unknown, origin: match?.origin, session: first("_BOOT_ID"),
            attributes: attributes, raw: rawText, rawIsBase64: rawIsBase64, clock: clock)
    }
}

/// One journal field as read from either layout.
struct JournaldField {
    enum Value {
        case text(String)
        case bytes([UInt8])
        case null

        /// The value as text when it is UTF-8.
        var text: String? {
            switch self {
            case let .text(s): return s
            case let .bytes(b): return String(validating: b, as: UTF8.self)
            case .null: return nil
            }
        }

        /// The attribute value: a string, `{"base64": …}` for non-UTF-8 bytes, or null.
        var json: JSONValue {
            switch self {
            case let .text(s): return .string(s)
            case let .bytes(b):
                if let s = String(validating: b, as: UTF8.self) { return .string(s) }
                return .object([("base64", .string(Data(b).base64EncodedString()))])
            case .null: return .null
            }
        }
    }

    var name: String
    var value: Value
    /// True when the json layout gave this field as an array of values (so one value still makes an array).
    var repeated = false
}
