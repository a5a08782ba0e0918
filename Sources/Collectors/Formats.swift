import TrailModel

/// The record formats this build reads, and the parser for each (one parser per file).
public enum Formats {
    /// Every format name `ingest --format` and collector configs accept.
    public static var names: [String] { ["app-json", "syslog", "nginx-custom"] + AccessLogParser.builtInFormats + documentFormats }

    /// Formats whose records are not single lines (read through `DocumentIngest`).
    public static let documentFormats = ["app-json-array", "cloudevents", "cloudtrail", "dynamodb-streams", "qldb-journal", "journald-export", "journald-json",
                                         "pgaudit-csv", "pgaudit-stderr"]

    /// The document parser for a format in `documentFormats`, else nil. Non-AUDIT PostgreSQL log
    /// lines are kept as `postgres.<severity>` events, so nothing read is dropped.
    public static func documentParser(_ format: String, mapping: FieldMapping = .appJSON) -> DocumentParser? {
        switch format {
        case "app-json-array": return AppJSONArrayParser(mapping: mapping)
        case "cloudevents": return CloudEventsParser(mapping: mapping)
        case "cloudtrail": return CloudTrailParser()
        case "dynamodb-streams": return DynamoDBStreamsParser()
        case "qldb-journal": return QLDBJournalParser()
        case "journald-export": return JournaldParser(layout: .export)
        case "journald-json": return JournaldParser(layout: .json)
        case "pgaudit-csv": return PgAuditParser(layout: .csv, nonAudit: .keep)
        case "pgaudit-stderr": return PgAuditParser(layout: .stderr, nonAudit: .keep)
        default: return nil
        }
    }

    /// Builds the parser for `format`. `mapping` applies to `app-json`; `logFormat` (an nginx
    /// `log_format` string) is required for `nginx-custom`.
    public static func parser(_ format: String, mapping: FieldMapping = .appJSON, logFormat: String? = nil) throws -> RecordParser {
        switch format {
        case "app-json":
            return AppJSONParser(mapping: mapping)
        case "syslog":
            return SyslogParser()
        case "nginx-custom":
            guard let logFormat else { throw FormatError(reason: "format nginx-custom needs a log_format string (logFormat in the collector config)") }
            do { return try AccessLogParser(logFormat: logFormat) } catch { throw FormatError(reason: "logFormat: \(error)") }
        default:
            if let p = AccessLogParser(named: format) { return p }
            if documentParser(format) != nil {
                throw FormatError(reason: "format \(format) holds multi-line records: read it with DocumentIngest")
            }
            throw FormatError(reason: "unknown format '\(format)' (known: \(names.joined(separator: ", ")))")
        }
    }

    /// A format that cannot be built, with the reason.
    public struct FormatError: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }
}
