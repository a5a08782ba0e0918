import Foundation
import Gzip
import TrailModel

/// A parser whose records are not single lines: JSON documents holding many records (CloudTrail,
/// DynamoDB Streams, QLDB blocks) or multi-line formats (systemd journal export, PostgreSQL csvlog).
public protocol DocumentParser {
    var format: String { get }
    /// How an input is cut into documents before `records(in:)` sees them.
    var unit: DocumentUnit { get }
    /// Every record of one document, as an event or a failure, in order.
    func records(in document: UnsafeRawBufferPointer, context: ParseContext) -> [Result<TrailEvent, RecordFailure>]
    /// True when the whole input is not event data and is to be skipped (e.g. a CloudTrail digest).
    func skipsInput(_ input: UnsafeRawBufferPointer) -> String?
}

/// How inputs are cut into documents.
public enum DocumentUnit: Sendable {
    /// The whole (decompressed) input is one document.
    case wholeInput
    /// Each line is one document.
    case line
    /// The whole input when it is one JSON document, else each line.
    case wholeOrLines
}

extension DocumentParser {
    public func skipsInput(_ input: UnsafeRawBufferPointer) -> String? { nil }
}

/// Reads inputs through a `DocumentParser` into a sink, with the same guarantees as `LineIngest`:
/// failures are quarantined byte-exact with offset and reason, every run reconciles, commits are
/// batched. Inputs are read whole (at most `maxInputBytes` after decompression).
public final class DocumentIngest: InputIngest {
    public let source: String
    public let parser: DocumentParser
    public let sink: EventSink
    public var timeZone: TimeZone?
    public var batchSize = 20_000
    /// The largest input read whole; larger inputs are refused with a clear error.
    public var maxInputBytes = 512 << 20
    public weak var progress: ProgressReporter?
    public var now: () -> Timestamp = { .now }
    /// Inputs skipped as a whole, with the reason (e.g. CloudTrail digest files).
    public private(set) var skippedInputs: [(path: String, reason: String)] = []

    public init(source: String, parser: DocumentParser, sink: EventSink) {
        self.source = source; self.parser = parser; self.sink = sink
    }

