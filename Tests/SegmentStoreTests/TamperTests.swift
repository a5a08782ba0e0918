import Foundation
import Gzip
import Sealing
@testable import SegmentStore
import Testing
import TrailModel

/// One named way of damaging a store, and what `verify` must say about it.
struct TamperCase: CustomTestStringConvertible, Sendable {
    let name: String
    let mutate: @Sendable (String) throws -> Void
    /// Kinds that must be reported, with the segment (and record) they must name.
    let expect: [(VerifyReport.Kind, UInt64?, Int64?)]
    var testDescription: String { name }
}

let tamperCases: [TamperCase] = [
    TamperCase(name: "flip a bit in the compressed bytes", mutate: { dir in
        let p = try Fixture.segmentPath(dir, 1)
        Fixture.writable(p)
        var b = try FS.read(p)
        b[b.count / 2] ^= 0x10
        try Data(b).write(to: URL(fileURLWithPath: p))
    }, expect: [(.modifiedFile, 1, nil)]),
    TamperCase(name: "modify one byte of record 3's content", mutate: { dir in
        let p = try Fixture.segmentPath(dir, 1)
        var lines = try Fixture.readLines(p)
        let i = lines[3].firstIndex(of: UInt8(ascii: "9"))!
        lines[3][i] = UInt8(ascii: "8")
        try Fixture.writeLines(p, lines)
    }, expect: [(.modifiedFile, 1, nil), (.modifiedRecord, 1, 3)]),
    TamperCase(name: "segment file deleted", mutate: { dir in
        try FileManager.default.removeItem(atPath: try Fixture.segmentPath(dir, 2))
    }, expect: [(.missingSegment, 2, nil)]),
    TamperCase(name: "seal deleted", mutate: { dir in
        try FileManager.default.removeItem(atPath: StoreLayout(root: dir).sealFile(seq: 1))
    }, expect: [(.missingSeal, 1, nil), (.extraFile, nil, nil)]),
    TamperCase(name: "unknown extra segment file", mutate: { dir in
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: dir + "/segments/source=app/date=2026-07-01/000000000099.jsonl.gz"))
    }, expect: [(.extraFile, nil, nil)]),
    TamperCase(name: "unknown extra file in seals", mutate: { dir in
        try Data("{}".utf8).write(to: URL(fileURLWithPath: dir + "/seals/notes.txt"))
    }, expect: [(.extraFile, nil, nil)]),
    TamperCase(name: "records 2 and 5 swapped", mutate: { dir in
        let p = try Fixture.segmentPath(dir, 0)
        var lines = try Fixture.readLines(p)
        lines.swapAt(2, 5)
        try Fixture.writeLines(p, lines)
    }, expect: [(.reorderedRecords, 0, 2)]),
    TamperCase(name: "record 4 duplicated", mutate: { dir in
        let p = try Fixture.segmentPath(dir, 0)
        var lines = try Fixture.readLines(p)
        lines.insert(lines[4], at: 5)
        try Fixture.writeLines(p, lines)
    }, expect: [(.duplicatedRecord, 0, 5)]),
    TamperCase(name: "record 3 removed", mutate: { dir in
        let p = try Fixture.segmentPath(dir, 2)
        var lines = try Fixture.readLines(p)
        lines.remove(at: 3)
        try Fixture.writeLines(p, lines)
    }, expect: [(.removedRecord, 2, 3)]),
    TamperCase(name: "forged record inserted at 6", mutate: { dir in
        let p = try Fixture.segmentPath(dir, 2)
        var lines = try Fixture.readLines(p)
        lines.insert(Fixture.event(999, day: 2).canonicalLine(), at: 6)
        try Fixture.writeLines(p, lines)
    }, expect: [(.insertedRecord, 2, 6)]),
    TamperCase(name: "segment file truncated", mutate: { dir in
        let p = try Fixture.segmentPath(dir, 1)
        Fixture.writable(p)
        let b = try FS.read(p)
        try Data(b.prefix(b.count - 12)).write(to: URL(fileURLWithPath: p))
    }, expect: [(.truncated, 1, nil), (.modifiedFile, 1, nil)]),
    TamperCase(name: "trailing data after the gzip stream", mutate: { dir in
        let p = try Fixture.segmentPath(dir, 1)
        Fixture.writable(p)
        try Data(try FS.read(p) + Array("extra".utf8)).write(to: URL(fileURLWithPath: p))
    }, expect: [(.trailingData, 1, nil), (.modifiedFile, 1, nil)]),
    TamperCase(name: "seal replaced by a re-signed one", mutate: { dir in
        var seal = try Fixture.loadSeal(dir, 1)
        seal.sealedAt = "2030-01-01T00:00:00.000000Z"
        try seal.sign(with: try Fixture.signingKey(dir))
        try Fixture.writeSeal(dir, seal)
    }, expect: [(.replacedSeal, 1, nil), (.brokenChain, 2, nil), (.checkpointFork, nil, nil)]),
    TamperCase(name: "seal field changed without re-signing", mutate: { dir in
        var seal = try Fixture.loadSeal(dir, 0)
        seal.retainUntil = "2027-01-01T00:00:00.000000Z"
        try Fixture.writeSeal(dir, seal)
    }, expect: [(.badSignature, 0, nil)]),
    TamperCase(name: "seal signed by an unknown key", mutate: { dir in
        var seal = try Fixture.loadSeal(dir, 2)
        try seal.sign(with: SigningKey())
        try Fixture.writeSeal(dir, seal)
    }, expect: [(.unknownKey, 2, nil)]),
    TamperCase(name: "hash chain broken (previousSeal rewritten and re-signed)", mutate: { dir in
        var seal = try Fixture.loadSeal(dir, 2)
        seal.previousSeal = Hash32.sha256(Array("forged".utf8))
        try seal.sign(with: try Fixture.signingKey(dir))
        try Fixture.writeSeal(dir, seal)
    }, expect: [(.brokenChain, 2, nil)]),
    TamperCase(name: "rolled back: newest seal and segment removed", mutate: { dir in
        try FileManager.default.removeItem(atPath: try Fixture.segmentPath(dir, 2))
        try FileManager.default.removeItem(atPath: StoreLayout(root: dir).sealFile(seq: 2))
    }, expect: [(.checkpointRollback, nil, nil)]),
    TamperCase(name: "forked checkpoint signed with the store key", mutate: { dir in
        let cp = Checkpoint(origin: "test.local/trail", size: 2, root: Hash32.sha256(Array("other".utf8)))
        let path = dir + "/checkpoints/2.checkpoint"
        Fixture.writable(path)
        try Data(try cp.signedNote(key: try Fixture.signingKey(dir)).utf8).write(to: URL(fileURLWithPath: path))
    }, expect: [(.checkpointFork, nil, nil)]),
    TamperCase(name: "checkpoint signature damaged", mutate: { dir in
        let path = dir + "/checkpoints/3.checkpoint"
        Fixture.writable(path)
        var note = try FS.readString(path)
        note = note.replacingOccurrences(of: "test.local/trail\n3\n", with: "test.local/trail\n4\n")
        try Data(note.utf8).write(to: URL(fileURLWithPath: path))
    }, expect: [(.badCheckpoint, nil, nil)]),
]

