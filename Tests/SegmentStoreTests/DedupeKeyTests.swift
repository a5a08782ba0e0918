import Testing
import SegmentStore

/// A dedupe key is SHA-256 of its kind and parts; keys written by earlier versions are on disk, so the
/// allocation-free constructors must hash exactly the bytes of the general one.
@Suite struct DedupeKeyTests {
    static let offsets: [Int64] = [0, 1, 9, 10, 99, 100, 12_345, 1 << 31, 1 << 40, Int64.max, -1, -42, Int64.min]

    @Test(arguments: offsets)
    func fileOffsetKeyHashesTheSameBytesAsTheGeneralForm(offset: Int64) {
        let fast = DedupeKey.fileOffset(source: "app", fileIdentity: "2049:131:0a1b2c3d", offset: offset)
        let general = DedupeKey(kind: "file", parts: ["app", "2049:131:0a1b2c3d", String(offset)])
        #expect(fast == general)
    }

    @Test(arguments: [("app", "evt-1"), ("", ""), ("web", "ünïcode id"), ("a", "x\u{0}y")])
    func sourceIdKeyHashesTheSameBytesAsTheGeneralForm(source: String, id: String) {
        #expect(DedupeKey.sourceId(source: source, id: id) == DedupeKey(kind: "id", parts: [source, id]))
    }

    @Test func keysOfDifferentOffsetsOrFilesDiffer() {
        let a = DedupeKey.fileOffset(source: "app", fileIdentity: "f", offset: 12)
        #expect(a != DedupeKey.fileOffset(source: "app", fileIdentity: "f", offset: 21))
        #expect(a != DedupeKey.fileOffset(source: "app", fileIdentity: "g", offset: 12))
        #expect(a != DedupeKey.fileOffset(source: "ap", fileIdentity: "pf", offset: 12), "parts are separated")
        #expect(Set([a, a, DedupeKey.fileOffset(source: "app", fileIdentity: "f", offset: 13)]).count == 2)
    }
}
