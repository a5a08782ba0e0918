import Foundation
import GRDB
import SegmentStore
import TrailModel

/// Personal data in investigations (docs/privacy.md): results show encrypted personal fields as
/// plaintext when the subject's key exists and the master key is readable, `[erased]` after an
/// erasure, `[encrypted]` without access to the keys and `[damaged]` when a ciphertext does not
/// authenticate. The index itself holds only the stored tokens; decryption happens here, on the
/// way out, and the query's audit event says how many values were shown in clear.
///
/// `subject_ref(id)` is an SQL function on the read-only connection that gives a subject's
/// blind-index reference (as `attributes.subjectRef` holds it), so a subject's events are found
/// without the id ever being stored: `WHERE json_extract(attributes, '$.subjectRef') = subject_ref('alice@example.com')`.
public enum PersonalDataView {
    /// The SQL functions investigators get (`subject_ref`).
    public static func functions(reader: PersonalDataReader) -> [DatabaseFunction] {
        let box = ReaderBox(reader)
        return [DatabaseFunction("subject_ref", argumentCount: 1, pure: true) { values in
            guard let id = String.fromDatabaseValue(values[0]) else { return nil }
            do { return try box.lock { try $0.subjectRef(id) } } catch {
                throw DatabaseError(message: "subject_ref: \(error)")
            }
        }]
    }

    /// Reveals the personal data in `result` in place; returns what it found.
    @discardableResult
    public static func reveal(_ result: inout QueryRunner.Result, reader: PersonalDataReader) -> PersonalDataReader.Counts {
        let before = reader.counts
        // A store that never had personal-data settings or keys has no tokens to look for.
        guard FS.exists(reader.layout.privacyConfig) || FS.exists(reader.layout.privacy) else { return PersonalDataReader.Counts() }
        let rawColumn = result.columns.firstIndex(of: "raw")
        let encodingColumn = result.columns.firstIndex(of: "raw_encoding")
        for r in result.rows.indices {
            for c in result.rows[r].indices {
                guard case let .text(s) = result.rows[r][c], PersonalDataToken.mayOccur(in: s) else { continue }
                if c == rawColumn, let e = encodingColumn, result.rows[r][e] == .text("encrypted") {
                    let raw = reader.revealRaw(s)
                    result.rows[r][c] = .text(raw.text)
                    if raw.shown { result.rows[r][e] = .text(raw.base64 ? "decrypted, base64" : "decrypted") }
                } else {
                    result.rows[r][c] = .text(reader.revealText(s))
                }
            }
        }
        var found = reader.counts
        found.decrypted -= before.decrypted; found.erased -= before.erased
        found.withheld -= before.withheld; found.damaged -= before.damaged; found.malformed -= before.malformed
        return found
    }

    /// One line for the user about values that were not shown in clear (nil when all were).
    public static func note(_ c: PersonalDataReader.Counts, reader: PersonalDataReader) -> String? {
        var parts: [String] = []
        if c.erased > 0 { parts.append("\(c.erased) erased") }
        if c.malformed > 0 { parts.append("\(c.malformed) cut or malformed tokens shown as [encrypted] (select the whole column to see them)") }
        if c.withheld > c.malformed {
            let why = (try? reader.keys()) == nil ? "the privacy master key is not readable by this user" : "their key file is missing"
            parts.append("\(c.withheld - c.malformed) still encrypted (\(why))")
        }
        if c.damaged > 0 { parts.append("\(c.damaged) damaged (the ciphertext does not authenticate: altered, or the key file replaced)") }
        return parts.isEmpty ? nil : "personal data: " + parts.joined(separator: ", ")
    }
}

