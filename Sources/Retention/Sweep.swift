#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Sealing
import SegmentStore
import TrailIndex
import TrailModel

/// How the sweep reaches the archive tier.
public struct ArchiveHooks {
    /// The archive directory (checked before anything is changed).
    public var directory: String
    /// Whether the directory lies inside the store (then it is created when missing).
    public var insideStore: Bool
    /// Archived segments, with their bundle.
    public var index: () throws -> [UInt64: String]
    /// Adds segments to their monthly bundles (idempotent; online files are left in place).
    public var add: (_ seals: [Seal], _ sweep: String) throws -> Void
    /// Rewrites bundles without these segments.
    public var remove: (_ segments: Set<UInt64>, _ sweep: String) throws -> Void

    public init(directory: String, insideStore: Bool, index: @escaping () throws -> [UInt64: String],
                add: @escaping ([Seal], String) throws -> Void, remove: @escaping (Set<UInt64>, String) throws -> Void) {
        self.directory = directory; self.insideStore = insideStore; self.index = index; self.add = add; self.remove = remove
    }
}

/// Errors that stop a sweep. `refused` means nothing was changed.
public enum SweepError: Error, CustomStringConvertible {
    case refused([String])
    case interrupted(done: Int, reason: String)

    public var description: String {
        switch self {
        case let .refused(reasons):
            return "sweep refused, nothing was changed:\n" + reasons.map { "  - " + $0 }.joined(separator: "\n")
        case let .interrupted(done, reason):
            return "sweep stopped after \(done) steps: \(reason)\n  run 'sealtrail sweep --apply' again to finish (every step is idempotent)"
        }
    }
}

/// Executes a plan: prunes the hot index, archives, then deletes (tombstone first), each step
/// idempotent, so a sweep killed at any point and run again ends where one clean run would.
/// One sweep at a time (`.sweep.lock`).
public final class Sweeper {
    public let store: Store
    public let config: RetentionConfig
    public let archive: ArchiveHooks
    public var actor = RetentionEvents.defaultActor()
    /// For `--override-governance`: why (required with the override).
    public var overrideReason: String?
    public var progress: ((String) -> Void)?
    /// Fault injection for crash tests: `SEALTRAIL_SWEEP_KILL_AFTER=N` kills the process (SIGKILL)
    /// after N steps.
    private let killAfter = ProcessInfo.processInfo.environment["SEALTRAIL_SWEEP_KILL_AFTER"].flatMap(Int.init)
    private var steps = 0

    public struct Result: Sendable {
        public var plan: SweepPlan
        public var pruned: [UInt64] = []
        public var archived: [UInt64] = []
        public var deleted: [UInt64] = []
        public var rowsPruned = 0
        public var bytesFreed: Int64 = 0
    }

    public init(store: Store, config: RetentionConfig, archive: ArchiveHooks) {
        self.store = store; self.config = config; self.archive = archive
    }

    /// Takes the sweep lock (refused while another sweep runs).
    public func lock() throws -> FileLock {
        try FileLock(path: store.layout.sweepLock, what: "another sweep")
    }

    /// Plans at `now` (nothing is changed).
    public func plan(now: Timestamp, overrideGovernance: Bool) throws -> SweepPlan {
        let archived = FS.isDirectory(archive.directory) ? try archive.index() : [:]
        let index = FS.exists(TrailIndex.path(store.layout)) ? try TrailIndex(store: store) : nil
        return try SweepPlan.make(store: store, config: config, now: now, overrideGovernance: overrideGovernance,
                                  archived: archived, index: index)
    }

