import Foundation
import SegmentStore
import TrailIndex
import TrailModel

/// A legal hold (DESIGN.md, "Retention, archive, erasure"): while active, no segment it covers is
/// deleted, whatever the policy or mode. Kept as `holds/<id>.json`; placing and releasing a hold
/// are events in the trail.
///
/// Criteria combine with AND; at least one is required:
/// - `source`: a source name pattern (`*` wildcards);
/// - `from`/`to`: the segment's events overlap `[from, to)`;
/// - `actor`: the segment holds an event by this actor (checked in the index, or by reading the
///   segment when its rows are not in the index; an archived segment that cannot be read counts as
///   held — a hold never loses to missing information);
/// - `query`: a saved query whose `ref` column names events (SEGMENT:RECORD): its segments when the
///   hold was placed, plus those it returns at each sweep.
public struct Hold: Codable, Sendable, Equatable {
    public var id: String
    public var reason: String
    public var by: String
    public var created: String
    public var source: String?
    public var from: String?
    public var to: String?
    public var actor: String?
    public var query: String?
    public var params: [String: String]?
    /// The saved query's file text when the hold was placed (re-run at each sweep).
    public var queryText: String?
    /// Segments the saved query named when the hold was placed.
    public var segments: [UInt64]?
    public var released: String?
    public var releasedBy: String?
    public var releaseReason: String?

    public var isActive: Bool { released == nil }

    /// The criteria in words, for listings and events.
    public var scope: String {
        var parts: [String] = []
        if let source { parts.append("source \(source)") }
        if from != nil || to != nil { parts.append("events \(from ?? "…") to \(to ?? "…")") }
        if let actor { parts.append("actor \(actor)") }
        if let query {
            let p = (params ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            parts.append("query \(query)\(p.isEmpty ? "" : " " + p) (\(segments?.count ?? 0) segments when placed)")
        }
        return parts.joined(separator: ", ")
    }

    /// Whether the hold's metadata criteria (source and time) cover `seal`; actor and query
    /// criteria are checked by `HoldCheck`.
    func coversMetadata(_ seal: Seal) -> Bool {
        if let source, !RetentionConfig.glob(source, seal.source) { return false }
        if let from, seal.lastTime < from { return false }
        if let to, seal.firstTime >= to { return false }
        return true
    }
}

/// The store's holds.
public enum HoldStore {
    public static func all(layout: StoreLayout) throws -> [Hold] {
        var out: [Hold] = []
        for name in FS.list(layout.holds).sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let path = layout.holds + "/" + name
            do { out.append(try JSONDecoder().decode(Hold.self, from: Data(try FS.read(path)))) } catch {
                // A hold that cannot be read must not silently stop protecting anything.
                throw StoreError.badConfig(path: path, field: "", reason: "legal hold is unreadable (\(error)); fix or restore it before sweeping")
            }
        }
        return out.sorted { $0.created < $1.created }
    }

    public static func active(layout: StoreLayout) throws -> [Hold] { try all(layout: layout).filter(\.isActive) }

    static func save(_ hold: Hold, layout: StoreLayout) throws {
        try FS.mkdirs(layout.holds)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try FS.writeAtomically(layout.holds + "/\(hold.id).json", Array(try enc.encode(hold)) + [0x0A], mode: 0o644)
    }

    /// Places a hold. Saved-query holds run the query now (on the caught-up index) and keep the
    /// segments it names.
    public static func add(store: Store, reason: String, by: String, source: String?, from: Timestamp?, to: Timestamp?,
                           actor: String?, query: SavedQuery?, params: [String: String], now: Timestamp = .now) throws -> Hold {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError.invalidArgument("a hold needs --reason") }
        guard source != nil || from != nil || to != nil || actor != nil || query != nil else {
            throw StoreError.invalidArgument("a hold needs at least one of --source, --from/--to, --actor, --query")
        }
        if let from, let to, to <= from { throw StoreError.invalidArgument("--to must be after --from") }
        var segments: [UInt64]?
        if let query {
            segments = try HoldCheck.segments(store: store, query: query, params: params)
        }
        let id = "hold-" + now.rfc3339.prefix(10).replacingOccurrences(of: "-", with: "") + "-" + String(UUID().uuidString.lowercased().prefix(8))
        let hold = Hold(id: id, reason: reason, by: by, created: now.rfc3339, source: source, from: from?.rfc3339, to: to?.rfc3339,
                        actor: actor, query: query?.name, params: query == nil ? nil : params,
                        queryText: try query.map { try String(contentsOfFile: $0.path, encoding: .utf8) }, segments: segments)
        try save(hold, layout: store.layout)
        try RetentionEvents.record(store: store, action: "hold.add", actor: by, resource: "hold:\(id)", attributes: [
            ("hold", .string(id)), ("reason", .string(reason)), ("scope", .string(hold.scope)),
        ], at: now)
        return hold
    }

    /// Releases an active hold (the file stays, with who released it, when and why).
    public static func release(store: Store, id: String, reason: String, by: String, now: Timestamp = .now) throws -> Hold {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError.invalidArgument("releasing a hold needs --reason") }
        guard var hold = try all(layout: store.layout).first(where: { $0.id == id }) else {
            throw StoreError.invalidArgument("no legal hold '\(id)' (see 'sealtrail hold list')")
        }
        guard hold.isActive else { throw StoreError.invalidArgument("hold \(id) was already released on \(hold.released ?? "?") by \(hold.releasedBy ?? "?")") }
        hold.released = now.rfc3339; hold.releasedBy = by; hold.releaseReason = reason
        try save(hold, layout: store.layout)
        try RetentionEvents.record(store: store, action: "hold.release", actor: by, resource: "hold:\(id)", attributes: [
            ("hold", .string(id)), ("reason", .string(reason)), ("scope", .string(hold.scope)),
        ], at: now)
        return hold
    }
}

