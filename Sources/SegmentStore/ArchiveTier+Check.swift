#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Gzip
import Sealing
import TrailModel

/// Checks of archived bytes: a segment held in memory against its seal, and whole files by hash.
enum ArchiveCheck {
    /// The outcome of checking one segment's bytes.
    struct Outcome {
        /// What differs from the seal; empty when the bytes are exactly what was sealed.
        var problems: [String] = []
        var records: Int64 = 0
        var contentBytes: Int64 = 0
        /// Every record's leaf hash, in file order.
        var leaves: [Hash32] = []
    }

    /// What differs between `bytes` (a segment file) and `seal`: size and SHA-256 of the file,
    /// strict gunzip, content SHA-256, record count and Merkle root over every leaf.
    static func differences(bytes: [UInt8], seal: Seal) -> Outcome {
        var out = Outcome()
        let fileHash = Hash32.sha256(bytes)
        if fileHash != seal.fileSHA256 || Int64(bytes.count) != seal.fileBytes {
            out.problems.append("file bytes differ from the seal (\(bytes.count) bytes, SHA-256 \(fileHash.hex); sealed \(seal.fileBytes) bytes, \(seal.fileSHA256.hex))")
        }
        let lines = LineReader(GzipSource(MemorySource(bytes), allowConcatenatedMembers: true), maxLineBytes: 64 << 20)
        var content = SHA256()
        var leaves: [Hash32] = []
        leaves.reserveCapacity(Int(max(0, min(seal.records, 2_000_000))))
        var contentBytes: Int64 = 0
        do {
            try lines.forEach { item in
                switch item {
                case let .line(line, _, _):
                    content.update(bufferPointer: line)
                    content.update(data: [0x0A])
                    contentBytes += Int64(line.count + 1)
                    leaves.append(Merkle.leafHash(line))
                case .oversized:
                    throw ArchiveCheckFailure(reason: "record \(leaves.count) is longer than any sealed record can be")
                }
            }
        } catch let e as ArchiveCheckFailure {
            out.problems.append(e.reason)
            return out
        } catch {
            out.problems.append("gzip: \(error) (after \(leaves.count) complete records of \(seal.records))")
            return out
        }
        out.records = Int64(leaves.count)
        out.contentBytes = contentBytes
        if lines.endedWithoutNewline { out.problems.append("last record is not newline-terminated") }
        if Int64(leaves.count) != seal.records { out.problems.append("holds \(leaves.count) records, sealed with \(seal.records)") }
        let root = Merkle.root(leaves)
        if root != seal.merkleRoot { out.problems.append("Merkle root \(root.hex) differs from the sealed \(seal.merkleRoot.hex)") }
        if Hash32(content.finalize()) != seal.contentSHA256 { out.problems.append("content SHA-256 differs from the seal") }
        out.leaves = leaves
        return out
    }

    /// SHA-256 and size of a file, streamed.
    static func digest(path: String) throws -> (Hash32, Int64) {
        do {
            let hashing = HashingSource(try FileSource(path: path))
            var buf = [UInt8](repeating: 0, count: 1 << 20)
            while try buf.withUnsafeMutableBytes({ try hashing.read(into: $0) }) > 0 {}
            return (hashing.digest(), hashing.count)
        } catch let GzipError.io(p, r) {
            throw StoreError.io(path: p, reason: r)
        }
    }

    /// Free bytes for unprivileged writers on the file system holding `path`, or nil.
    static func freeBytes(_ path: String) -> Int64? {
        var st = statvfs()
        guard statvfs(path, &st) == 0 else { return nil }
        return Int64(st.f_bavail) * Int64(st.f_frsize)
    }

    /// Makes a written file's bytes durable.
    static func fsyncFile(_ path: String) throws {
        let fd = try FS.open(path, O_RDONLY)
        defer { close(fd) }
        try FS.fsync(fd, path: path)
    }

    /// Writes `bytes` to a new temp file beside `path`, fsync'd; returns the temp's path.
    static func writeTemp(for path: String, _ bytes: [UInt8]) throws -> String {
        let tmp = FS.parent(path) + "/." + FS.baseName(path) + ".tmp-\(getpid())"
        let fd = try FS.open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        do {
            try bytes.withUnsafeBytes { try FS.writeAll(fd, $0, path: tmp) }
            try FS.fsync(fd, path: tmp)
            close(fd)
        } catch { close(fd); unlink(tmp); throw error }
        return tmp
    }
}

struct ArchiveCheckFailure: Error { var reason: String }