extension PersonalDataView {
    /// The SQL and parameters as a query's audit event records them: the argument of every
    /// `subject_ref(…)` — a quoted literal or a named parameter — is replaced by the subject's
    /// reference (`'subject-ref:<hex>'`), so a subject id typed into a query never enters the
    /// trail in clear (the trail outlives any erasure). Other text is recorded as typed.
    public static func redact(sql: String, params: [String: String], layout: StoreLayout) -> (sql: String, params: [String: String]) {
        guard sql.range(of: "subject_ref", options: .caseInsensitive) != nil else { return (sql, params) }
        let reader = PersonalDataReader(layout: layout)
        func ref(_ id: String) -> String { (try? reader.subjectRef(id)).map { "subject-ref:" + $0 } ?? "[subject id withheld]" }
        var out = ""
        var params = params
        var rest = sql[...]
        while let hit = rest.range(of: "subject_ref", options: .caseInsensitive) {
            out += rest[..<hit.upperBound]
            var i = hit.upperBound
            while i < rest.endIndex, rest[i].isWhitespace { i = rest.index(after: i) }
            guard i < rest.endIndex, rest[i] == "(" else { rest = rest[hit.upperBound...]; continue }
            i = rest.index(after: i)
            while i < rest.endIndex, rest[i].isWhitespace { i = rest.index(after: i) }
            out += rest[hit.upperBound..<i]
            if i < rest.endIndex, rest[i] == "'" {
                // A literal: up to the closing quote ('' is a quote inside it).
                var j = rest.index(after: i)
                var value = ""
                while j < rest.endIndex {
                    if rest[j] == "'" {
                        let next = rest.index(after: j)
                        if next < rest.endIndex, rest[next] == "'" { value.append("'"); j = rest.index(after: next); continue }
                        break
                    }
                    value.append(rest[j])
                    j = rest.index(after: j)
                }
                out += "'" + ref(value) + "'"
                rest = j < rest.endIndex ? rest[rest.index(after: j)...] : rest[rest.endIndex...]
            } else if i < rest.endIndex, ":@$".contains(rest[i]) {
                var j = rest.index(after: i)
                while j < rest.endIndex, rest[j].isLetter || rest[j].isNumber || rest[j] == "_" { j = rest.index(after: j) }
                let name = String(rest[rest.index(after: i)..<j])
                if let value = params[name] { params[name] = ref(value) }
                rest = rest[i...]
            } else {
                rest = rest[i...]
            }
        }
        return (out + rest, params)
    }
}

/// The reader shared with SQLite's function callback (which runs on the query's thread only).
private final class ReaderBox: @unchecked Sendable {
    private let reader: PersonalDataReader
    private let mutex = NSLock()
    init(_ reader: PersonalDataReader) { self.reader = reader }
    func lock<T>(_ body: (PersonalDataReader) throws -> T) rethrows -> T {
        mutex.lock(); defer { mutex.unlock() }
        return try body(reader)
    }
}

extension Investigation {
    /// A subject's events in a period, oldest first, found through the blind index: the id is
    /// turned into its reference here and only the reference is recorded in the query's audit event.
    public func timeline(subject: String, from: Timestamp?, to: Timestamp?, limit: Int = 10_000) throws -> QueryRunner.Result {
        let ref = try PersonalDataReader(layout: store.layout).subjectRef(subject)
        var conditions = [
            // The raw record's token carries the key id `<ref>.<n>`: FTS5 finds it as a word.
            "rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :match)",
            "json_extract(attributes, '$.subjectRef') = :subjectRef",
        ]
        var args: [String: DatabaseValueConvertible?] = ["match": "raw:\"\(ref)\"", "subjectRef": ref, "limit": limit]
        var params: [String: String] = ["subjectRef": ref, "limit": String(limit)]
        if let from { conditions.append("time >= :from"); args["from"] = from.rfc3339; params["from"] = from.rfc3339 }
        if let to { conditions.append("time < :to"); args["to"] = to.rfc3339; params["to"] = to.rfc3339 }
        let sql = """
            SELECT time, source, actor, action, resource, outcome, origin, session,
                   CASE WHEN sealed = 1 THEN segment || ':' || record ELSE 'open:' || source || ':' || record END AS ref
            FROM events WHERE \(conditions.joined(separator: " AND ")) ORDER BY time, rowid LIMIT :limit
            """
        return try run(sql: sql, arguments: StatementArguments(args), saved: "timeline-subject", params: params)
    }
}
