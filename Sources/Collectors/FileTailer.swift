#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import Gzip
import TrailModel

/// Follows log files as they grow (`sealtrail tail`), with per-file checkpoints, so that a restart
/// resumes exactly where the acknowledged data ends: no loss, no duplicates.
///
/// - Files are named by paths and globs, re-expanded at every poll, so new files are picked up.
/// - A file is tracked by (device, inode) plus a generation: a file that shrinks below its
///   checkpoint (copytruncate) or whose first bytes change (inode reuse) starts a new generation at
///   offset 0. The dedupe key of a record without its own id is (source, `dev:ino:gen`, byte offset).
/// - Rotation by rename: the old inode stays open and is read to its end (a writer may still be
///   appending) until it has been quiet for `rotatedIdlePolls` polls; then its last bytes, even
///   without a newline, are taken as a final record.
/// - Only complete lines are read from live files: a partial last line waits for its newline.
/// - A line longer than `maxRecordBytes` is quarantined (its first bytes and its length).
/// - Checkpoints (`state/tail/<source>.json`) are written after the sink's commit (WAL fsync) of the
///   records they cover. A crash between the two only makes the next run re-read records the
///   dedupe keys already hold.
public final class FileTailer {
    public struct Options: Sendable {
        public var pollInterval: Double = 0.25
        public var maxRecordBytes = 1 << 20
        /// Stop after this many seconds without new data (nil: run until stopped).
        public var exitAfterIdle: Double?
        public var rotatedIdlePolls = 4
        public var timeZone: TimeZone?
        public init() {}
    }

    struct Tracked: Codable {
        var dev: UInt64
        var ino: UInt64
        var gen: Int
        var offset: Int64
        var head: String
        var path: String
    }

    final class Open {
        var state: Tracked
        let fd: Int32
        var rotated = false
        var quietPolls = 0
        init(state: Tracked, fd: Int32) { self.state = state; self.fd = fd }
        deinit { close(fd) }
        var key: String { "\(state.dev):\(state.ino)" }
        var identity: String { "\(state.dev):\(state.ino):\(state.gen)" }
    }

    public let source: String
    public let parser: RecordParser
    public let sink: EventSink
    public let patterns: [String]
    public let statePath: String
    public var options: Options
    public weak var progress: ProgressReporter?
    private var open: [String: Open] = [:]
    private var saved: [String: Tracked] = [:]
    public private(set) var counts = Reconciliation()
    /// Compressed files a glob matched (rotated archives): not followed; `ingest` reads them.
    public private(set) var skipped: [String] = []
    private var skippedCompressed = Set<String>()
    static let compressedSuffixes = [".gz", ".bz2", ".xz", ".zst", ".lz4", ".zip"]

    public init(source: String, parser: RecordParser, sink: EventSink, patterns: [String], statePath: String, options: Options = Options()) {
        self.source = source; self.parser = parser; self.sink = sink; self.patterns = patterns
        self.statePath = statePath; self.options = options
    }

    /// Polls until `shouldStop()` or the idle limit; returns the run's counts.
    public func run(shouldStop: () -> Bool = { false }) throws -> Reconciliation {
        try loadState()
        reopenRotated()
        var idleSince = Date()
        while !shouldStop() {
            let progressed = try pollOnce()
            if progressed { idleSince = Date() }
            if let limit = options.exitAfterIdle, Date().timeIntervalSince(idleSince) >= limit { break }
            if !progressed { usleep(UInt32(options.pollInterval * 1_000_000)) }
        }
        try sink.commit()
        try saveState()
        return counts
    }

