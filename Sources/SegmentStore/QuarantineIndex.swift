#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Sealing
import TrailModel

/// Reads the quarantine back (see `QuarantineWriter` for the files).
public enum QuarantineIndex {
    public struct Entry: Sendable {
        /// `source/run#n`: stable within the store.
        public var ref: String
        public var source: String
        public var file: String
        public var line: Int
        public var offset: Int64
        public var length: Int
        public var reason: String
        public var dataFile: String
        public var dataOffset: Int64
        public var sha256: String
        public var format: String
        /// Set once `quarantine retry` stored the record (the time and what became of it).
        public var resolved: String?
    }

    public static func entries(layout: StoreLayout, source: String?) throws -> [Entry] {
        var out: [Entry] = []
        for src in FS.list(layout.quarantine) where source == nil || src == source {
            let dir = layout.quarantine + "/" + src
            var resolved: [String: String] = [:]
            for name in FS.list(dir) where name.hasSuffix(".resolved") {
                for line in try FS.read(dir + "/" + name).split(separator: 0x0A) {
                    guard let v = try? JSONParser.parse(Array(line)), let ref = v["ref"]?.scalarText else { continue }
                    resolved[ref] = (v["at"]?.scalarText ?? "") + " " + (v["outcome"]?.scalarText ?? "")
                }
            }
            for name in FS.list(dir) where name.hasSuffix(".jsonl") {
                let run = String(name.dropLast(6))
                var n = 0
                for line in try FS.read(dir + "/" + name).split(separator: 0x0A) {
                    n += 1
                    let v = try JSONParser.parse(Array(line))
                    func s(_ k: String) -> String { v[k]?.scalarText ?? "" }
                    let ref = "\(src)/\(run)#\(n)"
                    out.append(Entry(ref: ref, source: src, file: s("file"), line: Int(s("line")) ?? 0,
                                     offset: Int64(s("offset")) ?? 0, length: Int(s("length")) ?? 0, reason: s("reason"),
                                     dataFile: s("dataFile"), dataOffset: Int64(s("dataOffset")) ?? 0, sha256: s("sha256"),
                                     format: s("format"), resolved: resolved[ref]))
                }
            }
        }
        return out
    }

    /// Records that `entry` was stored by a retry (append-only `quarantine/<source>/retries.resolved`,
    /// fsync'd): the quarantined bytes stay where they are, byte-exact.
    public static func markResolved(layout: StoreLayout, _ entry: Entry, outcome: String, at time: Timestamp) throws {
        let path = layout.quarantine + "/\(entry.source)/retries.resolved"
        let line = CanonicalJSON.encode(.object([("ref", .string(entry.ref)), ("at", .string(time.rfc3339)), ("outcome", .string(outcome))])) + [0x0A]
        let fd = try FS.open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        defer { close(fd) }
        try line.withUnsafeBytes { try FS.writeAll(fd, $0, path: path) }
        try FS.fsync(fd, path: path)
    }

    /// The record's exact bytes, checked against the SHA-256 recorded when it was quarantined.
    public static func bytes(layout: StoreLayout, _ e: Entry) throws -> [UInt8] {
        let data = try FS.read(layout.quarantine + "/\(e.source)/\(e.dataFile)")
        let end = Int(e.dataOffset) + e.length
        guard e.dataOffset >= 0, end <= data.count else { throw StoreError.io(path: e.dataFile, reason: "quarantine data is shorter than its index says") }
        let bytes = Array(data[Int(e.dataOffset)..<end])
        guard Hash32.sha256(bytes).hex == e.sha256 else { throw StoreError.io(path: e.dataFile, reason: "quarantined bytes do not match their recorded SHA-256") }
        return bytes
    }
}
