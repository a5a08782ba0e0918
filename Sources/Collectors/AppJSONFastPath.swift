import Foundation
import TrailModel

/// The allocation-light path for application JSON: scans the top-level object into byte spans and
/// writes the canonical event line straight from them, without building a value tree.
///
/// It handles the common shape — an ASCII object whose keys have no escapes — and returns nil for
/// anything else, which then takes the general path (`JSONParser` + `TrailEvent`); both give the same
/// bytes (a test compares them). Nested objects and arrays are canonicalised through `JSONParser`, so
/// they get the same strict checks. Hand-written: no listed package emits canonical JSON from spans.
struct AppJSONFastPath {
    enum Kind: UInt8 { case string, escapedString, number, trueValue, falseValue, null, container }

    struct Member {
        var keyStart: Int, keyEnd: Int     // inside the quotes
        var valueStart: Int, valueEnd: Int // the whole token
        var kind: Kind
    }

    /// Why the fast path gives up (the general path then decides).
    struct Fallback: Error {}

    let mapping: CompiledMapping
    /// Candidates by key length: (key bytes, field, rank).
    let byLength: [[([UInt8], Int, Int)]]

    init(mapping: CompiledMapping) {
        self.mapping = mapping
        var table = [[([UInt8], Int, Int)]](repeating: [], count: 65)
        for (key, hits) in mapping.topLevel where key.utf8.count < 65 {
            for (field, rank) in hits { table[key.utf8.count].append((Array(key.utf8), field, rank)) }
        }
        byLength = table
    }

    /// Scans `raw` as one JSON object. Throws `ParseFailure` for invalid JSON, `Fallback` for shapes
    /// the fast path leaves to the general one.
    static func scan(_ raw: UnsafeRawBufferPointer, into members: inout [Member]) throws {
        let n = raw.count
        var i = 0
        @inline(__always) func ws() { while i < n, raw[i] == 0x20 || raw[i] == 0x09 || raw[i] == 0x0A || raw[i] == 0x0D { i += 1 } }
        ws()
        guard i < n, raw[i] == 0x7B else { throw Fallback() }
        i += 1
        ws()
        if i < n, raw[i] == 0x7D { i += 1; ws(); if i != n { throw Fallback() }; return }
        while true {
            ws()
            guard i < n, raw[i] == 0x22 else { throw Fallback() }
            i += 1
            let ks = i
            while i < n, raw[i] != 0x22 {
                let c = raw[i]
                if c == 0x5C || c < 0x20 || c >= 0x80 { throw Fallback() }
                i += 1
            }
            guard i < n else { throw Fallback() }
            let ke = i
            i += 1
            ws()
            guard i < n, raw[i] == 0x3A else { throw Fallback() }
            i += 1
            ws()
            guard i < n else { throw Fallback() }
            let vs = i
            let kind: Kind
            switch raw[i] {
            case 0x22:
                i += 1
                var escaped = false
                while i < n {
                    let c = raw[i]
                    if c == 0x22 { break }
                    if c == 0x5C { escaped = true; i += 2; continue }
                    if c < 0x20 || c >= 0x80 { throw Fallback() }
                    i += 1
                }
                guard i < n else { throw Fallback() }
                i += 1
                kind = escaped ? .escapedString : .string
            case 0x2D, 0x30...0x39:
                i += 1
                while i < n, (raw[i] >= 0x30 && raw[i] <= 0x39) || raw[i] == 0x2E || raw[i] == 0x65 || raw[i] == 0x45 || raw[i] == 0x2B || raw[i] == 0x2D { i += 1 }
                kind = .number
                if !validNumber(UnsafeRawBufferPointer(rebasing: raw[vs..<i])) { throw Fallback() }
            case 0x74: try literal(raw, &i, "true"); kind = .trueValue
            case 0x66: try literal(raw, &i, "false"); kind = .falseValue
            case 0x6E: try literal(raw, &i, "null"); kind = .null
            case 0x7B, 0x5B:
                try skipContainer(raw, &i)
                kind = .container
            default:
                throw Fallback()
            }
            members.append(Member(keyStart: ks, keyEnd: ke, valueStart: vs, valueEnd: i, kind: kind))
            ws()
            guard i < n else { throw Fallback() }
            if raw[i] == 0x2C { i += 1; continue }
            if raw[i] == 0x7D { i += 1; ws(); if i != n { throw Fallback() }; return }
            throw Fallback()
        }
    }

    static func literal(_ raw: UnsafeRawBufferPointer, _ i: inout Int, _ word: StaticString) throws {
        let len = word.utf8CodeUnitCount
        guard i + len <= raw.count else { throw Fallback() }
        for k in 0..<len where raw[i + k] != word.utf8Start[k] { throw Fallback() }
        i += len
    }

