import TrailModel

/// The RFC 4180 reader behind `pgaudit-csv` and the `AUDIT:` message fields.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; an unquoted empty field is NULL
/// (nil), a quoted empty one is the empty string, as PostgreSQL writes them. A record ends at a line
/// break outside quotes (`\n` or `\r\n`) or at the end of the input.
enum PgAuditCSV {
    /// One CSV record read from `start`: its fields and where it ends, or why it could not be read.
    struct Row {
        var fields: [String?] = []
        /// End of the record's bytes (before its line break).
        var end: Int
        /// Where the next record starts.
        var next: Int
        var failure: String?
    }

    /// Reads one record starting at `start` (which must be before the end).
    static func row(_ b: UnsafeRawBufferPointer, from start: Int) -> Row {
        let n = b.count
        var fields: [String?] = []
        fields.reserveCapacity(PgColumn.count)
        var i = start
        while true {
            if i < n && b[i] == 0x22 {
                var bytes: [UInt8] = []
                var j = i + 1
                var closed = false
                while j < n {
                    let c = b[j]
                    if c == 0x22 {
                        if j + 1 < n && b[j + 1] == 0x22 { bytes.append(0x22); j += 2; continue }
                        closed = true; j += 1
                        break
                    }
                    bytes.append(c); j += 1
                }
                guard closed else {
                    return Row(end: n, next: n, failure:
                        "unterminated quoted field \(fields.count + 1) (opened at byte \(i - start) of the record) at end of input")
                }
                fields.append(String(decoding: bytes, as: UTF8.self))
                i = j
            } else {
                var j = i
                while j < n, b[j] != 0x2C, b[j] != 0x0A { j += 1 }
                var e = j
                if e > i, b[e - 1] == 0x0D, j == n || b[j] == 0x0A { e -= 1 }
                fields.append(e == i ? nil : String(decoding: UnsafeRawBufferPointer(rebasing: b[i..<e]), as: UTF8.self))
                i = j
            }
            if i == n { return Row(fields: fields, end: n, next: n) }
            switch b[i] {
            case 0x2C:
                i += 1
            case 0x0A:
                return Row(fields: fields, end: i > start && b[i - 1] == 0x0D ? i - 1 : i, next: i + 1)
            case 0x0D where i + 1 == n || b[i + 1] == 0x0A:
                return Row(fields: fields, end: i, next: min(i + 2, n))
            default:
                // Resume at the next line: the best guess at where the next record starts.
                var k = i
                while k < n, b[k] != 0x0A { k += 1 }
                return Row(end: k, next: min(k + 1, n), failure:
                    "unexpected byte after the closing quote of field \(fields.count) at byte \(i - start) of the record")
            }
        }
    }

    /// Splits a csvlog into records (blank lines between records are skipped).
    static func split(_ input: UnsafeRawBufferPointer, _ emit: (PgRawRecord) -> Void) {
        let n = input.count
        var i = 0
        while i < n {
            if input[i] == 0x0A { i += 1; continue }
            if input[i] == 0x0D, i + 1 < n, input[i + 1] == 0x0A { i += 2; continue }
            let row = Self.row(input, from: i)
            var record = PgRawRecord(start: i, end: row.end, failure: row.failure)
            if row.failure == nil {
                if row.fields.count < PgColumn.required {
                    record.failure = "expected at least \(PgColumn.required) csvlog columns, found \(row.fields.count)"
                } else {
                    record.columns = row.fields
                    while record.columns.count < PgColumn.count { record.columns.append(nil) }
                }
            }
            emit(record)
            i = max(row.next, i + 1)
        }
    }

    /// The fields of a single-record CSV text (an `AUDIT:` message body); nil if it is not valid CSV.
    static func fields(of text: Substring) -> [String?]? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return [nil] }
        // Line breaks inside the body belong to quoted fields; read it as one record regardless.
        return bytes.withUnsafeBytes { b -> [String?]? in
            var all: [String?] = []
            var i = 0
            while i < b.count {
                let row = Self.row(b, from: i)
                if row.failure != nil { return nil }
                if !all.isEmpty {
                    // An unquoted line break: keep it inside the field it interrupted.
                    let last = all.removeLast() ?? ""
                    all.append(last + "\n" + (row.fields.first.flatMap { $0 } ?? ""))
                    all += row.fields.dropFirst()
                } else {
                    all = row.fields
                }
                i = row.next
                if row.next == row.end { break }
            }
            return all
        }
    }
}