    /// Plans and applies at the current time. Holds the sweep lock throughout.
    public func apply(overrideGovernance: Bool) throws -> Result {
        if overrideGovernance, (overrideReason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError.invalidArgument("--override-governance needs --reason")
        }
        let lock = try lock()
        defer { lock.release() }
        let now = Timestamp.now
        let plan = try self.plan(now: now, overrideGovernance: overrideGovernance)
        try preflight(plan)
        var result = Result(plan: plan)
        let layout = store.layout
        do {
            // 1. Hot index: record the segments as cold first, then drop their rows.
            let prune = plan.items.filter { $0.actions.contains(.prune) }.map(\.seal.segment)
            if !prune.isEmpty {
                try ColdSegments.add(prune, layout: layout)
                try step()
                if FS.exists(TrailIndex.path(layout)) {
                    result.rowsPruned = try TrailIndex(store: store).prune(segments: prune, state: "cold")
                }
                result.pruned = prune
                try step()
                progress?("pruned \(prune.count) segments (\(result.rowsPruned) rows) from the hot index")
            }
            // 2. Archive: bundles first (their signed manifests commit them), then the online copies go.
            let toArchive = plan.items.filter { $0.actions.contains(.archive) }
            let fresh = toArchive.filter { $0.location == .online }.map(\.seal)
            if !fresh.isEmpty {
                try archive.add(fresh, plan.id)
                try step()
            }
            if !toArchive.isEmpty {
                let inBundles = try archive.index()
                for item in toArchive {
                    guard inBundles[item.seal.segment] != nil else {
                        throw SweepError.interrupted(done: steps, reason: "segment \(StoreLayout.segmentName(item.seal.segment)) is not in its bundle after archiving")
                    }
                    try removeOnline(item.seal)
                    result.archived.append(item.seal.segment)
                    try step()
                }
                var restored = try RestoredSegments.load(layout: layout)
                if toArchive.contains(where: { restored[$0.seal.segment] != nil }) {
                    for item in toArchive { restored[item.seal.segment] = nil }
                    try RestoredSegments.save(layout: layout, restored)
                }
                progress?("archived \(toArchive.count) segments")
            }
            // Archived segments leave the hot index (including those a sweep cut short moved already).
            let offline = toArchive.map(\.seal.segment) + plan.items.filter {
                $0.location == .archived && !$0.actions.contains(.delete) && $0.indexState != nil && $0.indexState != "archived"
            }.map(\.seal.segment)
            if !offline.isEmpty, FS.exists(TrailIndex.path(layout)) {
                try TrailIndex(store: store).prune(segments: offline, state: "archived")
            }
            // 3. Delete: tombstone (the commit point), then the bytes everywhere.
            let toDelete = plan.items.filter { $0.actions.contains(.delete) }
            var fromArchive = Set<UInt64>()
            let keys = try KeyRing.load(layout: layout)
            guard let signing = keys?.signing else { throw StoreError.notAStore(path: layout.root, reason: "no signing key") }
            for item in toDelete {
                let seal = item.seal
                var t = Tombstone(seal: seal, policy: item.policy, reason: item.override ? "governance-override" : "expired",
                                  overrideBy: item.override ? actor : nil, overrideReason: item.override ? overrideReason : nil,
                                  sweep: plan.id, deletedAt: now)
                try t.sign(with: signing)
                try t.write(layout: layout)
                try step()
                if FS.exists(layout.absolute(seal.path)) { result.bytesFreed += seal.fileBytes }
                try removeOnline(seal)
                try FS.remove(layout.leavesFile(seq: seal.segment))
                if item.location == .archived || item.location == .both { fromArchive.insert(seal.segment) }
                result.deleted.append(seal.segment)
                try step()
            }
            if !fromArchive.isEmpty {
                try archive.remove(fromArchive, plan.id)
                try step()
            }
            if !toDelete.isEmpty {
                if FS.exists(TrailIndex.path(layout)) {
                    try TrailIndex(store: store).prune(segments: toDelete.map(\.seal.segment), state: "expired")
                }
                try ColdSegments.remove(toDelete.map(\.seal.segment), layout: layout)
                progress?("deleted \(toDelete.count) expired segments, each with a signed tombstone")
            }
        } catch let e as SweepError {
            throw e
        } catch {
            throw SweepError.interrupted(done: steps, reason: "\(error)")
        }
        try recordEvents(result, now: now)
        return result
    }

