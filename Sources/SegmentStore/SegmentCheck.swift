import Crypto
import Gzip
import Sealing
import TrailModel

/// Re-reads one segment file and compares every byte, record and hash with its seal.
struct SegmentCheck {
    let layout: StoreLayout
    let seal: Seal

    /// Streams the file once: file hash and size, strict gunzip, content hash, leaf hashes, root.
    func run() -> (problems: [VerifyReport.Problem], records: Int64, bytes: Int64) {
        var report = VerifyReport(origin: "", trailSize: 0, trailRoot: "")
        let seq = seal.segment
        let path = layout.absolute(seal.path)
        let file: FileSource
        do { file = try FileSource(path: path) } catch {
            report.add(.missingSegment, segment: seq, path: seal.path, "segment file is missing (sealed with \(seal.records) records)")
            return (report.problems, 0, 0)
        }
        let hashing = HashingSource(file)
        let gz = GzipSource(hashing, allowConcatenatedMembers: true)
        let lines = LineReader(gz, maxLineBytes: 64 << 20)
        var content = SHA256()
        var leaves: [Hash32] = []
        var contentBytes: Int64 = 0
        var badLine: Int64?
        var streamError: GzipError?
        do {
            try lines.forEach { item in
                switch item {
                case let .line(bytes, _, _):
                    content.update(bufferPointer: bytes)
                    content.update(data: [0x0A])
                    contentBytes += Int64(bytes.count + 1)
                    leaves.append(Merkle.leafHash(bytes))
                case let .oversized(_, _, _, length):
                    if badLine == nil { badLine = Int64(leaves.count) }
                    leaves.append(Merkle.emptyRoot)
                    contentBytes += length + 1
                }
            }
        } catch let e as GzipError {
            streamError = e
        } catch {
            streamError = .io(path: path, reason: "\(error)")
        }
        // Drain the file so the file hash covers every byte even after a gzip error.
        hashing.drain()
        let fileHash = hashing.digest()
        if fileHash != seal.fileSHA256 || hashing.count != seal.fileBytes {
            report.add(.modifiedFile, segment: seq, path: seal.path,
                       "file bytes differ from the seal (\(hashing.count) bytes, sealed \(seal.fileBytes))",
                       expected: seal.fileSHA256.hex, found: fileHash.hex)
        }
        let n = Int64(leaves.count)
        switch streamError {
        case let .truncated(off)?:
            report.add(.truncated, segment: seq, record: n, path: seal.path,
                       "gzip stream ends early at compressed byte \(off), after \(n) complete records of \(seal.records)")
        case let .trailingData(off)?:
            report.add(.trailingData, segment: seq, path: seal.path, "\(hashing.count - off) unexpected bytes after the gzip stream at byte \(off)")
        case let .corrupt(reason, off)?:
            report.add(.corruptGzip, segment: seq, record: n, path: seal.path,
                       "compressed data damaged near byte \(off) (\(reason)), in or after record \(n)")
        case let .io(_, reason)?:
            report.add(.missingSegment, segment: seq, path: seal.path, "cannot read segment: \(reason)")
        case .initFailed?, .tooLarge?, nil:
            break
        }
        if lines.endedWithoutNewline, streamError == nil {
            report.add(.modifiedRecord, segment: seq, record: n - 1, path: seal.path, "last record is not newline-terminated")
        }
        let root = Merkle.root(leaves)
        if streamError == nil || isTrailing(streamError) {
            if root != seal.merkleRoot || n != seal.records {
                localize(leaves: leaves, into: &report)
            } else if Hash32(content.finalize()) != seal.contentSHA256 {
                report.add(.recordsDiffer, segment: seq, path: seal.path, "content hash differs although every record hash matches")
            }
        }
        return (report.problems, n, contentBytes)
    }

    private func isTrailing(_ e: GzipError?) -> Bool {
        if case .trailingData? = e { return true }
        return false
    }

