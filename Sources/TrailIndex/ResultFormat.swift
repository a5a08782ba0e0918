import Foundation
import TrailModel

/// Renders a query result as an aligned table, CSV (RFC 4180), JSON (an array of objects) or NDJSON.
public enum ResultFormat: String, CaseIterable, Sendable {
    case table, csv, json, ndjson

    public func render(_ r: QueryRunner.Result, width: Int = 120) -> String {
        switch self {
        case .table: return Self.table(r, width: width)
        case .csv:
            var out = r.columns.map(Self.csvField).joined(separator: ",") + "\r\n"
            for row in r.rows { out += row.map { Self.csvField($0.text ?? "") }.joined(separator: ",") + "\r\n" }
            return out
        case .json:
            let objects = r.rows.map { Self.object(r.columns, $0) }
            return String(decoding: CanonicalJSON.encode(.array(objects)), as: UTF8.self) + "\n"
        case .ndjson:
            return r.rows.map { String(decoding: CanonicalJSON.encode(Self.object(r.columns, $0)), as: UTF8.self) + "\n" }.joined()
        }
    }

    static func object(_ columns: [String], _ row: [QueryRunner.Cell]) -> JSONValue {
        var members: [(String, JSONValue)] = []
        var seen = Set<String>()
        for (k, c) in zip(columns, row) {
            var key = k
            var n = 2
            while seen.contains(key) { key = "\(k)_\(n)"; n += 1 }
            seen.insert(key)
            members.append((key, c.json))
        }
        return .object(members)
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Columns padded to their widest cell; when the whole row is wider than `width`, the widest
    /// columns are narrowed (cells cut with `…`) until it fits. Line breaks in cells print as `⏎`.
    static func table(_ r: QueryRunner.Result, width: Int) -> String {
        let cells = r.rows.map { $0.map { ($0.text ?? "NULL").replacingOccurrences(of: "\n", with: "⏎").replacingOccurrences(of: "\t", with: " ") } }
        var widths = r.columns.map { $0.count }
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        let sep = 2
        while widths.reduce(0, +) + sep * max(0, widths.count - 1) > width, let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 8 {
            widths[i] -= 1
        }
        func fit(_ s: String, _ w: Int) -> String {
            if s.count <= w { return s + String(repeating: " ", count: w - s.count) }
            return String(s.prefix(max(0, w - 1))) + "…"
        }
        func line(_ xs: [String]) -> String {
            var s = zip(xs, widths).map { fit($0, $1) }.joined(separator: String(repeating: " ", count: sep))
            while s.hasSuffix(" ") { s.removeLast() }
            return s + "\n"
        }
        var out = line(r.columns)
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in cells { out += line(row) }
        out += "(\(r.rows.count) row\(r.rows.count == 1 ? "" : "s"))\n"
        return out
    }
}

extension QueryRunner.Cell {
    /// The value as text (nil for NULL); blobs as hex.
    public var text: String? {
        switch self {
        case .null: return nil
        case let .int(i): return String(i)
        case let .real(d): return String(d)
        case let .text(s): return s
        case let .blob(b): return b.map { String(format: "%02x", $0) }.joined()
        }
    }

    var json: JSONValue {
        switch self {
        case .null: return .null
        case let .int(i): return .number(String(i))
        case let .real(d): return d.isFinite ? .number(String(d)) : .string(String(d))
        case let .text(s): return .string(s)
        case let .blob(b): return .string(b.map { String(format: "%02x", $0) }.joined())
        }
    }
}