    /// Everything that must hold before the first change: no unreadable tombstone or missing
    /// segment, the archive directory present (when the plan needs it), room for the bundles,
    /// and every segment to be archived or deleted matching its seal byte for byte.
    func preflight(_ plan: SweepPlan) throws {
        var reasons = plan.problems
        let layout = store.layout
        let needsArchive = plan.items.contains { $0.actions.contains(.archive) || ($0.actions.contains(.delete) && $0.location != .online) }
        if needsArchive && !FS.isDirectory(archive.directory) {
            if archive.insideStore {
                try FS.mkdirs(archive.directory)
            } else {
                reasons.append("archive directory \(archive.directory) does not exist (is the archive volume mounted?)")
            }
        }
        let fresh = plan.items.filter { $0.actions.contains(.archive) && $0.location == .online }
        if !fresh.isEmpty, FS.isDirectory(archive.directory) {
            // A month's bundle is rewritten whole: room for the new segments plus the bundle's old size.
            let need = fresh.reduce(Int64(0)) { $0 + $1.seal.fileBytes } * 2 + (4 << 20)
            if let free = Self.freeBytes(archive.directory), free < need {
                reasons.append("archive directory \(archive.directory) has \(free) bytes free, the bundles need about \(need)")
            }
        }
        let touched = plan.items.filter { ($0.actions.contains(.archive) && $0.location == .online) || ($0.actions.contains(.delete) && FS.exists(layout.absolute($0.seal.path))) }
        for (n, item) in touched.enumerated() {
            progress?("verifying segment \(StoreLayout.segmentName(item.seal.segment)) before changing it (\(n + 1) of \(touched.count))")
            for p in Verifier.checkSegment(layout: layout, seal: item.seal) {
                reasons.append("segment \(StoreLayout.segmentName(item.seal.segment)) fails verification: \(p.message)")
            }
        }
        for item in plan.items where item.actions.contains(.delete) {
            // Defence in depth: the plan's own rules, checked once more where the bytes go.
            if item.hold != nil { reasons.append("segment \(StoreLayout.segmentName(item.seal.segment)) is under legal hold \(item.hold!)") }
            if !item.override && plan.now.rfc3339 < item.seal.retainUntil && Tombstone.loadAll(layout: layout).tombstones[item.seal.segment] == nil {
                reasons.append("segment \(StoreLayout.segmentName(item.seal.segment)) is retained until \(item.seal.retainUntil)")
            }
            if item.override && item.seal.retentionMode != "governance" {
                reasons.append("segment \(StoreLayout.segmentName(item.seal.segment)) is in compliance mode: no override exists")
            }
        }
        if !reasons.isEmpty { throw SweepError.refused(reasons) }
    }

    /// Removes a sealed segment's online file (and its now-empty date and source directories).
    private func removeOnline(_ seal: Seal) throws {
        let layout = store.layout
        let path = layout.absolute(seal.path)
        guard FS.exists(path) else { return }
        try FS.remove(path)
        let dateDir = FS.parent(path)
        try FS.fsyncDirectory(dateDir)
        for dir in [dateDir, FS.parent(dateDir)] where FS.list(dir).isEmpty { rmdir(dir) }
    }

    private func step() throws {
        steps += 1
        if let k = killAfter, steps >= k { kill(getpid(), SIGKILL) }
    }

    static func freeBytes(_ path: String) -> Int64? {
        var s = statvfs()
        guard statvfs(path, &s) == 0 else { return nil }
        return Int64(s.f_bavail) * Int64(s.f_frsize)
    }

    /// The sweep, and each override, become events in the trail.
    private func recordEvents(_ r: Result, now: Timestamp) throws {
        func list(_ s: [UInt64]) -> JSONValue { .array(s.map { .number(String($0)) }) }
        let overrides = r.plan.items.filter { $0.override && r.deleted.contains($0.seal.segment) }
        try RetentionEvents.record(store: store, action: "retention.sweep", actor: actor, resource: "sweep:\(r.plan.id)", attributes: [
            ("sweep", .string(r.plan.id)), ("pruned", list(r.pruned)), ("archived", list(r.archived)), ("deleted", list(r.deleted)),
            ("rowsPruned", .number(String(r.rowsPruned))), ("bytesFreed", .number(String(r.bytesFreed))),
            ("held", .number(String(r.plan.items.filter { $0.hold != nil }.count))),
            ("overrides", .number(String(overrides.count))),
        ], at: now)
        if !overrides.isEmpty {
            try RetentionEvents.record(store: store, action: "retention.override", actor: actor, resource: "sweep:\(r.plan.id)", attributes: [
                ("sweep", .string(r.plan.id)), ("reason", .string(overrideReason ?? "")), ("deleted", list(overrides.map(\.seal.segment))),
                ("mode", .string("governance")),
            ], at: now)
        }
    }
}