    /// One pass over every matching and still-open file; true when any bytes were consumed.
    @discardableResult
    public func pollOnce() throws -> Bool {
        var progressed = false
        var seenKeys = Set<String>()
        for path in expand() {
            if Self.compressedSuffixes.contains(where: { path.hasSuffix($0) }) {
                if skippedCompressed.insert(path).inserted { skipped.append(path) }
                continue
            }
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            let key = "\(UInt64(st.st_dev)):\(UInt64(st.st_ino))"
            seenKeys.insert(key)
            let file: Open
            if let f = open[key] {
                file = f
                file.state.path = path
                file.rotated = false
            } else {
                let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { continue }
                var state = saved[key] ?? Tracked(dev: UInt64(st.st_dev), ino: UInt64(st.st_ino), gen: 0, offset: 0, head: "", path: path)
                state.path = path
                file = Open(state: state, fd: fd)
                open[key] = file
            }
            try checkIdentity(file, size: Int64(st.st_size))
            if try read(file, final: false) { progressed = true }
        }
        // Files no longer at any matching path (renamed away or deleted): drain, then let go.
        for (key, file) in open where !seenKeys.contains(key) {
            file.rotated = true
            if try read(file, final: false) { progressed = true; file.quietPolls = 0 } else { file.quietPolls += 1 }
            if file.quietPolls >= options.rotatedIdlePolls {
                if try read(file, final: true) { progressed = true }
                open[key] = nil
            }
        }
        if progressed {
            try sink.commit()
            try saveState()
            progress?.progress(file: source, counts: counts)
        }
        return progressed
    }

    // MARK: Identity and checkpoints

