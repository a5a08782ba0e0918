/// The result of `verify`: what was checked and every problem found, each naming where.
public struct VerifyReport: Codable, Sendable {
    /// One finding. `kind` is a stable code scripts can match on.
    public struct Problem: Codable, Sendable, Equatable {
        public var kind: Kind
        public var segment: String?
        public var record: Int64?
        public var path: String?
        public var message: String
        public var expected: String?
        public var found: String?
    }

    /// The classes of damage `verify` tells apart.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case modifiedFile = "modified-file"
        case modifiedRecord = "modified-record"
        case reorderedRecords = "reordered-records"
        case duplicatedRecord = "duplicated-record"
        case insertedRecord = "inserted-record"
        case removedRecord = "removed-record"
        case recordsDiffer = "records-differ"
        case truncated
        case trailingData = "trailing-data"
        case corruptGzip = "corrupt-gzip"
        case missingSegment = "missing-segment"
        case missingSeal = "missing-seal"
        case extraFile = "extra-file"
        case badSeal = "bad-seal"
        case replacedSeal = "replaced-seal"
        case badSignature = "bad-signature"
        case unknownKey = "unknown-key"
        case brokenChain = "broken-chain"
        case badCheckpoint = "bad-checkpoint"
        case checkpointRollback = "checkpoint-rollback"
        case checkpointFork = "checkpoint-fork"
        case openWAL = "open-wal"
        case badTombstone = "bad-tombstone"
        case archiveDamaged = "archive-damaged"
        case archiveLeftover = "archive-leftover"
    }

    public var ok: Bool { problems.isEmpty }
    public var origin: String
    public var trailSize: UInt64
    public var trailRoot: String
    public var sealsChecked = 0
    public var segmentsChecked = 0
    public var recordsChecked: Int64 = 0
    public var bytesChecked: Int64 = 0
    public var checkpointsChecked = 0
    /// Segments deleted by retention whose tombstones verified.
    public var segmentsExpired = 0
    /// Segments whose file is not online but which a valid archive bundle holds.
    public var segmentsArchived = 0
    public var problems: [Problem] = []
    /// Things worth knowing that are not damage (e.g. records still in a WAL, not yet sealed).
    public var notes: [String] = []

    mutating func add(_ kind: Kind, segment: UInt64? = nil, record: Int64? = nil, path: String? = nil, _ message: String,
                      expected: String? = nil, found: String? = nil) {
        problems.append(Problem(kind: kind, segment: segment.map(StoreLayout.segmentName), record: record, path: path,
                                message: message, expected: expected, found: found))
    }
}
