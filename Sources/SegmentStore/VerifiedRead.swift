import Crypto
import Gzip
import Sealing
import TrailModel

/// Reads a sealed segment's records while proving them: the seal's signature and chain link are
/// checked first, then the file is streamed once (file SHA-256 and size, strict gunzip, content
/// SHA-256, every leaf) and compared with the seal when the stream ends.
///
/// Callers that build something from the records (the SQLite index) do it inside a transaction and
/// discard it when this throws: nothing unverified is kept.
public enum VerifiedRead {
    /// Calls `body(index, line)` for each record of `seal`'s segment, then checks everything against
    /// the seal. Throws `StoreError.badSeal` naming the segment and what differs.
    /// Checks the seal alone: signature, chain link and path (for segments whose file is not read:
    /// deleted by retention, archived, or pruned from the hot index).
    public static func checkSeal(_ seal: Seal, keys: [String: VerifyingKey], previousSeal: Hash32?) throws {
        func fail(_ reason: String) -> StoreError { .badSeal(path: seal.path, reason: "segment \(StoreLayout.segmentName(seal.segment)): \(reason)") }
        guard let key = keys[seal.keyId] else { throw fail("signed by unknown key \(seal.keyId)") }
        guard key.isValid(signature: seal.signature ?? [], for: seal.signingBytes) else {
            throw fail("seal signature does not verify with key \(seal.keyId)")
        }
        guard seal.previousSeal == previousSeal else { throw fail("seal does not link to the previous seal (hash chain broken)") }
        guard seal.path == seal.expectedPath else { throw fail("seal names an unexpected path") }
    }

    public static func eachRecord(layout: StoreLayout, seal: Seal, keys: [String: VerifyingKey], previousSeal: Hash32?,
                                  _ body: (Int, UnsafeRawBufferPointer, Hash32) throws -> Void) throws {
        try checkSeal(seal, keys: keys, previousSeal: previousSeal)
        let name = "segment \(StoreLayout.segmentName(seal.segment))"
        func fail(_ reason: String) -> StoreError { .badSeal(path: seal.path, reason: "\(name): \(reason)") }
        let hashing = HashingSource(try FileSource(path: layout.absolute(seal.path)))
        let lines = LineReader(GzipSource(hashing, allowConcatenatedMembers: true), maxLineBytes: 64 << 20)
        var content = SHA256()
        var leaves: [Hash32] = []
        leaves.reserveCapacity(Int(max(0, seal.records)))
        do { try lines.forEach { item in
            switch item {
            case let .line(bytes, _, _):
                content.update(bufferPointer: bytes)
                content.update(data: [0x0A])
                let leaf = Merkle.leafHash(bytes)
                try body(leaves.count, bytes, leaf)
                leaves.append(leaf)
            case .oversized:
                throw fail("record \(leaves.count) is longer than any sealed record can be")
            }
        } } catch let e as GzipError {
            throw fail("record \(leaves.count): \(e)")
        }
        hashing.drain()
        guard hashing.digest() == seal.fileSHA256, hashing.count == seal.fileBytes else { throw fail("file bytes differ from the seal") }
        guard Hash32(content.finalize()) == seal.contentSHA256 else { throw fail("content differs from the seal") }
        guard Int64(leaves.count) == seal.records else { throw fail("holds \(leaves.count) records, sealed with \(seal.records)") }
        guard Merkle.root(leaves) == seal.merkleRoot else { throw fail("Merkle root differs from the seal") }
    }
}