    /// Finds the end of a nested object or array (string-aware); `JSONParser` validates it later.
    static func skipContainer(_ raw: UnsafeRawBufferPointer, _ i: inout Int) throws {
        var depth = 0
        let n = raw.count
        while i < n {
            let c = raw[i]
            if c == 0x22 {
                i += 1
                while i < n, raw[i] != 0x22 { if raw[i] == 0x5C { i += 1 }; i += 1 }
            } else if c == 0x7B || c == 0x5B {
                depth += 1
            } else if c == 0x7D || c == 0x5D {
                depth -= 1
                if depth == 0 { i += 1; return }
            } else if c >= 0x80 {
                throw Fallback()
            }
            i += 1
        }
        throw Fallback()
    }

    /// The RFC 8259 number grammar.
    static func validNumber(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = b.count
        if i < n, b[i] == 0x2D { i += 1 }
        guard i < n else { return false }
        if b[i] == 0x30 { i += 1 } else if b[i] >= 0x31 && b[i] <= 0x39 { while i < n, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 } } else { return false }
        if i < n, b[i] == 0x2E {
            i += 1
            let f = i
            while i < n, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            if i == f { return false }
        }
        if i < n, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < n, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            let e = i
            while i < n, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            if i == e { return false }
        }
        return i == n
    }
}

extension AppJSONFastPath {
    /// Builds the prepared event (canonical line, time, identity) from a scanned record, or throws
    /// `Fallback` when the general path must decide.
    func prepare(_ raw: UnsafeRawBufferPointer, format: String, context: ParseContext) throws -> PreparedEvent {
        var members: [Member] = []
        members.reserveCapacity(24)
        try Self.scan(raw, into: &members)
        let count = members.count
        // Key order (also finds duplicate keys, which the general path reports precisely).
        var order = Array(0..<count)
        func keyLess(_ a: Int, _ b: Int) -> Bool {
            let x = members[a], y = members[b]
            let la = x.keyEnd - x.keyStart, lb = y.keyEnd - y.keyStart
            let c = memcmp(raw.baseAddress! + x.keyStart, raw.baseAddress! + y.keyStart, min(la, lb))
            return c != 0 ? c < 0 : la < lb
        }
        if count > 1 {
            for k in 1..<count {
                var j = k
                while j > 0 && keyLess(order[j], order[j - 1]) { order.swapAt(j, j - 1); j -= 1 }
            }
            for k in 1..<count where !keyLess(order[k - 1], order[k]) { throw Fallback() }
        }
        // Mapping: each member competes for the fields whose candidates name it.
        var picked = [Int](repeating: -1, count: CompiledMapping.fieldCount)
        var rank = [Int](repeating: Int.max, count: CompiledMapping.fieldCount)
        for (i, m) in members.enumerated() {
            let len = m.keyEnd - m.keyStart
            guard len < byLength.count, m.kind != .container, m.kind != .null else { continue }
            for (key, field, r) in byLength[len] where r < rank[field] {
                if memcmp(raw.baseAddress! + m.keyStart, key, len) == 0 { rank[field] = r; picked[field] = i }
            }
        }
        for (field, r, parts) in mapping.nested where r < rank[field] {
            let head = Array(parts[0].utf8)
            for m in members where m.kind == .container && m.keyEnd - m.keyStart == head.count
                && memcmp(raw.baseAddress! + m.keyStart, head, head.count) == 0 {
                throw Fallback()
            }
        }
        var consumed = [Bool](repeating: false, count: count)
        for i in picked where i >= 0 { consumed[i] = true }

        // Time first: it decides the event (and may send the record to quarantine).
        var time = context.received
        var clock: String? = "received"
        if picked[CompiledMapping.time] >= 0 {
            (time, clock) = try readTime(members[picked[CompiledMapping.time]], raw, context)
        }

        var out: [UInt8] = []
        out.reserveCapacity(raw.count * 2 + 320)
        func key(_ k: StaticString, first: Bool = false) {
            if !first { out.append(0x2C) }
            out.append(0x22)
            out.appendBytes(UnsafeRawBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
            out.append(0x22); out.append(0x3A)
        }
        func span(_ s: Int, _ e: Int) { out.appendBytes(UnsafeRawBufferPointer(rebasing: raw[s..<e])) }
        func field(_ f: Int) throws {
            let i = picked[f]
            guard i >= 0 else { out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]); return }
            let m = members[i]
            switch m.kind {
            case .string: span(m.valueStart, m.valueEnd)
            case .number: out.append(0x22); span(m.valueStart, m.valueEnd); out.append(0x22)
            case .trueValue: out.append(contentsOf: Array("\"true\"".utf8))
            case .falseValue: out.append(contentsOf: Array("\"false\"".utf8))
            case .escapedString: CanonicalJSON.writeString(try decodeString(m, raw), into: &out)
            case .null, .container: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
            }
        }
        out.append(0x7B)
        key("action", first: true); try field(CompiledMapping.action)
        key("actor"); try field(CompiledMapping.actor)
        key("attributes")
        out.append(0x7B)
        var firstAttr = true
        for i in order where !consumed[i] {
            let m = members[i]
            if !firstAttr { out.append(0x2C) }
            firstAttr = false
            span(m.keyStart - 1, m.keyEnd + 1)
            out.append(0x3A)
            switch m.kind {
            case .string, .number, .trueValue, .falseValue, .null: span(m.valueStart, m.valueEnd)
            case .escapedString: CanonicalJSON.writeString(try decodeString(m, raw), into: &out)
            case .container:
                do {
                    CanonicalJSON.write(try JSONParser.parse(UnsafeRawBufferPointer(rebasing: raw[m.valueStart..<m.valueEnd])), into: &out)
                } catch { throw Fallback() }
            }
        }
        out.append(0x7D)
        if let clock { key("clock"); CanonicalJSON.writeString(clock, into: &out) }
        key("format"); CanonicalJSON.writeString(format, into: &out)
        key("id"); try field(CompiledMapping.id)
        key("origin"); try field(CompiledMapping.origin)
        key("outcome"); CanonicalJSON.writeString(outcome(picked[CompiledMapping.outcome] >= 0 ? members[picked[CompiledMapping.outcome]] : nil, raw).rawValue, into: &out)
        key("raw"); Self.writeEscaped(raw, into: &out)
        key("received"); out.append(0x22); context.received.writeRFC3339(into: &out); out.append(0x22)
        key("resource"); try field(CompiledMapping.resource)
        key("session"); try field(CompiledMapping.session)
        key("source"); CanonicalJSON.writeString(context.source, into: &out)
        key("time"); out.append(0x22); time.writeRFC3339(into: &out); out.append(0x22)
        out.append(0x7D)

