import Foundation
import TrailModel

extension PgAuditParser {
    /// Maps one log record's csvlog columns to an event (see the table on `PgAuditParser`); nil when it
    /// is not a pgaudit entry and such lines are skipped.
    func map(_ c: [String?], raw: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> TrailEvent? {
        func col(_ k: Int) -> String? { c[k] }
        func nonEmpty(_ k: Int) -> String? { c[k].flatMap { $0.isEmpty ? nil : $0 } }
        let message = col(PgColumn.message) ?? ""
        let severity = col(PgColumn.severity)
        let failed = ["ERROR", "FATAL", "PANIC"].contains(severity ?? "")
        let isAudit = message.hasPrefix("AUDIT: ")
        if !isAudit && nonAudit == .skip { return nil }

        guard let timeText = nonEmpty(PgColumn.logTime) else { throw ParseFailure("no log_time") }
        let (time, clock) = try Self.readTime(timeText, context: context)

        var attributes: [(String, JSONValue)] = []
        var action: String
        var resource = nonEmpty(PgColumn.database)
        if isAudit {
            guard let f = PgAuditCSV.fields(of: message.dropFirst("AUDIT: ".count)), f.count >= 8 else {
                throw ParseFailure("AUDIT message is not 9 CSV fields (type, statement id, substatement id, class, command, object type, object name, statement, parameter)")
            }
            let auditType = f[0] ?? "", klass = f[3] ?? "", command = f[4] ?? ""
            guard auditType == "SESSION" || auditType == "OBJECT" else {
                throw ParseFailure("AUDIT type must be SESSION or OBJECT")
            }
            action = klass + ":" + command
            if let object = f[6], !object.isEmpty { resource = object }
            let parameter: JSONValue = f.count > 8 ? .string(f[8...].map { $0 ?? "" }.joined(separator: ",")) : .null
            attributes = [
                ("auditType", .string(auditType)), ("statementId", Self.number(f[1])), ("substatementId", Self.number(f[2])),
                ("class", .string(klass)), ("command", .string(command)), ("objectType", Self.text(f[5])),
                ("objectName", Self.text(f[6])), ("statement", Self.text(f[7])), ("parameter", parameter),
            ]
        } else {
            action = "postgres." + (severity ?? "log").lowercased()
        }
        attributes += [("database", Self.text(col(PgColumn.database))), ("application", Self.text(col(PgColumn.application))),
                       ("processId", Self.number(col(PgColumn.pid)))]

        var origin: String?
        if let from = nonEmpty(PgColumn.connectionFrom) {
            let (host, port) = Self.hostAndPort(from)
            origin = host
            if let port { attributes.append(("port", Self.number(port))) }
        }
        let rest: [(String, Int, Bool)] = [
            ("sessionLine", PgColumn.sessionLine, true), ("commandTag", PgColumn.commandTag, false),
            ("sessionStart", PgColumn.sessionStart, false), ("virtualTransactionId", PgColumn.vxid, false),
            ("transactionId", PgColumn.xid, true), ("severity", PgColumn.severity, false), ("sqlState", PgColumn.sqlState, false),
            ("message", PgColumn.message, false), ("detail", PgColumn.detail, false), ("hint", PgColumn.hint, false),
            ("internalQuery", PgColumn.internalQuery, false), ("internalQueryPos", PgColumn.internalQueryPos, true),
            ("context", PgColumn.context, false), ("query", PgColumn.query, false), ("queryPos", PgColumn.queryPos, true),
            ("location", PgColumn.location, false), ("backendType", PgColumn.backendType, false),
            ("leaderPid", PgColumn.leaderPID, true), ("queryId", PgColumn.queryID, true),
        ]
        for (name, k, numeric) in rest {
            if k == PgColumn.message && isAudit { continue }
            guard let v = col(k) else { continue }
            attributes.append((name, numeric ? Self.number(v) : .string(v)))
        }

        let session = nonEmpty(PgColumn.sessionID)
        let id = session.map { s in s + ":" + (col(PgColumn.sessionLine) ?? "") }
        let (rawText, rawIsBase64) = raw.trailRaw
        return TrailEvent(
            id: id, time: time, received: context.received, source: context.source, format: format,
            actor: nonEmpty(PgColumn.user), action: action, resource: resource,
            outcome: failed ? .failure : (isAudit ? .success : .unknown), origin: origin, session: session,
            attributes: attributes, raw: rawText, rawIsBase64: rawIsBase64, clock: clock)
    }

    static func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    /// An integer as a JSON number (exact text), anything else as a string, NULL as null.
    static func number(_ s: String?) -> JSONValue {
        guard let s else { return .null }
        let digits = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              digits.count == 1 || digits.first != "0" else { return .string(s) }
        return .number(s)
    }

    /// `10.0.0.5:5432` → (`10.0.0.5`, `5432`); `[local]` and port-less text stay whole. PostgreSQL
    /// always appends `:PORT` to TCP clients, so the last colon separates the port (IPv6 included).
    static func hostAndPort(_ s: String) -> (String, String?) {
        guard let colon = s.lastIndex(of: ":") else { return (s, nil) }
        let port = s[s.index(after: colon)...]
        guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }), colon != s.startIndex else { return (s, nil) }
        return (String(s[..<colon]), String(port))
    }

    /// Zone abbreviations PostgreSQL prints with `%m`/`%t`, as seconds east of UTC.
    static let zoneOffsets: [String: Int64] = [
        "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 3600, "BST": 3600, "CET": 3600, "CEST": 7200,
        "MET": 3600, "MEST": 7200, "EET": 7200, "EEST": 10800, "MSK": 10800, "IST": 19800, "PKT": 18000,
        "JST": 32400, "KST": 32400, "HKT": 28800, "SGT": 28800, "AWST": 28800, "ACST": 34200, "ACDT": 37800,
        "AEST": 36000, "AEDT": 39600, "NZST": 43200, "NZDT": 46800, "HST": -36000, "AKST": -32400,
        "AKDT": -28800, "PST": -28800, "PDT": -25200, "MST": -25200, "MDT": -21600, "CST": -21600,
        "CDT": -18000, "EST": -18000, "EDT": -14400, "AST": -14400, "ADT": -10800, "NST": -12600,
        "NDT": -9000, "BRT": -10800, "ART": -10800,
    ]

    /// Reads `2015-08-12 16:13:43.123 EDT` / `… +02` / `… -04:30` / a zone-less time (in the
    /// collector's zone, with its `clock`).
    static func readTime(_ text: String, context: ParseContext) throws(ParseFailure) -> (Timestamp, String?) {
        var body = Substring(text)
        var offset: Int64?
        if let sp = text.lastIndex(of: " ") {
            let zone = text[text.index(after: sp)...]
            if let first = zone.first, first.isLetter {
                guard let known = zoneOffsets[zone.uppercased()] else {
                    throw ParseFailure("log_time has an unknown zone abbreviation")
                }
                offset = known
                body = text[..<sp]
            }
        }
        let assumed = offset ?? 0
        guard let p = TimeParser.parseISO(body.utf8, assumedOffset: { local in
            offset == nil ? zoneOffset(context.timeZone, at: local) : assumed
        }) else {
            throw ParseFailure("log_time is not a time like '2015-08-12 16:13:43.123 UTC'")
        }
        if p.hadZone || offset != nil { return (p.timestamp, nil) }
        return (p.timestamp, "assumed:" + (context.timeZone?.identifier ?? "UTC"))
    }

    /// Seconds east of UTC of `zone` at a local wall-clock time (one correction step near transitions).
    static func zoneOffset(_ zone: TimeZone?, at local: Timestamp) -> Int64 {
        guard let zone else { return 0 }
        let guess = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local.seconds))))
        return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local.seconds - guess))))
    }
}
