import TrailModel

/// The record splitters of `JournaldParser`: they find each record's bytes and read its fields.
enum JournaldSplit {
    typealias Emit = (_ start: Int, _ end: Int, _ fields: Result<[JournaldField], ParseFailure>) -> Void

    /// `journalctl -o export`: fields until an empty line. A record that cannot be read is reported with
    /// its bytes up to the next empty line (or the end, when a binary length runs past it).
    static func export(_ b: UnsafeRawBufferPointer, _ emit: Emit) {
        let n = b.count
        var i = 0
        while i < n {
            if b[i] == 0x0A { i += 1; continue }
            let start = i
            var fields: [JournaldField] = []
            var failure: ParseFailure?
            var resume = n
            var end = n, next = n
            while i < n {
                if b[i] == 0x0A { end = i; next = i + 1; break }
                let nameStart = i
                var j = i
                while j < n, b[j] != 0x3D, b[j] != 0x0A { j += 1 }
                let nameBytes = UnsafeRawBufferPointer(rebasing: b[nameStart..<j])
                guard validName(nameBytes) else {
                    failure = ParseFailure("invalid field name (expected A-Z, 0-9 and _)", offset: nameStart - start)
                    resume = nameStart
                    break
                }
                let name = String(decoding: nameBytes, as: UTF8.self)
                if j < n && b[j] == 0x3D {
                    var k = j + 1
                    while k < n, b[k] != 0x0A { k += 1 }
                    let value = UnsafeRawBufferPointer(rebasing: b[(j + 1)..<k])
                    if let text = String(validating: value, as: UTF8.self) {
                        fields.append(JournaldField(name: name, value: .text(text)))
                    } else {
                        fields.append(JournaldField(name: name, value: .bytes(Array(value))))
                    }
                    i = k < n ? k + 1 : n
                    continue
                }
                // `NAME\n` + little-endian UInt64 length + bytes + `\n`.
                let lengthAt = j + 1
                guard lengthAt + 8 <= n else {
                    failure = ParseFailure("binary field \(name) is truncated: its 8-byte length is incomplete", offset: nameStart - start)
                    break
                }
                var length: UInt64 = 0
                for k in 0..<8 { length |= UInt64(b[lengthAt + k]) << (8 * UInt64(k)) }
                let dataAt = lengthAt + 8
                guard length <= UInt64(n - dataAt) else {
                    failure = ParseFailure("binary field \(name) is truncated: length \(length), \(n - dataAt) bytes left",
                                           offset: nameStart - start)
                    break
                }
                let dataEnd = dataAt + Int(length)
                guard dataEnd == n || b[dataEnd] == 0x0A else {
                    failure = ParseFailure("binary field \(name) is not followed by a line break", offset: dataEnd - start)
                    resume = dataEnd
                    break
                }
                fields.append(JournaldField(name: name, value: .bytes(Array(UnsafeRawBufferPointer(rebasing: b[dataAt..<dataEnd])))))
                i = dataEnd < n ? dataEnd + 1 : n
            }
            if let failure {
                // Resume after the next empty line.
                var k = resume
                end = n; next = n
                while k + 1 < n {
                    if b[k] == 0x0A && b[k + 1] == 0x0A { end = k + 1; next = k + 2; break }
                    k += 1
                }
                emit(start, end, .failure(failure))
            } else {
                emit(start, end, .success(fields))
            }
            i = next
        }
    }

    /// Journal field names: `A-Z a-z 0-9 _`, 1 to 255 bytes.
    static func validName(_ b: UnsafeRawBufferPointer) -> Bool {
        guard !b.isEmpty, b.count <= 255 else { return false }
        for c in b {
            let ok = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
            if !ok { return false }
        }
        return true
    }

    /// `journalctl -o json`: one object per line (blank lines skipped).
    static func json(_ b: UnsafeRawBufferPointer, _ emit: Emit) {
        let n = b.count
        var i = 0
        while i < n {
            var k = i
            while k < n, b[k] != 0x0A { k += 1 }
            var end = k
            if end > i, b[end - 1] == 0x0D { end -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: b[i..<end])
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                emit(i, end, fields(ofJSON: line))
            }
            i = k + 1
        }
    }

    /// The fields of one `-o json` object.
    static func fields(ofJSON line: UnsafeRawBufferPointer) -> Result<[JournaldField], ParseFailure> {
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch {
            return .failure(ParseFailure("not valid JSON: \(error.reason)", offset: error.offset))
        }
        guard case let .object(members) = value else { return .failure(ParseFailure("not a JSON object")) }
        var fields: [JournaldField] = []
        fields.reserveCapacity(members.count)
        for (name, v) in members {
            if case let .array(items) = v, let bytes = byteArray(items) {
                fields.append(JournaldField(name: name, value: .bytes(bytes)))
            } else if case let .array(items) = v {
                for item in items {
                    guard let one = single(item) else {
                        return .failure(ParseFailure("field \(name): a repeated value must be a string, a byte array or null"))
                    }
                    fields.append(JournaldField(name: name, value: one, repeated: true))
                }
            } else if let one = single(v) {
                fields.append(JournaldField(name: name, value: one))
            } else {
                return .failure(ParseFailure("field \(name): an object is not a journal value"))
            }
        }
        return .success(fields)
    }

    /// A string, byte array, null (or a stray number/boolean, kept as its text).
    static func single(_ v: JSONValue) -> JournaldField.Value? {
        switch v {
        case let .string(s): return .text(s)
        case .null: return .null
        case let .number(t): return .text(t)
        case let .bool(x): return .text(x ? "true" : "false")
        case let .array(items): return byteArray(items).map { .bytes($0) }
        case .object: return nil
        }
    }

    /// `[72, 105]` → bytes; nil unless every item is an integer 0–255 (`[]` is empty bytes).
    static func byteArray(_ items: [JSONValue]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard case let .number(t) = item, let v = UInt8(t) else { return nil }
            out.append(v)
        }
        return out
    }
}
