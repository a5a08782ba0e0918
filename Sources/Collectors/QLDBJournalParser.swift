import Foundation
import TrailModel

/// Amazon QLDB journal exports as JSON: one block per line (the export's Ion text converted to JSON, or
/// a JSON-format export), a single block, or a JSON array of blocks. One event per document revision.
///
/// How a revision maps onto the event (DESIGN.md, "The event"):
///
/// | event field | QLDB journal block |
/// | --- | --- |
/// | `id` | `metadata.id` + `@` + `metadata.version` (`8F0TPCmdNQ6JTRpiLj2TmW@2`) |
/// | `time` | `metadata.txTime`, else the block's `blockTimestamp` |
/// | `actor` | nil (the journal does not record the principal) |
/// | `action` | the kind of the statement the document points to (`transactionInfo.documents[id].statements`): `INSERT`, `UPDATE` (also PartiQL's `FROM … SET/REMOVE/INSERT INTO` forms), `DELETE`, `CREATE TABLE`, …; a revision with neither `data` nor `dataHash` is a `DELETE`; when no statement names the document, version 0 is `INSERT` and later versions `UPDATE` |
/// | `resource` | `tableName/docId` (`docId` alone when the block does not name the table) |
/// | `outcome` | `success` (the journal only holds committed transactions) |
/// | `origin` | nil |
/// | `session` | the block's `transactionId` |
/// | `attributes` | `blockAddress`, `blockTimestamp`, `blockHash`, `entriesHash`, `previousBlockHash`, `revisionHash`, `version`, `data` (or `dataHash` for a redacted revision), `statement` (the one that explains the revision; all of them in `statements` when several name the document), `tableName`, `tableId` |
/// | `raw` | the whole block (its line, or its bytes in the array) |
///
/// `raw` is the whole block, not the revision: a revision alone cannot be verified (its hash chains
/// into the block's `entriesHashList`, `entriesHash`, `blockHash` and `previousBlockHash`), and the
/// statement that made it lives in `transactionInfo`, outside the revision. Events from one block
/// therefore share their `raw`; their ids stay distinct. Failures name the block and revision index
/// and the field (`block 2, revision 0: field metadata.id: missing`).
public struct QLDBJournalParser: Sendable {
    public let format: String

    public init() { format = "qldb-journal" }

    /// Every event in one input document (a whole file's bytes, or one JSON line), in order.
    public func events(in document: UnsafeRawBufferPointer, context: ParseContext) throws(ParseFailure) -> [TrailEvent] {
        let whole = AWSDocumentScan.trimmed(document)
        if whole.isEmpty { return [] }
        let body = UnsafeRawBufferPointer(rebasing: document[whole])
        if let value = try? JSONParser.parse(body) {
            if case let .array(blocks) = value {
                guard let spans = AWSDocumentScan.elements(of: document, arrayAt: whole.lowerBound), spans.count == blocks.count else {
                    throw ParseFailure("block spans could not be found")
                }
                var out: [TrailEvent] = []
                for (k, block) in blocks.enumerated() {
                    out += try map(block, index: k, raw: AWSDocumentScan.text(document, spans[k]), context: context)
                }
                return out
            }
            return try map(value, index: 0, raw: AWSDocumentScan.text(document, whole), context: context)
        }
        // JSON Lines: one block per non-blank line.
        var out: [TrailEvent] = []
        var index = 0
        var lineStart = 0
        while lineStart < document.count {
            var lineEnd = lineStart
            while lineEnd < document.count, document[lineEnd] != 0x0A { lineEnd += 1 }
            let line = UnsafeRawBufferPointer(rebasing: document[lineStart..<lineEnd])
            let span = AWSDocumentScan.trimmed(line)
            if !span.isEmpty {
                let bytes = UnsafeRawBufferPointer(rebasing: line[span])
                let value: JSONValue
                do { value = try JSONParser.parse(bytes) } catch {
                    throw ParseFailure("block \(index): not valid JSON: \(error.reason)", offset: lineStart + span.lowerBound + error.offset)
                }
                out += try map(value, index: index, raw: AWSDocumentScan.text(line, span), context: context)
                index += 1
            }
            lineStart = lineEnd + 1
        }
        return out
    }