        var id: String?
        if picked[CompiledMapping.id] >= 0 { id = try text(members[picked[CompiledMapping.id]], raw) }
        return PreparedEvent(line: out, time: time, source: context.source, id: id)
    }

    private func decodeString(_ m: Member, _ raw: UnsafeRawBufferPointer) throws -> String {
        guard case let .string(s)? = try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: raw[m.valueStart..<m.valueEnd])) else { throw Fallback() }
        return s
    }

    private func text(_ m: Member, _ raw: UnsafeRawBufferPointer) throws -> String {
        switch m.kind {
        case .string, .number:
            let s = m.kind == .string ? m.valueStart + 1 : m.valueStart
            let e = m.kind == .string ? m.valueEnd - 1 : m.valueEnd
            return String(decoding: UnsafeRawBufferPointer(rebasing: raw[s..<e]), as: UTF8.self)
        case .trueValue: return "true"
        case .falseValue: return "false"
        case .escapedString: return try decodeString(m, raw)
        case .null, .container: throw Fallback()
        }
    }

    private func outcome(_ m: Member?, _ raw: UnsafeRawBufferPointer) -> Outcome {
        guard let m else { return .unknown }
        switch m.kind {
        case .trueValue: return .success
        case .falseValue: return .failure
        case .number: return Outcome.normalize(.number((try? text(m, raw)) ?? ""))
        case .string, .escapedString: return Outcome.normalize(word: (try? text(m, raw)) ?? "")
        case .null, .container: return .unknown
        }
    }

    private func readTime(_ m: Member, _ raw: UnsafeRawBufferPointer, _ context: ParseContext) throws -> (Timestamp, String?) {
        switch m.kind {
        case .string:
            let inner = UnsafeRawBufferPointer(rebasing: raw[(m.valueStart + 1)..<(m.valueEnd - 1)])
            if let p = TimeParser.parseISO(bytes: inner, assumedOffset: { AppJSONParser.offset(of: context.timeZone, at: $0) }) {
                return (p.timestamp, p.hadZone ? nil : "assumed:" + (context.timeZone?.identifier ?? "UTC"))
            }
            return try AppJSONParser.readTime(.string(try text(m, raw)), context: context)
        case .number:
            return try AppJSONParser.readTime(.number(try text(m, raw)), context: context)
        default:
            throw Fallback()
        }
    }

    /// Appends `raw` as a canonical JSON string (raw is ASCII here: the scan refused other bytes).
    static func writeEscaped(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        CanonicalJSON.writeString(utf8: raw, into: &out)
    }
}