    /// Names which records changed, using the leaf list kept at sealing when its root proves it authentic.
    private func localize(leaves actual: [Hash32], into report: inout VerifyReport) {
        let seq = seal.segment
        let sealed = seal.records
        let n = Int64(actual.count)
        guard let expected = loadExpectedLeaves() else {
            report.add(.recordsDiffer, segment: seq, path: seal.path,
                       "records do not match the sealed Merkle root (\(n) records, sealed \(sealed)); no authentic leaf list to locate them",
                       expected: seal.merkleRoot.hex, found: Merkle.root(actual).hex)
            return
        }
        let e = expected.count, a = actual.count
        if a == e {
            let diff = (0..<a).filter { actual[$0] != expected[$0] }
            let moved = diff.allSatisfy { i in diff.contains { expected[$0] == actual[i] } }
            if diff.count >= 2 && moved {
                report.add(.reorderedRecords, segment: seq, record: Int64(diff[0]), path: seal.path,
                           "records \(list(diff)) are in a different order than sealed")
            } else {
                for i in diff.prefix(20) {
                    report.add(.modifiedRecord, segment: seq, record: Int64(i), path: seal.path, "record \(i) was modified",
                               expected: expected[i].hex, found: actual[i].hex)
                }
                if diff.count > 20 { report.add(.modifiedRecord, segment: seq, path: seal.path, "\(diff.count - 20) more records modified") }
            }
            return
        }
        let first = (0..<min(a, e)).first { actual[$0] != expected[$0] } ?? min(a, e)
        if a > e {
            let extra = a - e
            if Array(actual[(first + extra)...]) == Array(expected[first...]) {
                for i in first..<(first + extra) {
                    if let j = expected.firstIndex(of: actual[i]) {
                        report.add(.duplicatedRecord, segment: seq, record: Int64(i), path: seal.path, "record \(i) is an extra copy of sealed record \(j)")
                    } else {
                        report.add(.insertedRecord, segment: seq, record: Int64(i), path: seal.path, "record \(i) was inserted (not in the sealed segment)")
                    }
                }
                return
            }
        } else {
            let missing = e - a
            if Array(actual[first...]) == Array(expected[(first + missing)...]) {
                for i in first..<(first + missing) {
                    report.add(.removedRecord, segment: seq, record: Int64(i), path: seal.path, "sealed record \(i) was removed")
                }
                return
            }
        }
        report.add(.recordsDiffer, segment: seq, record: Int64(first), path: seal.path,
                   "records differ from the seal from record \(first) on (\(a) records, sealed \(e))",
                   expected: seal.merkleRoot.hex, found: Merkle.root(actual).hex)
    }

    private func list(_ xs: [Int]) -> String {
        xs.prefix(10).map(String.init).joined(separator: ", ") + (xs.count > 10 ? ", …" : "")
    }

    private func loadExpectedLeaves() -> [Hash32]? { Self.sealedLeaves(layout: layout, seal: seal) }

    /// The leaf list kept at sealing (`index/leaves/<segment>.leaves`), only when its Merkle root is the
    /// signed `merkleRoot` (so it is as trustworthy as the seal); nil otherwise.
    static func sealedLeaves(layout: StoreLayout, seal: Seal) -> [Hash32]? {
        guard let bytes = try? FS.read(layout.leavesFile(seq: seal.segment)), bytes.count % 32 == 0 else { return nil }
        var leaves: [Hash32] = []
        leaves.reserveCapacity(bytes.count / 32)
        var k = 0
        while k < bytes.count { leaves.append(Hash32(bytes: bytes[k..<k + 32])!); k += 32 }
        guard Int64(leaves.count) == seal.records, Merkle.root(leaves) == seal.merkleRoot else { return nil }
        return leaves
    }

}

/// Passes bytes through while hashing them and counting them.
final class HashingSource: ByteSource {
    private let upstream: ByteSource
    private var hasher = SHA256()
    private(set) var count: Int64 = 0

    init(_ upstream: ByteSource) { self.upstream = upstream }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try upstream.read(into: buffer)
        if n > 0 { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n])); count += Int64(n) }
        return n
    }

    /// Reads the rest of the upstream so the hash covers the whole file.
    func drain() {
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while let n = try? buf.withUnsafeMutableBytes({ try read(into: $0) }), n > 0 {}
    }

    func digest() -> Hash32 { Hash32(hasher.finalize()) }
}

extension Verifier {
    /// Re-reads one online segment against its seal (file hash and size, gunzip, content hash,
    /// every leaf, root). Empty when it matches.
    public static func checkSegment(layout: StoreLayout, seal: Seal) -> [VerifyReport.Problem] {
        SegmentCheck(layout: layout, seal: seal).run().problems
    }
}
