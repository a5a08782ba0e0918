#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Sealing
import TrailModel

/// Keeps unparseable input byte-exact (DESIGN.md principle 2).
///
/// Per source and run: `quarantine/<source>/<run>.data` holds the records' bytes back to back, and
/// `quarantine/<source>/<run>.jsonl` one entry per record: where it came from (file, line, byte
/// offset), why it was refused, and where its bytes are in the `.data` file with their SHA-256.
final class QuarantineWriter {
    private let layout: StoreLayout
    private let run: String
    private var files: [String: (data: Int32, index: Int32, size: Int64)] = [:]

    init(layout: StoreLayout) {
        self.layout = layout
        run = Timestamp.now.rfc3339.replacingOccurrences(of: ":", with: "") + "-\(getpid())"
    }

    deinit { for f in files.values { close(f.data); close(f.index) } }

    func append(_ r: QuarantinedRecord, at time: Timestamp) throws {
        try Names.validateSource(r.source)
        if files[r.source] == nil {
            let dir = layout.quarantine + "/" + r.source
            try FS.mkdirs(dir)
            let d = try FS.open(dir + "/\(run).data", O_WRONLY | O_CREAT | O_APPEND, 0o644)
            let i = try FS.open(dir + "/\(run).jsonl", O_WRONLY | O_CREAT | O_APPEND, 0o644)
            files[r.source] = (d, i, try FS.size(dir + "/\(run).data"))
        }
        var f = files[r.source]!
        let dir = layout.quarantine + "/" + r.source
        try r.bytes.withUnsafeBytes { try FS.writeAll(f.data, $0, path: dir + "/\(run).data") }
        let entry: JSONValue = .object([
            ("dataFile", .string("\(run).data")), ("dataOffset", .number(String(f.size))),
            ("length", .number(String(r.bytes.count))), ("sha256", .string(Hash32.sha256(r.bytes).hex)),
            ("source", .string(r.source)), ("format", .string(r.format)), ("file", .string(r.file)),
            ("line", .number(String(r.line))), ("offset", .number(String(r.offset))),
            ("reason", .string(r.reason)), ("quarantinedAt", .string(time.rfc3339)),
        ])
        let line = CanonicalJSON.encode(entry) + [0x0A]
        try line.withUnsafeBytes { try FS.writeAll(f.index, $0, path: dir + "/\(run).jsonl") }
        f.size += Int64(r.bytes.count)
        files[r.source] = f
    }

    func commit() throws {
        for (source, f) in files {
            let dir = layout.quarantine + "/" + source
            try FS.fsync(f.data, path: dir + "/\(run).data")
            try FS.fsync(f.index, path: dir + "/\(run).jsonl")
        }
    }
}