    /// The events of one block.
    func map(_ block: JSONValue, index: Int, raw: String, context: ParseContext) throws(ParseFailure) -> [TrailEvent] {
        guard case .object = block else { throw ParseFailure("block \(index): not a JSON object") }
        guard case let .string(transactionId)? = block["transactionId"], !transactionId.isEmpty else {
            throw ParseFailure("block \(index): field transactionId: missing or not a string")
        }
        guard let revisionsValue = block["revisions"], revisionsValue != .null else { return [] }
        guard case let .array(revisions) = revisionsValue else { throw ParseFailure("block \(index): field revisions: not an array") }
        var statementTexts: [String?] = []
        if case let .array(items)? = block["transactionInfo"]?["statements"] {
            statementTexts = items.map { AWSDocumentScan.text($0["statement"]) }
        }
        let documents = block["transactionInfo"]?["documents"]
        let blockTime = AWSDocumentScan.text(block["blockTimestamp"])

        var out: [TrailEvent] = []
        out.reserveCapacity(revisions.count)
        for (r, revision) in revisions.enumerated() {
            func fail(_ field: String, _ problem: String) -> ParseFailure {
                ParseFailure("block \(index), revision \(r): field \(field): \(problem)")
            }
            guard case .object = revision else { throw ParseFailure("block \(index), revision \(r): not a JSON object") }
            guard let metadata = revision["metadata"] else { throw fail("metadata", "missing") }
            guard case let .string(docId)? = metadata["id"], !docId.isEmpty else { throw fail("metadata.id", "missing or not a string") }
            guard let versionValue = metadata["version"], case .number = versionValue, let version = versionValue.scalarText else {
                throw fail("metadata.version", "missing or not a number")
            }
            let timeField = metadata["txTime"] != nil ? "metadata.txTime" : "blockTimestamp"
            guard let timeText = AWSDocumentScan.text(metadata["txTime"]) ?? blockTime else { throw fail("metadata.txTime", "missing") }
            guard let when = AWSDocumentScan.readTime(timeText, context: context) else { throw fail(timeField, "not an RFC 3339 time") }

            let info = documents?[docId]
            let tableName = AWSDocumentScan.text(info?["tableName"])
            var statements: [String] = []
            if case let .array(refs)? = info?["statements"] {
                for ref in refs {
                    guard case let .number(n) = ref, let k = Int(n), k >= 0, k < statementTexts.count, let text = statementTexts[k] else {
                        throw fail("transactionInfo.documents.statements", "not an index of a statement")
                    }
                    statements.append(text)
                }
            }
            let data = revision["data"]
            let dataHash = revision["dataHash"]
            let kinds = statements.map(Self.statementKind)
            // The statement that explains this revision: the last one naming the document, or the
            // INSERT that created it when the same transaction also changed it.
            var chosen = statements.indices.last
            let action: String
            if data == nil && dataHash == nil {
                action = "DELETE"
                chosen = kinds.lastIndex(of: "DELETE") ?? chosen
            } else if version == "0", let k = kinds.firstIndex(of: "INSERT") {
                action = "INSERT"
                chosen = k
            } else if let last = kinds.last {
                action = last
            } else {
                action = version == "0" ? "INSERT" : "UPDATE"
            }

            var attributes: [(String, JSONValue)] = []
            func put(_ key: String, _ v: JSONValue?) { if let v { attributes.append((key, v)) } }
            put("blockAddress", block["blockAddress"])
            put("blockTimestamp", block["blockTimestamp"])
            put("blockHash", block["blockHash"])
            put("entriesHash", block["entriesHash"])
            put("previousBlockHash", block["previousBlockHash"])
            put("revisionHash", revision["hash"])
            put("version", versionValue)
            put("data", data)
            put("dataHash", dataHash)
            if let chosen { put("statement", .string(statements[chosen])) }
            if statements.count > 1 { put("statements", .array(statements.map { .string($0) })) }
            put("tableName", info?["tableName"])
            put("tableId", info?["tableId"])

            out.append(TrailEvent(
                id: docId + "@" + version, time: when.0, received: context.received, source: context.source, format: format,
                actor: nil, action: action, resource: tableName.map { $0 + "/" + docId } ?? docId, outcome: .success,
                origin: nil, session: transactionId, attributes: attributes, raw: raw, clock: when.1))
        }
        return out
    }

    /// The kind of a PartiQL statement: its leading keyword (`INSERT`, `UPDATE`, `DELETE`, `SELECT`),
    /// `UPDATE` for the `FROM … SET` form, and two words for DDL (`CREATE TABLE`, `DROP INDEX`).
    static func statementKind(_ statement: String) -> String {
        let words = statement.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "(" })
        guard let first = words.first?.uppercased() else { return "UNKNOWN" }
        switch first {
        case "FROM": return "UPDATE"
        case "CREATE", "DROP", "UNDROP":
            if words.count > 1 { return first + " " + words[1].uppercased() }
            return first
        default: return first
        }
    }
}