    private func readAll(_ path: String) throws -> [UInt8] {
        let src: ByteSource = path == "-" ? GzipSniffer(FileSource(fd: 0, path: "-")) : try openMaybeGzip(path: path).0
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try buf.withUnsafeMutableBytes { try src.read(into: $0) }
            if n == 0 { return out }
            out.append(contentsOf: buf[0..<n])
            if out.count > maxInputBytes {
                throw IngestError.input(file: path, reason: "larger than \(maxInputBytes) bytes; split it (format \(parser.format) is read whole)", after: Reconciliation())
            }
        }
    }

    public func ingest(path: String) throws -> Reconciliation {
        if path != "-" && !FileManager.default.fileExists(atPath: path) { throw GzipError.io(path: path, reason: "no such file") }
        let identity = path == "-" ? nil : try LineIngest.fileIdentity(path: path)
        let bytes: [UInt8]
        do { bytes = try readAll(path) } catch let e as GzipError {
            throw IngestError.input(file: path, reason: e.description, after: Reconciliation())
        }
        var counts = Reconciliation()
        counts.bytes = Int64(bytes.count)
        var sinceCommit = 0
        let context = ParseContext(source: source, received: now(), timeZone: timeZone)
        let line = ByteWriter(capacity: 1 << 16)
        try bytes.withUnsafeBytes { all in
            if let reason = parser.skipsInput(all) {
                skippedInputs.append((path, reason))
                return
            }
            for (docOffset, docLine, doc) in documents(all) {
                for (k, r) in parser.records(in: doc, context: context).enumerated() {
                    counts.read += 1
                    switch r {
                    case let .success(event):
                        let ident: DedupeIdentity? = event.id.map { .sourceId($0) }
                            ?? identity.map { .fileOffset(fileIdentity: $0, offset: Int64(docOffset) << 20 | Int64(k)) }
                        line.removeAll()
                        event.writeCanonical(into: line)
                        let prepared = PreparedEvent(line: [], time: event.time, source: event.source, id: event.id, identity: ident)
                        if try sink.accept(prepared, line: line.bytes) { counts.stored += 1 } else { counts.duplicates += 1 }
                    case let .failure(f):
                        try sink.quarantine(QuarantinedRecord(source: source, format: parser.format, file: path,
                                                              line: docLine + f.line - 1, offset: Int64(docOffset + f.offset),
                                                              reason: f.reason, bytes: f.bytes))
                        counts.quarantined += 1
                    }
                    sinceCommit += 1
                    if sinceCommit >= batchSize {
                        // Acknowledged at the end (`run`); meanwhile the disk flushes each batch as the next is parsed.
                        try sink.commitInBackground()
                        sinceCommit = 0
                        progress?.progress(file: path, counts: counts)
                    }
                }
            }
        }
        return counts
    }

    /// Cuts the input into (byte offset, 1-based line, bytes) documents per the parser's unit.
    private func documents(_ all: UnsafeRawBufferPointer) -> [(Int, Int, UnsafeRawBufferPointer)] {
        switch parser.unit {
        case .wholeInput:
            return [(0, 1, all)]
        case .wholeOrLines:
            if (try? JSONParser.parse(all)) != nil { return [(0, 1, all)] }
            return lines(all)
        case .line:
            return lines(all)
        }
    }

    private func lines(_ all: UnsafeRawBufferPointer) -> [(Int, Int, UnsafeRawBufferPointer)] {
        var out: [(Int, Int, UnsafeRawBufferPointer)] = []
        var start = 0, line = 1
        for i in 0...all.count where i == all.count || all[i] == 0x0A {
            var end = i
            if end > start, all[end - 1] == 0x0D { end -= 1 }
            let slice = UnsafeRawBufferPointer(rebasing: all[start..<end])
            if !slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { out.append((start, line, slice)) }
            start = i + 1
            line += 1
        }
        return out
    }
}

// MARK: - The document formats

/// Turns a parser that throws for a whole document into per-document results.
private func wrap(_ document: UnsafeRawBufferPointer, _ body: () throws(ParseFailure) -> [TrailEvent]) -> [Result<TrailEvent, RecordFailure>] {
    do { return try body().map { .success($0) } } catch {
        return [.failure(RecordFailure(offset: error.offset ?? 0, line: 1, reason: error.description, bytes: Array(document)))]
    }
}

extension CloudTrailParser: DocumentParser {
    public var unit: DocumentUnit { .wholeOrLines }
    public func records(in document: UnsafeRawBufferPointer, context: ParseContext) -> [Result<TrailEvent, RecordFailure>] {
        wrap(document) { () throws(ParseFailure) in try events(in: document, context: context) }
    }
    public func skipsInput(_ input: UnsafeRawBufferPointer) -> String? {
        isDigest(input) ? "CloudTrail digest file (integrity data, not events)" : nil
    }
}

extension DynamoDBStreamsParser: DocumentParser {
    public var unit: DocumentUnit { .wholeOrLines }
    public func records(in document: UnsafeRawBufferPointer, context: ParseContext) -> [Result<TrailEvent, RecordFailure>] {
        wrap(document) { () throws(ParseFailure) in try events(in: document, context: context) }
    }
}

extension QLDBJournalParser: DocumentParser {
    public var unit: DocumentUnit { .line }
    public func records(in document: UnsafeRawBufferPointer, context: ParseContext) -> [Result<TrailEvent, RecordFailure>] {
        wrap(document) { () throws(ParseFailure) in try events(in: document, context: context) }
    }
}

extension JournaldParser: DocumentParser {
    public var unit: DocumentUnit { .wholeInput }
}

extension PgAuditParser: DocumentParser {
    public var unit: DocumentUnit { .wholeInput }
}