@Suite struct TamperTests {
    static let base: String = { try! Fixture.build(segments: 3, perSegment: 10, name: "tamper-base").1 }()

    @Test func untouchedStoreVerifies() throws {
        let report = Verifier(store: try Store(path: Self.base)).run()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.trailSize == 3)
        #expect(report.recordsChecked == 30)
        #expect(report.segmentsChecked == 3)
        #expect(report.checkpointsChecked == 3)
    }

    @Test(arguments: tamperCases)
    func tamperingIsDetectedAndNamed(_ c: TamperCase) throws {
        let dir = try Fixture.copy(Self.base)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try c.mutate(dir)
        let report = Verifier(store: try Store(path: dir)).run()
        #expect(!report.ok, "\(c.name): verify passed a damaged store")
        for (kind, seg, rec) in c.expect {
            let hit = report.problems.contains { p in
                p.kind == kind && (seg == nil || p.segment == StoreLayout.segmentName(seg!)) && (rec == nil || p.record == rec)
            }
            #expect(hit, "\(c.name): expected \(kind.rawValue) seg \(seg.map(String.init) ?? "-") rec \(rec.map(String.init) ?? "-"); got \(report.problems.map { "\($0.kind.rawValue) \($0.segment ?? "-") \($0.record.map(String.init) ?? "-"): \($0.message)" })")
        }
    }
}