/// Decides whether active holds cover a segment.
struct HoldCheck {
    let store: Store
    let holds: [Hold]
    /// Segments each query hold names now (placed-time list plus a fresh run).
    private var querySegments: [String: Set<UInt64>] = [:]
    private let index: TrailIndex?

    init(store: Store, holds: [Hold], index: TrailIndex?) throws {
        self.store = store
        self.holds = holds
        self.index = index
        for h in holds where h.query != nil {
            var set = Set(h.segments ?? [])
            if let text = h.queryText, let q = try? SavedQuery.parse(text, path: "holds/\(h.id).json"),
               let now = try? Self.segments(store: store, query: q, params: h.params ?? [:]) {
                set.formUnion(now)
            }
            querySegments[h.id] = set
        }
    }

    /// The first active hold covering `seal`, or nil. `hasRows` says the index holds its rows.
    func holding(_ seal: Seal, hasRows: Bool) -> Hold? {
        for h in holds where h.coversMetadata(seal) {
            if h.query != nil, !(querySegments[h.id] ?? []).contains(seal.segment) { continue }
            if let actor = h.actor, !contains(seal, actor: actor, hasRows: hasRows) { continue }
            return h
        }
        return nil
    }

    /// The first active hold covering `seal` that can be decided without reading events (source,
    /// period, saved query): shown in plans for segments that are not due for deletion.
    func holdingCheaply(_ seal: Seal) -> Hold? {
        holds.first { h in
            h.actor == nil && h.coversMetadata(seal) && (h.query == nil || (querySegments[h.id] ?? []).contains(seal.segment))
        }
    }

    private func contains(_ seal: Seal, actor: String, hasRows: Bool) -> Bool {
        if hasRows, let index, let found = try? index.segment(seal.segment, hasActor: actor) { return found }
        let layout = store.layout
        guard FS.exists(layout.absolute(seal.path)), let keys = try? KeyRing.publicKeys(layout: layout) else { return true }
        var found = false
        let needle = Array(("\"actor\":" + String(decoding: CanonicalJSON.encode(.string(actor)), as: UTF8.self)).utf8)
        do {
            try VerifiedRead.eachRecord(layout: layout, seal: seal, keys: keys, previousSeal: seal.previousSeal) { _, line, _ in
                if !found, Self.contains(line, needle), (try? TrailEvent.decode(line: Array(line)))?.actor == actor { found = true }
            }
        } catch {
            return true
        }
        return found
    }

    private static func contains(_ hay: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count, let first = needle.first else { return false }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] == first && needle.withUnsafeBytes({ memcmp(hay.baseAddress! + i, $0.baseAddress!, needle.count) == 0 }) { return true }
            i += 1
        }
        return false
    }

    /// Segments named by the `ref` column of a saved query's rows (SEGMENT:RECORD).
    static func segments(store: Store, query: SavedQuery, params: [String: String]) throws -> [UInt64] {
        let index = try TrailIndex(store: store)
        try index.catchUp()
        let result = try QueryRunner(indexPath: TrailIndex.path(store.layout)).run(saved: query, params: params)
        guard let col = result.columns.firstIndex(of: "ref") ?? result.columns.firstIndex(of: "segment") else {
            throw StoreError.invalidArgument("saved query \(query.name) has no 'ref' or 'segment' column: it cannot name events to hold")
        }
        var out = Set<UInt64>()
        for row in result.rows {
            let text: String
            switch row[col] {
            case let .text(t): text = t
            case let .int(i): text = String(i)
            default: continue
            }
            if let seq = UInt64(text.prefix { $0 != ":" }) { out.insert(seq) }
        }
        return out.sorted()
    }
}
