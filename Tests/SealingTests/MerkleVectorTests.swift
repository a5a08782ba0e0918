import Foundation
import Sealing
import Testing

/// Walks every proof vector in `vectors/` (copied from transparency-dev/merkle `testdata/`, see the
/// README there) and checks that verification fails exactly when the vector says it must.
@Suite("Merkle proof vectors")
struct MerkleVectorTests {
    /// `vectors/inclusion/**.json`.
    struct InclusionVector: Decodable {
        var leafIdx: UInt64
        var treeSize: UInt64
        var root: String
        var leafHash: String
        var proof: [String]?
        var desc: String
        var wantErr: Bool
    }

    /// `vectors/consistency/**.json`.
    struct ConsistencyVector: Decodable {
        var size1: UInt64
        var size2: UInt64
        var root1: String
        var root2: String
        var proof: [String]?
        var desc: String
        var wantErr: Bool
    }

    static func vectorsRoot() throws -> URL {
        try #require(Bundle.module.url(forResource: "vectors", withExtension: nil), "test resource 'vectors' is missing from the bundle")
    }

    /// Every `.json` file below `dir`, sorted, as (path relative to `vectors/`, URL).
    static func jsonFiles(under dir: URL, relativeTo root: URL) -> [(String, URL)] {
        guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, URL)] = []
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in walker where url.pathExtension == "json" {
            let full = url.standardizedFileURL.path
            found.append((full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full, url))
        }
        return found.sorted { $0.0 < $1.0 }
    }

    static func bytes(_ base64: String, _ file: String, _ field: String) throws -> [UInt8] {
        try Array(#require(Data(base64Encoded: base64), "\(file): field \(field) is not base64"))
    }

    @Test("every inclusion and consistency vector: error iff wantErr")
    func allVectors() throws {
        let root = try Self.vectorsRoot()
        let decoder = JSONDecoder()
        var inclusionCases = 0, consistencyCases = 0, happyCases = 0

        for (name, url) in Self.jsonFiles(under: root.appendingPathComponent("inclusion"), relativeTo: root) {
            let v = try decoder.decode(InclusionVector.self, from: Data(contentsOf: url))
            let proof = try (v.proof ?? []).enumerated().map { try Self.bytes($1, name, "proof[\($0)]") }
            let leafHash = try Self.bytes(v.leafHash, name, "leafHash"), rootHash = try Self.bytes(v.root, name, "root")
            var failure: Proofs.Failure?
            do {
                try Proofs.verifyInclusion(index: v.leafIdx, size: v.treeSize, leafHash: leafHash, proof: proof, root: rootHash)
            } catch { failure = error }
            #expect((failure != nil) == v.wantErr,
                    "\(name) (\(v.desc)): wantErr=\(v.wantErr) but got \(failure.map { "error: \($0)" } ?? "success")")
            inclusionCases += 1
            if !v.wantErr { happyCases += 1 }
        }

        for (name, url) in Self.jsonFiles(under: root.appendingPathComponent("consistency"), relativeTo: root) {
            let v = try decoder.decode(ConsistencyVector.self, from: Data(contentsOf: url))
            let proof = try (v.proof ?? []).enumerated().map { try Self.bytes($1, name, "proof[\($0)]") }
            let root1 = try Self.bytes(v.root1, name, "root1"), root2 = try Self.bytes(v.root2, name, "root2")
            var failure: Proofs.Failure?
            do {
                try Proofs.verifyConsistency(size1: v.size1, size2: v.size2, root1: root1, root2: root2, proof: proof)
            } catch { failure = error }
            #expect((failure != nil) == v.wantErr,
                    "\(name) (\(v.desc)): wantErr=\(v.wantErr) but got \(failure.map { "error: \($0)" } ?? "success")")
            consistencyCases += 1
            if !v.wantErr { happyCases += 1 }
        }

        // A wrong resource path must not pass vacuously.
        #expect(inclusionCases + consistencyCases > 150, "found only \(inclusionCases + consistencyCases) vectors under \(root.path)")
        #expect(inclusionCases > 50, "found only \(inclusionCases) inclusion vectors")
        #expect(consistencyCases > 50, "found only \(consistencyCases) consistency vectors")
        #expect(happyCases >= 10, "found only \(happyCases) happy-path vectors")
    }
}
