import Foundation
import Gzip
import Sealing
@testable import SegmentStore
import TrailModel

/// Builds small real stores for tests, and edits their files the way an attacker or a fault would.
enum Fixture {
    static func tempDir(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "sealtrail-test-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.removeItem(atPath: dir)
        return dir
    }

    /// A deterministic event: `n` picks the fields.
    static func event(_ n: Int, source: String = "app", day: Int = 0) -> TrailEvent {
        let t = Timestamp.utc(year: 2026, month: 7, day: Int64(1 + day), hour: 9, second: Int64(n % 3600), micros: Int64(n % 1000))
        return TrailEvent(id: "evt-\(source)-\(day)-\(n)", time: t, received: t, source: source, format: "app-json",
                          actor: "user:u-\(n % 7)", action: n % 3 == 0 ? "payment.initiate" : "card.detokenize",
                          resource: "payment:p-\(n)", outcome: n % 5 == 0 ? .failure : .success, origin: "10.0.0.\(n % 250)",
                          session: "s-\(n / 4)", attributes: [("amount", .number("\(n).50")), ("note", .string("é ✓ \"q\" \(n)"))],
                          raw: "{\"n\":\(n)}")
    }

    /// A store with `segments` sealed segments of `perSegment` records each (one per day).
    static func build(segments: Int = 3, perSegment: Int = 10, name: String = "store") throws -> (Store, String) {
        let dir = tempDir(name)
        let store = try Store.initialize(path: dir, origin: "test.local/trail")
        let w = try TrailWriter(store: store, threads: 2)
        for d in 0..<segments {
            for i in 0..<perSegment { _ = try w.accept(event(i, day: d), identity: .sourceId("evt-\(d)-\(i)")) }
            try w.commit()
        }
        try w.close()
        return (store, dir)
    }

    /// A writable copy of a store directory.
    static func copy(_ dir: String) throws -> String {
        let dst = tempDir("copy")
        try FileManager.default.copyItem(atPath: dir, toPath: dst)
        return dst
    }

    static func segmentPath(_ dir: String, _ seq: UInt64) throws -> String {
        let seal = try Seal.decode(try FS.read(StoreLayout(root: dir).sealFile(seq: seq)), path: "")
        return dir + "/" + seal.path
    }

    static func writable(_ path: String) { chmod(path, 0o644) }

    static func readLines(_ path: String) throws -> [[UInt8]] {
        let content = try Gzip.decompress(try FS.read(path))
        return content.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    static func writeLines(_ path: String, _ lines: [[UInt8]]) throws {
        writable(path)
        var content: [UInt8] = []
        for l in lines { content += l + [0x0A] }
        try Data(try Gzip.compress(content)).write(to: URL(fileURLWithPath: path))
    }

    static func signingKey(_ dir: String) throws -> SigningKey {
        try SigningKey(pem: try FS.readString(dir + "/keys/signing.key"))
    }

    static func loadSeal(_ dir: String, _ seq: UInt64) throws -> Seal {
        try Seal.decode(try FS.read(StoreLayout(root: dir).sealFile(seq: seq)), path: "")
    }

    static func writeSeal(_ dir: String, _ seal: Seal) throws {
        let path = StoreLayout(root: dir).sealFile(seq: seal.segment)
        writable(path)
        try Data(seal.canonicalBytes).write(to: URL(fileURLWithPath: path))
    }
}
