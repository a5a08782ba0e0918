import Foundation
import TrailModel

extension AppJSONFastPath {
    /// What the fast path learned besides the line it wrote.
    struct Written {
        var time: Timestamp
        var id: String?
    }

    /// Builds the prepared event (canonical line, time, identity) from a scanned record, or throws
    /// `Fallback` when the general path must decide.
    func prepare(_ raw: UnsafeRawBufferPointer, format: String, context: ParseContext) throws -> PreparedEvent {
        let out = ByteWriter(capacity: raw.count * 3 + 512)
        let w = try write(raw, format: format, context: context, into: out)
        return PreparedEvent(line: out.array(), time: w.time, source: context.source, id: w.id)
    }

    /// Appends the canonical event line of `raw` to `out` (nothing is appended when it throws).
    /// Throws `ParseFailure` for a record to quarantine, `Fallback` for the general path.
    func write(_ raw: UnsafeRawBufferPointer, format: String, context: ParseContext, into out: ByteWriter) throws -> Written {
        try withUnsafeTemporaryAllocation(of: Member.self, capacity: Self.maxMembers) { buf in
            let members = buf.baseAddress!
            let count = try Self.scan(raw, into: members)
            let start = out.count
            do {
                return try write(raw, members, count, format: format, context: context, into: out)
            } catch {
                out.truncate(to: start)
                throw error
            }
        }
    }

    private func write(_ raw: UnsafeRawBufferPointer, _ members: UnsafeMutablePointer<Member>, _ count: Int,
                       format: String, context: ParseContext, into out: ByteWriter) throws -> Written {
        let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self) // scan refused an empty record
        return try withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.maxMembers + 2 * CompiledMapping.fieldCount) { scratch in
            let order = scratch.baseAddress!
            let picked = order + Self.maxMembers
            let rank = picked + CompiledMapping.fieldCount
            // Key order by insertion sort (also finds duplicate keys, which the general path reports).
            @inline(__always) func keyLess(_ a: Int, _ b: Int) -> Bool {
                let x = members[a], y = members[b]
                if x.prefix != y.prefix { return x.prefix < y.prefix }
                let la = x.keyEnd - x.keyStart, lb = y.keyEnd - y.keyStart
                if la <= 8 || lb <= 8 { return la < lb }
                let c = memcmp(p + x.keyStart + 8, p + y.keyStart + 8, min(la, lb) - 8)
                return c != 0 ? c < 0 : la < lb
            }
            for k in 0..<count {
                var j = k
                while j > 0 && keyLess(k, order[j - 1]) { order[j] = order[j - 1]; j -= 1 }
                order[j] = k
            }
            for k in 1..<max(count, 1) where !keyLess(order[k - 1], order[k]) { throw Fallback() }
            // The general path refuses invalid JSON before it maps anything: check the escapes and
            // nested values (rare) before a field can decide the record.
            for i in 0..<count where members[i].kind == .escapedString || members[i].kind == .container {
                let m = members[i]
                do { _ = try JSONParser.parse(UnsafeRawBufferPointer(rebasing: raw[m.valueStart..<m.valueEnd])) } catch { throw Fallback() }
            }
            // Mapping: each member competes for the fields whose candidates name it.
            for f in 0..<CompiledMapping.fieldCount { picked[f] = -1; rank[f] = Int.max }
            for i in 0..<count {
                let m = members[i]
                guard m.kind != .container, m.kind != .null else { continue }
                for h in keys.lookup(p + m.keyStart, m.keyEnd - m.keyStart) {
                    let (field, r) = keys.hits[h]
                    if r < rank[field] { rank[field] = r; picked[field] = i }
                }
            }
            for (field, r, head) in nestedHeads where r < rank[field] {
                for i in 0..<count where members[i].kind == .container && members[i].keyEnd - members[i].keyStart == head.count
                    && head.withUnsafeBufferPointer({ memcmp(p + members[i].keyStart, $0.baseAddress!, head.count) == 0 }) {
                    throw Fallback()
                }
            }
            @inline(__always) func consumed(_ i: Int) -> Bool {
                for f in 0..<CompiledMapping.fieldCount where picked[f] == i { return true }
                return false
            }

            // Time first: it decides the event (and may send the record to quarantine).
            var time = context.received
            var clock: String? = "received"
            if picked[CompiledMapping.time] >= 0 {
                (time, clock) = try readTime(members[picked[CompiledMapping.time]], raw, context)
            }
            @inline(__always) func span(_ s: Int, _ e: Int) { out.append(UnsafeRawBufferPointer(start: p + s, count: e - s)) }
            func value(_ m: Member) throws {
                switch m.kind {
                case .string, .null, .trueValue, .falseValue, .number: span(m.valueStart, m.valueEnd)
                case .escapedString: out.appendJSONString(try decodeString(m, raw))
                case .container:
                    do {
                        CanonicalJSON.write(try JSONParser.parse(UnsafeRawBufferPointer(rebasing: raw[m.valueStart..<m.valueEnd])), into: out)
                    } catch { throw Fallback() }
                }
            }
            func field(_ f: Int) throws {
                let i = picked[f]
                guard i >= 0 else { out.append("null"); return }
                let m = members[i]
                switch m.kind {
                case .number: out.append(0x22); span(m.valueStart, m.valueEnd); out.append(0x22)
                case .trueValue: out.append("\"true\"")
                case .falseValue: out.append("\"false\"")
                default: try value(m)
                }
            }
            out.append("{\"action\":"); try field(CompiledMapping.action)
            out.append(",\"actor\":"); try field(CompiledMapping.actor)
            out.append(",\"attributes\":{")
            var firstAttr = true
            for k in 0..<count where !consumed(order[k]) {
                let m = members[order[k]]
                if !firstAttr { out.append(0x2C) }
                firstAttr = false
                span(m.keyStart - 1, m.keyEnd + 1)
                out.append(0x3A)
                try value(m)
            }
            out.append(0x7D)
            if let clock { out.append(",\"clock\":"); out.appendJSONString(clock) }
            out.append(",\"format\":"); out.appendJSONString(format)
            out.append(",\"id\":"); try field(CompiledMapping.id)
            out.append(",\"origin\":"); try field(CompiledMapping.origin)
            out.append(",\"outcome\":\"")
            out.append(outcome(picked[CompiledMapping.outcome] >= 0 ? members[picked[CompiledMapping.outcome]] : nil, raw).literal)
            out.append("\",\"raw\":"); out.appendJSONString(raw)
            out.append(",\"received\":\""); context.received.writeRFC3339(into: out)
            out.append("\",\"resource\":"); try field(CompiledMapping.resource)
            out.append(",\"session\":"); try field(CompiledMapping.session)
            out.append(",\"source\":"); out.appendJSONString(context.source)
            out.append(",\"time\":\""); time.writeRFC3339(into: out)
            out.append("\"}")

            var id: String?
            if picked[CompiledMapping.id] >= 0 { id = try text(members[picked[CompiledMapping.id]], raw) }
            return Written(time: time, id: id)
        }
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
        case .string: return Outcome.normalize(ascii: UnsafeRawBufferPointer(rebasing: raw[(m.valueStart + 1)..<(m.valueEnd - 1)]))
        case .escapedString: return Outcome.normalize(word: (try? text(m, raw)) ?? "")
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
}
