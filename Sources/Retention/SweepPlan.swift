import Foundation
import SegmentStore
import TrailIndex
import TrailModel

/// What a sweep would do to every sealed segment, and why (DESIGN.md, "Retention, archive,
/// erasure"). Planning reads only seals, tombstones, the archive manifests, the cold-segment list,
/// the index's segment table and the holds: no segment bytes, so it stays fast on large trails.
public struct SweepPlan: Sendable {
    public enum Action: String, Sendable, Codable, CaseIterable {
        /// Nothing to do now.
        case keep
        /// Drop the segment's rows from the hot index (it stays in the trail).
        case prune
        /// Move the segment into its month's archive bundle (or drop the online copy of one already archived).
        case archive
        /// Retention ended: leave a signed tombstone and remove the segment everywhere.
        case delete
    }

    /// Where a segment's bytes are now.
    public enum Location: String, Sendable, Codable {
        case online, archived, both, expired
    }

    public struct Item: Sendable {
        public var seal: Seal
        public var location: Location
        public var actions: [Action]
        public var reason: String
        /// The policy in force for the segment (its stamped one, when still defined).
        public var policy: String
        /// The hold keeping it, if any.
        public var hold: String?
        /// A governance-mode deletion before `retainUntil` (needs the override).
        public var override = false
        /// The segment's rows are in the index.
        public var indexed = false
        /// The segment's state in the index (`hot`, `cold`, `archived`, `expired`), nil when not indexed yet.
        public var indexState: String?
        public var isNoop: Bool { actions == [.keep] && hold == nil }
    }

    public var id: String
    public var now: Timestamp
    public var items: [Item]
    /// Segments already tombstoned and gone.
    public var expiredBefore: Int
    /// Problems that stop `--apply` before anything is changed (unreadable tombstones, …).
    public var problems: [String]

    public func count(_ action: Action) -> Int { items.filter { $0.actions.contains(action) }.count }

    /// Segments in `archiveDirectory`, by number, with the bundle they are in.
    public typealias ArchivedLookup = () throws -> [UInt64: String]