    private func head(_ fd: Int32, max: Int) -> String {
        var buf = [UInt8](repeating: 0, count: max)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, max, 0) }
        guard n > 0 else { return "" }
        return "\(n):" + SHA256.hash(data: buf[0..<n]).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// Detects copytruncate (shrunk below the checkpoint) and inode reuse (first bytes changed).
    private func checkIdentity(_ file: Open, size: Int64) throws {
        var s = file.state
        if size < s.offset {
            s.gen += 1; s.offset = 0; s.head = ""
        } else if !s.head.isEmpty, let n = Int(s.head.split(separator: ":")[0]), size >= Int64(n), head(file.fd, max: n) != s.head {
            s.gen += 1; s.offset = 0; s.head = ""
        }
        if s.head.isEmpty || s.head.hasPrefix("0:") { s.head = head(file.fd, max: 64) }
        else if let n = Int(s.head.split(separator: ":")[0]), n < 64, size > Int64(n) { s.head = head(file.fd, max: 64) }
        file.state = s
    }

    /// After a restart: a tracked file that was renamed while we were down (rotation) is found again
    /// by its inode in the same directory and read to its end.
    private func reopenRotated() {
        for (key, t) in saved where open[key] == nil {
            let dir = (t.path as NSString).deletingLastPathComponent
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? [] {
                let path = (dir.isEmpty ? "" : dir + "/") + name
                var st = stat()
                guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
                      UInt64(st.st_dev) == t.dev, UInt64(st.st_ino) == t.ino, Int64(st.st_size) > t.offset else { continue }
                let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { continue }
                var state = t
                state.path = path
                let file = Open(state: state, fd: fd)
                file.rotated = true
                open[key] = file
                break
            }
        }
    }

    private func loadState() throws {
        guard FileManager.default.fileExists(atPath: statePath) else { return }
        let data = try Data(contentsOf: URL(fileURLWithPath: statePath))
        let list = try JSONDecoder().decode([Tracked].self, from: data)
        for t in list { saved["\(t.dev):\(t.ino)"] = t }
    }

    private func saveState() throws {
        for f in open.values { saved[f.key] = f.state }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let bytes = try enc.encode(saved.values.sorted { ($0.dev, $0.ino) < ($1.dev, $1.ino) })
        let dir = (statePath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tmp = statePath + ".tmp"
        let fd = Glibc.open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw GzipError.io(path: tmp, reason: String(cString: strerror(errno))) }
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
        guard rename(tmp, statePath) == 0 else { throw GzipError.io(path: statePath, reason: String(cString: strerror(errno))) }
    }

    // MARK: Reading

    /// Reads complete lines from the checkpoint to the end (all bytes when `final`).
    private func read(_ file: Open, final: Bool) throws -> Bool {
        var progressed = false
        let chunk = 1 << 20
        var buf = [UInt8](repeating: 0, count: chunk)
        var pending: [UInt8] = []
        var pendingStart = file.state.offset
        var readAt = file.state.offset
        while true {
            let n = buf.withUnsafeMutableBytes { pread(file.fd, $0.baseAddress, chunk, off_t(readAt)) }
            if n < 0 { throw GzipError.io(path: file.state.path, reason: String(cString: strerror(errno))) }
            if n == 0 { break }
            readAt += Int64(n)
            pending.append(contentsOf: buf[0..<n])
            // Take every complete line.
            var start = 0
            while let nl = pending[start...].firstIndex(of: 0x0A) {
                try record(Array(pending[start..<nl]), file: file, offset: pendingStart + Int64(start))
                start = nl + 1
            }
            if start > 0 {
                pendingStart += Int64(start)
                pending.removeFirst(start)
                file.state.offset = pendingStart
                progressed = true
            }
            if pending.count > options.maxRecordBytes {
                // Too long to be a record: quarantine its start and skip to the next newline.
                let skipFrom = pendingStart
                var length = Int64(pending.count)
                let prefix = Array(pending.prefix(256))
                pending.removeAll()
                while true {
                    let m = buf.withUnsafeMutableBytes { pread(file.fd, $0.baseAddress, chunk, off_t(readAt)) }
                    if m <= 0 { break }
                    if let nl = buf[0..<m].firstIndex(of: 0x0A) {
                        length += Int64(nl)
                        readAt += Int64(nl + 1)
                        break
                    }
                    length += Int64(m); readAt += Int64(m)
                }
                counts.read += 1
                counts.quarantined += 1
                try sink.quarantine(QuarantinedRecord(source: source, format: parser.format, file: file.state.path, line: 0, offset: skipFrom,
                                                      reason: "record of \(length) bytes exceeds the \(options.maxRecordBytes)-byte limit; only its first \(prefix.count) bytes are kept",
                                                      bytes: prefix))
                pendingStart = readAt
                file.state.offset = readAt
                progressed = true
            }
        }
        if final && !pending.isEmpty {
            try record(pending, file: file, offset: pendingStart)
            file.state.offset = pendingStart + Int64(pending.count)
            progressed = true
        }
        return progressed
    }

    private func record(_ line: [UInt8], file: Open, offset: Int64) throws {
        var bytes = line
        if bytes.last == 0x0D { bytes.removeLast() }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
        counts.read += 1
        counts.bytes += Int64(line.count + 1)
        let context = ParseContext(source: source, received: .now, timeZone: options.timeZone)
        do {
            var prepared = try bytes.withUnsafeBytes { raw throws(ParseFailure) in try parser.prepare(raw, context: context) }
            prepared.identity = prepared.id.map { .sourceId($0) } ?? .fileOffset(fileIdentity: file.identity, offset: offset)
            if try sink.accept(prepared) { counts.stored += 1 } else { counts.duplicates += 1 }
        } catch let f as ParseFailure {
            counts.quarantined += 1
            try sink.quarantine(QuarantinedRecord(source: source, format: parser.format, file: file.state.path, line: 0,
                                                  offset: offset, reason: f.description, bytes: bytes))
        }
    }

    private func expand() -> [String] { Paths.expand(patterns) }
}

/// Shell-style path patterns.
public enum Paths {
    /// Every existing path the patterns (`*`, `?`, `[…]`, or plain paths) match, without repeats, sorted.
    public static func expand(_ patterns: [String]) -> [String] {
        var out: [String] = []
        for p in patterns {
            var g = glob_t()
            defer { globfree(&g) }
            if glob(p, 0, nil, &g) == 0 {
                for i in 0..<Int(g.gl_pathc) { if let c = g.gl_pathv[i] { out.append(String(cString: c)) } }
            }
        }
        return Array(Set(out)).sorted()
    }
}
