#if canImport(Glibc)
import Glibc
#endif
import Archive
import Crypto
import Foundation
import Sealing
import SegmentStore
import TrailModel

/// The pack as it is written: every file goes into the archive and, with its size and SHA-256,
/// into the manifest. Entries carry one fixed time and no owner, so equal inputs give equal bytes.
final class PackArchive {
    struct Entry: Sendable, Equatable {
        var path: String
        var bytes: Int64
        var sha256: String
    }

    private let writer: ArchiveWriter
    let path: String
    let mtime: Int64
    private(set) var entries: [Entry] = []

    init(path: String, format: ArchiveWriter.Format, mtime: Int64) throws {
        self.path = path
        self.mtime = mtime
        // Level 1: a third of the time of level 6 for about a quarter more bytes; a pack is
        // written once and mostly read by machines.
        writer = try ArchiveWriter(path: path, format: format, compressionLevel: 1)
    }

    func add(_ name: String, _ bytes: [UInt8]) throws {
        try writer.add(name: name, bytes: bytes, mode: 0o444, mtime: mtime)
        entries.append(Entry(path: name, bytes: Int64(bytes.count), sha256: Hash32.sha256(bytes).hex))
    }

    func add(_ name: String, text: String) throws { try add(name, Array(text.utf8)) }

    /// Adds the content of the file at `file` (read in chunks: any size, bounded memory).
    func add(_ name: String, file: String) throws {
        let size = try FS.size(file)
        guard let handle = FileHandle(forReadingAtPath: file) else { throw EvidenceError.io(path: file, reason: "cannot open") }
        defer { try? handle.close() }
        var hasher = SHA256()
        try writer.add(name: name, size: size, mode: 0o444, mtime: mtime) { write in
            while true {
                let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                if chunk.isEmpty { break }
                try chunk.withUnsafeBytes { raw in
                    hasher.update(bufferPointer: raw)
                    try write(raw)
                }
            }
        }
        entries.append(Entry(path: name, bytes: size, sha256: Hash32(hasher.finalize()).hex))
    }

    func close() throws { try writer.close() }
}

/// A CSV file written to a temporary place row by row (RFC 4180, CRLF line ends, as
/// `sealtrail query --format csv` writes), with a 1 MiB buffer.
final class CSVFile {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var rows = 0

    init(path: String, header: [String]) throws {
        self.path = path
        fd = try FS.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        buffer.reserveCapacity(1 << 20)
        append(header)
        rows = 0
    }

    deinit { Glibc.close(fd) }

    func append(_ fields: [String]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { buffer.append(0x2C) }
            CSV.appendField(f, to: &buffer)
        }
        buffer.append(0x0D); buffer.append(0x0A)
        rows += 1
        if buffer.count >= 1 << 20 { try? flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try FS.writeAll(fd, $0, path: path) }
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws { try flush() }
}

enum CSV {
    /// One field: quoted (with `"` doubled) when it holds a comma, a quote or a line break.
    static func appendField(_ s: String, to out: inout [UInt8]) {
        var needs = false
        for b in s.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { needs = true; break }
        guard needs else { out.append(contentsOf: s.utf8); return }
        out.append(0x22)
        for b in s.utf8 {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }

    static func render(header: [String], rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = []
        for row in [header] + rows {
            for (i, f) in row.enumerated() {
                if i > 0 { out.append(0x2C) }
                appendField(f, to: &out)
            }
            out.append(0x0D); out.append(0x0A)
        }
        return out
    }

    /// Splits CSV text into records of fields (quotes and line breaks inside quotes handled).
    static func parse(_ bytes: [UInt8]) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 { field.append(0x22); i += 1 } else { quoted = false }
                } else { field.append(b) }
            } else if b == 0x22 {
                quoted = true
            } else if b == 0x2C {
                fields.append(String(decoding: field, as: UTF8.self)); field = []
            } else if b == 0x0A {
                if field.last == 0x0D { field.removeLast() }
                fields.append(String(decoding: field, as: UTF8.self)); field = []
                records.append(fields); fields = []
            } else { field.append(b) }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(String(decoding: field, as: UTF8.self)); records.append(fields) }
        return records
    }
}
