import Foundation
@testable import SegmentStore
import Testing
import TrailModel

@Suite struct ProverTests {
    @Test func proofsVerifyOfflineAndDamagedRecordsAreNotProven() throws {
        let (store, dir) = try Fixture.build(segments: 2, perSegment: 10, name: "prover")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for ref in ["0:0", "1:9", "evt-app-1-4"] {
            let proof = try Prover.prove(store: store, ref: ref)
            let v = try Prover.verify(proof: proof)
            #expect(v.checkpoint.size == 2)
        }
        // Change record 3 of segment 1 in a copy: that record can no longer be proven, its neighbours still can.
        let copy = try Fixture.copy(dir)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let path = try Fixture.segmentPath(copy, 1)
        var lines = try Fixture.readLines(path)
        lines[3] = Fixture.event(77, day: 1).canonicalLine()
        try Fixture.writeLines(path, lines)
        let damaged = try Store(path: copy)
        #expect(throws: StoreError.self) { _ = try Prover.prove(store: damaged, ref: "1:3") }
        // Without the sealed leaf list, the segment is re-read and found not to match its seal.
        try FileManager.default.removeItem(atPath: StoreLayout(root: copy).leavesFile(seq: 1))
        #expect(throws: StoreError.self) { _ = try Prover.prove(store: damaged, ref: "1:4") }
        _ = try Prover.verify(proof: try Prover.prove(store: damaged, ref: "0:2"))
    }
}