    /// Plans a sweep at `now`. `overrideGovernance` admits governance-mode segments whose current
    /// policy has ended (but whose stamped `retainUntil` has not) for deletion.
    public static func make(store: Store, config: RetentionConfig, now: Timestamp, overrideGovernance: Bool,
                            archived: [UInt64: String], index: TrailIndex?) throws -> SweepPlan {
        let layout = store.layout
        let trail = try Trail.load(layout: layout, origin: store.manifest.origin)
        let (tombstones, tombstoneErrors) = Tombstone.loadAll(layout: layout)
        var problems = tombstoneErrors.map { "\($0.path): \($0.reason)" }
        let cold = Set(try ColdSegments.load(layout: layout).segments)
        let restored = try RestoredSegments.load(layout: layout)
        let states = try index?.segmentStates() ?? [:]
        let holds = try HoldCheck(store: store, holds: try HoldStore.active(layout: layout), index: index)
        let policies = Dictionary(config.policies.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let nowText = now.rfc3339
        var items: [Item] = []
        var expiredBefore = 0
        // Months with a segment not yet due for the archive, and when the last one will be: a
        // month's bundle is written once, when all of it is due, not rewritten night after night.
        var pendingMonths: [String: Timestamp] = [:]
        items.reserveCapacity(trail.seals.count)
        for seal in trail.seals {
            let online = FS.exists(layout.absolute(seal.path))
            let bundle = archived[seal.segment]
            let indexed = states[seal.segment]?.rows ?? false
            let policy = seal.retentionPolicy.flatMap { policies[$0] }
                ?? (seal.retentionPolicy == config.defaultPolicy.name ? config.defaultPolicy : nil)
                ?? config.policy(source: seal.source, format: "")
            var item = Item(seal: seal, location: online ? (bundle != nil ? .both : .online) : (bundle != nil ? .archived : .expired),
                            actions: [.keep], reason: "", policy: seal.retentionPolicy ?? policy.name, indexed: indexed,
                            indexState: states[seal.segment]?.state)
            if let t = tombstones[seal.segment] {
                if online || bundle != nil || indexed {
                    item.actions = [.delete]
                    item.reason = "deletion by sweep \(t.sweep) was interrupted; finishing it"
                    items.append(item)
                } else {
                    expiredBefore += 1
                }
                continue
            }
            if !online && bundle == nil {
                problems.append("segment \(StoreLayout.segmentName(seal.segment)): file \(seal.path) is missing and it is neither archived nor tombstoned (run 'sealtrail verify')")
                item.reason = "missing"
                items.append(item)
                continue
            }
            guard let last = TimeArgument.parse(seal.lastTime) else {
                problems.append("segment \(StoreLayout.segmentName(seal.segment)): seal has an unreadable lastTime")
                continue
            }
            let retainUntil = seal.retainUntil
            let expired = nowText >= retainUntil
            let currentEnd = policy.retain.after(last)
            let early = !expired && seal.retentionMode == "governance" && currentEnd <= now
            if expired || (early && overrideGovernance) {
                if let h = holds.holding(seal, hasRows: indexed) {
                    item.hold = h.id
                    item.reason = "legal hold \(h.id) (\(h.reason)); retention ended \(String((expired ? retainUntil : currentEnd.rfc3339).prefix(10)))"
                } else {
                    item.actions = [.delete]
                    item.override = !expired
                    item.reason = expired
                        ? "retention ended \(retainUntil.prefix(10)) (policy \(item.policy), \(seal.retentionMode))"
                        : "governance override: policy \(policy.name) (\(policy.retain)) ended \(currentEnd.rfc3339.prefix(10)), sealed to keep until \(retainUntil.prefix(10))"
                }
                items.append(item)
                continue
            }
            var actions: [Action] = []
            var reasons: [String] = []
            let hotUntil = policy.hot.after(last)
            if now >= hotUntil && (indexed || !cold.contains(seal.segment)) && bundle == nil {
                actions.append(.prune)
                reasons.append("hot window \(policy.hot) ended \(hotUntil.rfc3339.prefix(10))")
            }
            if online, bundle != nil, let r = restored[seal.segment], r.until > nowText {
                reasons.append("restored from the archive for investigation until \(r.until.prefix(10))")
            } else if online, bundle != nil {
                actions.append(.archive)
                reasons.append(restored[seal.segment].map { "restore period ended \($0.until.prefix(10)); removing the online copy (it stays in \(bundle!))" }
                               ?? "already in archive bundle \(bundle!); removing the online copy")
            } else if online, let after = policy.archiveAfter {
                let due = after.after(last)
                let monthEnd = Self.endOfMonth(seal.firstTime)
                let month = String(seal.firstTime.prefix(7))
                if now >= due && now >= monthEnd {
                    actions.append(.archive)
                    reasons.append("older than archiveAfter \(after) since \(due.rfc3339.prefix(10))")
                } else {
                    pendingMonths[month] = max(pendingMonths[month] ?? due, max(due, monthEnd))
                }
            }
            if early {
                reasons.append("governance retention until \(retainUntil.prefix(10)); policy \(policy.name) would allow deletion since \(currentEnd.rfc3339.prefix(10)) (needs --override-governance --reason)")
            }
            if actions.isEmpty {
                actions = [.keep]
                if !early {
                    reasons.append(now < hotUntil ? "hot until \(hotUntil.rfc3339.prefix(10)), kept until \(retainUntil.prefix(10))"
                                                  : "kept until \(retainUntil.prefix(10)) (\(seal.retentionMode))")
                }
            }
            if let h = holds.holdingCheaply(seal) {
                item.hold = h.id
                reasons.append("under legal hold \(h.id) (\(h.reason))")
            }
            item.actions = actions
            item.reason = reasons.joined(separator: "; ")
            items.append(item)
        }
        for i in items.indices where items[i].location == .online && items[i].actions.contains(.archive) {
            let month = String(items[i].seal.firstTime.prefix(7))
            guard let until = pendingMonths[month] else { continue }
            items[i].actions.removeAll { $0 == .archive }
            if items[i].actions.isEmpty { items[i].actions = [.keep] }
            items[i].reason += "; archived with the rest of \(month) on \(until.rfc3339.prefix(10))"
        }
        let id = "sweep-" + nowText.prefix(19).filter { $0.isNumber } + "-" + String(UUID().uuidString.lowercased().prefix(6))
        return SweepPlan(id: id, now: now, items: items, expiredBefore: expiredBefore, problems: problems)
    }

    /// The first instant after the month of `time` (an RFC 3339 string): bundles are monthly, so a
    /// month is archived once it is over.
    static func endOfMonth(_ time: String) -> Timestamp {
        let y = Int64(time.prefix(4)) ?? 1970
        let m = Int64(time.dropFirst(5).prefix(2)) ?? 1
        return m == 12 ? Timestamp.utc(year: y + 1, month: 1, day: 1) : Timestamp.utc(year: y, month: m + 1, day: 1)
    }
}
