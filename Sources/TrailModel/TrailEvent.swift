/// The outcome of an audited action.
public enum Outcome: String, Sendable, Codable, CaseIterable {
    case success, failure, unknown

    /// Reads the words and values sources use for an outcome (`ok`, `denied`, `true`, HTTP 403, …).
    public static func normalize(_ value: JSONValue?) -> Outcome {
        guard let value else { return .unknown }
        switch value {
        case let .bool(b): return b ? .success : .failure
        case let .number(n):
            if let code = Int(n), code >= 100 && code <= 599 { return code < 400 ? .success : .failure }
            return .unknown
        case let .string(s): return normalize(word: s)
        default: return .unknown
        }
    }

    /// The raw value as a literal (no String traffic on the hot path).
    public var literal: StaticString {
        switch self {
        case .success: return "success"
        case .failure: return "failure"
        case .unknown: return "unknown"
        }
    }

    /// Maps an outcome word given as ASCII bytes, case-insensitively (same result as `normalize(word:)`
    /// without building and lowercasing a string for the short words sources use).
    public static func normalize(ascii word: UnsafeRawBufferPointer) -> Outcome {
        guard word.count <= 15 else { return normalize(word: String(decoding: word, as: UTF8.self)) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { lower in
            for (k, c) in word.enumerated() { lower[k] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
            return classify(lowercased: String(decoding: UnsafeBufferPointer(rebasing: lower[0..<word.count]), as: UTF8.self))
        }
    }

    /// Maps an outcome word, case-insensitively.
    public static func normalize(word: String) -> Outcome {
        classify(lowercased: word.lowercased())
    }

    private static func classify(lowercased word: String) -> Outcome {
        switch word {
        case "success", "succeeded", "successful", "ok", "allowed", "allow", "approved", "accepted",
             "authorized", "passed", "pass", "true", "granted", "completed", "done":
            return .success
        case "failure", "failed", "fail", "error", "denied", "deny", "rejected", "declined", "unauthorized",
             "forbidden", "blocked", "false", "refused", "invalid", "timeout", "expired":
            return .failure
        default:
            if let code = Int(word), code >= 100 && code <= 599 { return code < 400 ? .success : .failure }
            return .unknown
        }
    }
}

/// One normalized audit record (DESIGN.md, "The event"): who did what, when, where, with what
/// outcome, to what, plus the original bytes.
public struct TrailEvent: Sendable, Equatable {
    public var id: String?
    public var time: Timestamp
    public var received: Timestamp
    public var source: String
    public var format: String
    public var actor: String?
    public var action: String?
    public var resource: String?
    public var outcome: Outcome
    public var origin: String?
    public var session: String?
    /// The remaining structured fields, as a JSON object's members.
    public var attributes: [(String, JSONValue)]
    /// The original record, byte-exact when `rawIsBase64` is false.
    public var raw: String
    /// True when `raw` is base64 of bytes that were not UTF-8 (`rawEncoding: "base64"`).
    public var rawIsBase64: Bool
    /// True when `raw` is a personal-data token holding the original record encrypted under its
    /// data subject's key (`rawEncoding: "encrypted"`; see docs/privacy.md).
    public var rawIsEncrypted: Bool
    /// Where the time's zone came from when the source gave none (e.g. `assumed:Europe/Berlin`), or
    /// `received` when the source had no time at all.
    public var clock: String?

    public init(id: String?, time: Timestamp, received: Timestamp, source: String, format: String,
                actor: String? = nil, action: String? = nil, resource: String? = nil, outcome: Outcome = .unknown,
                origin: String? = nil, session: String? = nil, attributes: [(String, JSONValue)] = [],
                raw: String, rawIsBase64: Bool = false, clock: String? = nil, rawIsEncrypted: Bool = false) {
        self.id = id; self.time = time; self.received = received; self.source = source; self.format = format
        self.actor = actor; self.action = action; self.resource = resource; self.outcome = outcome
        self.origin = origin; self.session = session; self.attributes = attributes
        self.raw = raw; self.rawIsBase64 = rawIsBase64; self.clock = clock; self.rawIsEncrypted = rawIsEncrypted
    }

    public static func == (a: TrailEvent, b: TrailEvent) -> Bool {
        a.canonicalLine() == b.canonicalLine()
    }

    /// The event's line in a segment: canonical JSON, keys sorted, no newline.
    ///
    /// Keys always present: `action actor attributes format id origin outcome raw received resource
    /// session source time` (null when unknown); `clock` and `rawEncoding` (`base64` or `encrypted`)
    /// only when they apply.
    public func canonicalLine() -> [UInt8] {
        let w = ByteWriter(capacity: raw.utf8.count * 2 + 512)
        writeCanonical(into: w)
        return w.array()
    }

    /// Appends the canonical line (without newline) to `out`.
    public func writeCanonical(into out: inout [UInt8]) {
        out.append(contentsOf: canonicalLine())
    }

    /// Appends the canonical line (without newline) to a writer.
    public func writeCanonical(into out: ByteWriter) {
        func opt(_ v: String?) {
            if let v { out.appendJSONString(v) } else { out.append("null") }
        }
        out.append("{\"action\":"); opt(action)
        out.append(",\"actor\":"); opt(actor)
        out.append(",\"attributes\":"); CanonicalJSON.write(.object(attributes), into: out)
        if let clock { out.append(",\"clock\":"); out.appendJSONString(clock) }
        out.append(",\"format\":"); out.appendJSONString(format)
        out.append(",\"id\":"); opt(id)
        out.append(",\"origin\":"); opt(origin)
        out.append(",\"outcome\":\""); out.append(outcome.literal); out.append(0x22)
        out.append(",\"raw\":"); out.appendJSONString(raw)
        if rawIsBase64 { out.append(",\"rawEncoding\":\"base64\"") } else if rawIsEncrypted { out.append(",\"rawEncoding\":\"encrypted\"") }
        out.append(",\"received\":\""); received.writeRFC3339(into: out)
        out.append("\",\"resource\":"); opt(resource)
        out.append(",\"session\":"); opt(session)
        out.append(",\"source\":"); out.appendJSONString(source)
        out.append(",\"time\":\""); time.writeRFC3339(into: out)
        out.append("\"}")
    }

    /// Reads an event back from its segment line. The members are read in one pass (the first of a
    /// repeated key counts, as `JSONValue`'s subscript does).
    public static func decode(line: [UInt8]) throws -> TrailEvent {
        let v: JSONValue
        do { v = try JSONParser.parse(line) } catch { throw TrailModelError.invalidEventLine(reason: error.description) }
        guard case let .object(members) = v else { throw TrailModelError.invalidEventLine(reason: "not a JSON object") }
        var id, time, received, source, format, actor, action, resource, outcome, origin, session, raw, rawEncoding, clock: String?
        var attributes: JSONValue?
        @inline(__always) func set(_ slot: inout String?, _ value: JSONValue) { if slot == nil { slot = value.scalarText } }
        for (k, value) in members {
            switch k {
            case "action": set(&action, value)
            case "actor": set(&actor, value)
            case "attributes": if attributes == nil { attributes = value }
            case "clock": set(&clock, value)
            case "format": set(&format, value)
            case "id": set(&id, value)
            case "origin": set(&origin, value)
            case "outcome": set(&outcome, value)
            case "raw": set(&raw, value)
            case "rawEncoding": set(&rawEncoding, value)
            case "received": set(&received, value)
            case "resource": set(&resource, value)
            case "session": set(&session, value)
            case "source": set(&source, value)
            case "time": set(&time, value)
            default: break
            }
        }
        func need(_ s: String?, _ k: String) throws -> String {
            guard let s else { throw TrailModelError.invalidEventLine(reason: "missing field \(k)") }
            return s
        }
        func instant(_ s: String?, _ k: String) throws -> Timestamp {
            guard let p = TimeParser.parseISO(try need(s, k)[...].utf8), p.hadZone else {
                throw TrailModelError.invalidEventLine(reason: "field \(k) is not an RFC 3339 UTC time")
            }
            return p.timestamp
        }
        guard let result = Outcome(rawValue: try need(outcome, "outcome")) else {
            throw TrailModelError.invalidEventLine(reason: "unknown outcome")
        }
        guard rawEncoding == nil || rawEncoding == "base64" || rawEncoding == "encrypted" else {
            throw TrailModelError.invalidEventLine(reason: "unknown rawEncoding")
        }
        return TrailEvent(
            id: id, time: try instant(time, "time"), received: try instant(received, "received"), source: try need(source, "source"),
            format: try need(format, "format"), actor: actor, action: action, resource: resource,
            outcome: result, origin: origin, session: session,
            attributes: attributes?.objectMembers ?? [], raw: try need(raw, "raw"),
            rawIsBase64: rawEncoding == "base64", clock: clock, rawIsEncrypted: rawEncoding == "encrypted")
    }
}

/// Errors of the event model.
public enum TrailModelError: Error, Equatable, CustomStringConvertible {
    case invalidEventLine(reason: String)
    case invalidName(kind: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidEventLine(reason): return "not a valid event line: \(reason)"
        case let .invalidName(kind, value, reason): return "invalid \(kind) '\(value)': \(reason)"
        }
    }
}

/// Validation of names that become path components (sources, segment names).
public enum Names {
    /// A source name: 1–64 characters of `A-Z a-z 0-9 . _ -`, not starting with `.` or `-`.
    public static func validateSource(_ s: String) throws {
        guard !s.isEmpty, s.utf8.count <= 64 else {
            throw TrailModelError.invalidName(kind: "source", value: s, reason: "must be 1 to 64 characters")
        }
        for c in s.utf8 {
            let ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x5F || c == 0x2D
            if !ok { throw TrailModelError.invalidName(kind: "source", value: s, reason: "use only letters, digits, '.', '_' and '-'") }
        }
        if s.hasPrefix(".") || s.hasPrefix("-") {
            throw TrailModelError.invalidName(kind: "source", value: s, reason: "must not start with '.' or '-'")
        }
    }
}
