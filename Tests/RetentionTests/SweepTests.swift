import Foundation
import Retention
import Sealing
import SegmentStore
import Testing
import TrailIndex
import TrailModel

@Suite(.serialized) struct SweepTests {
    static func daysAgo(_ n: Int) -> String { Timestamp(micros: Timestamp.now.micros - Int64(n) * 86_400_000_000).dateString }

    /// Five segments, one per situation (see the comments), with the index caught up.
    static func mixedStore(name: String) throws -> (Store, [String: UInt64]) {
        let segs: [(String, String)] = [
            ("pay-api", daysAgo(500)),   // pay-13m: retention ended → delete
            ("pay-api", daysAgo(200)),   // hot 3m ended, archiveAfter 4m due → prune + archive
            ("pay-api", daysAgo(10)),    // hot → keep
            ("debug-app", daysAgo(45)),  // debug-30d (governance): retention ended → delete
            ("other", daysAgo(120)),     // default-7y: hot 90d ended → prune
        ]
        let store = try RetentionFixture.store(policies: RetentionFixture.policies, segments: segs, name: name)
        try TrailIndex(store: store).catchUp()
        let trail = try Trail.load(layout: store.layout, origin: store.manifest.origin)
        var byKey: [String: UInt64] = [:]
        for s in trail.seals { byKey["\(s.source)@\(s.firstTime.prefix(10))"] = s.segment }
        return (store, byKey)
    }

    static func sweeper(_ store: Store) throws -> Sweeper {
        let config = try RetentionConfig.load(store: store)
        return Sweeper(store: store, config: config, archive: ArchiveHooks.tier(store: store, config: config))
    }

    static func rows(_ store: Store, _ sql: String) throws -> [[QueryRunner.Cell]] {
        try QueryRunner(indexPath: TrailIndex.path(store.layout)).run(sql: sql).rows
    }

    @Test func planApplyAndTheTrailStillVerifies() throws {
        let (store, seg) = try Self.mixedStore(name: "mixed")
        let expiredPay = seg["pay-api@\(Self.daysAgo(500))"]!, oldPay = seg["pay-api@\(Self.daysAgo(200))"]!
        let recentPay = seg["pay-api@\(Self.daysAgo(10))"]!, debug = seg["debug-app@\(Self.daysAgo(45))"]!
        let other = seg["other@\(Self.daysAgo(120))"]!
        let sweeper = try Self.sweeper(store)
        let plan = try sweeper.plan(now: .now, overrideGovernance: false)
        let actions = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.seal.segment, $0.actions) })
        #expect(actions[expiredPay] == [.delete])
        #expect(actions[oldPay] == [.prune, .archive])
        #expect(actions[recentPay] == [.keep])
        #expect(actions[debug] == [.delete])
        #expect(actions[other] == [.prune])
        // Planning changed nothing.
        #expect(FS.list(store.layout.tombstones).isEmpty)
        #expect(FS.exists(store.layout.absolute(plan.items.first { $0.seal.segment == expiredPay }!.seal.path)))

        let r = try sweeper.apply(overrideGovernance: false)
        #expect(Set(r.deleted) == [expiredPay, debug])
        #expect(r.archived == [oldPay])
        #expect(Set(r.pruned) == [oldPay, other])
        let trail = try Trail.load(layout: store.layout, origin: store.manifest.origin)
        let keys = try KeyRing.publicKeys(layout: store.layout)
        for seq in [expiredPay, debug] {
            let seal = trail.seals[Int(seq)]
            #expect(!FS.exists(store.layout.absolute(seal.path)))
            let t = try Tombstone.decode(try FS.read(store.layout.tombstoneFile(seq: seq)), path: "t")
            #expect(t.problem(against: seal, keys: keys) == nil)
            #expect(t.reason == "expired" && t.sweep == r.plan.id && t.policy == seal.retentionPolicy)
        }
        #expect(!FS.exists(store.layout.absolute(trail.seals[Int(oldPay)].path)))
        #expect(try ArchiveTier.index(directory: store.layout.archive, keys: keys)[oldPay] != nil)
        // The hot index keeps only what is hot.
        let counts = try Self.rows(store, "SELECT segment, count(*) FROM events WHERE segment IS NOT NULL GROUP BY segment ORDER BY segment")
        #expect(counts.map { $0[0] } == [.int(Int64(recentPay))])
        let states = try Self.rows(store, "SELECT segment, state FROM segments ORDER BY segment")
        #expect(states.map { $0[1] } == [expiredPay, oldPay, recentPay, debug, other].sorted().map { s -> QueryRunner.Cell in
            .text(s == expiredPay || s == debug ? "expired" : s == oldPay ? "archived" : s == other ? "cold" : "hot")
        })

        // Every remaining proof and checkpoint verifies; expired segments are reported as such.
        let report = Verifier(store: store).run()
        #expect(report.ok, "\(report.problems)")
        #expect(report.segmentsExpired == 2)
        #expect(report.notes.contains { $0.contains("expired by policy debug-30d") })
        let proof = try Prover.prove(store: store, ref: "\(recentPay):3")
        #expect(try Prover.verify(proof: proof).seal.segment == recentPay)

        // A second run finds nothing to do; a rebuilt index equals the pruned one.
        let again = try Self.sweeper(store).apply(overrideGovernance: false)
        #expect(again.deleted.isEmpty && again.archived.isEmpty && again.pruned.isEmpty)
        let before = try Self.rows(store, "SELECT segment, record, leaf FROM events WHERE segment IS NOT NULL ORDER BY 1, 2")
        try TrailIndex.rebuild(store: store)
        #expect(try Self.rows(store, "SELECT segment, record, leaf FROM events WHERE segment IS NOT NULL ORDER BY 1, 2") == before)

        // The sweep is an event in the trail.
        try TrailIndex(store: store).catchUp()
        let audit = try Self.rows(store, "SELECT action FROM events WHERE source = 'sealtrail' ORDER BY time")
        #expect(audit.filter { $0 == [.text("retention.sweep")] }.count == 2)
    }

    @Test func restoredSegmentsStayOnlineUntilTheirRestorePeriodEnds() throws {
        let (store, seg) = try Self.mixedStore(name: "restore")
        let oldPay = seg["pay-api@\(Self.daysAgo(200))"]!
        _ = try Self.sweeper(store).apply(overrideGovernance: false)
        let seal = try Trail.load(layout: store.layout, origin: store.manifest.origin).seals[Int(oldPay)]
        let day = try #require(TimeArgument.parse(Self.daysAgo(200)))
        let back = try ArchiveTier.restore(store: store, directory: store.layout.archive, from: day, to: day.advanced(seconds: 86_400),
                                           keep: RetentionPeriod(days: 7), now: .now)
        #expect(back.map(\.segment) == [oldPay])
        let plan = try Self.sweeper(store).plan(now: .now, overrideGovernance: false)
        let item = try #require(plan.items.first { $0.seal.segment == oldPay })
        #expect(item.actions == [.keep] && item.location == .both && item.reason.contains("restored from the archive"))
        // Eight days later the online copy goes again (planned at that time; applying uses the clock,
        // so the restore period is shortened on disk to apply it now).
        let later = try Self.sweeper(store).plan(now: Timestamp.now.advanced(seconds: 8 * 86_400), overrideGovernance: false)
        #expect(later.items.first { $0.seal.segment == oldPay }?.actions == [.archive])
        var restored = try RestoredSegments.load(layout: store.layout)
        restored[oldPay]?.until = Timestamp.now.advanced(seconds: -1).rfc3339
        try RestoredSegments.save(layout: store.layout, restored)
        let r = try Self.sweeper(store).apply(overrideGovernance: false)
        #expect(r.archived == [oldPay])
        #expect(!FS.exists(store.layout.absolute(seal.path)))
        #expect(try RestoredSegments.load(layout: store.layout)[oldPay] == nil)
        #expect(try Self.rows(store, "SELECT count(*) FROM events WHERE segment = \(oldPay)") == [[.int(0)]])
        #expect(Verifier(store: store).run().ok)
    }

    @Test func aMonthIsArchivedOnceWhenAllOfItIsDue() throws {
        let store = try RetentionFixture.store(policies: RetentionFixture.policies,
                                               segments: [("pay-api", "2025-03-01"), ("pay-web", "2025-03-28")], name: "month")
        func archiving(_ at: String) throws -> [String] {
            try Self.sweeper(store).plan(now: TimeArgument.parse(at)!, overrideGovernance: false).items
                .filter { $0.actions.contains(.archive) }.map(\.seal.source).sorted()
        }
        // 2025-07-15: the first segment is due (4 months after 1 March), the second not until 28 July.
        #expect(try archiving("2025-07-15").isEmpty)
        let waiting = try Self.sweeper(store).plan(now: TimeArgument.parse("2025-07-15")!, overrideGovernance: false)
        #expect(waiting.items.first { $0.seal.source == "pay-api" }!.reason.contains("archived with the rest of 2025-03 on 2025-07-28"))
        #expect(try archiving("2025-07-29") == ["pay-api", "pay-web"])
    }

    @Test func legalHoldsBlockDeletionInEitherModeUntilReleased() throws {
        let segs: [(String, String)] = [("pay-api", Self.daysAgo(500)), ("debug-app", Self.daysAgo(45)), ("debug-web", Self.daysAgo(45))]
        let store = try RetentionFixture.store(policies: RetentionFixture.policies, segments: segs,
                                               actor: { source, _ in source == "debug-app" ? "user:mallory" : "user:alice" }, name: "holds")
        try TrailIndex(store: store).catchUp()
        let h1 = try HoldStore.add(store: store, reason: "matter 42", by: "counsel", source: "pay-*", from: nil, to: nil,
                                   actor: nil, query: nil, params: [:])
        let h2 = try HoldStore.add(store: store, reason: "HR case", by: "counsel", source: nil, from: nil, to: nil,
                                   actor: "user:mallory", query: nil, params: [:])
        let s = try Self.sweeper(store)
        s.overrideReason = "cleanup"
        let plan = try s.plan(now: .now, overrideGovernance: true)
        let held = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.seal.source, $0.hold) })
        #expect(held["pay-api"] == h1.id)
        #expect(held["debug-app"] == h2.id)
        #expect(held["debug-web"] == .some(nil))
        let r = try s.apply(overrideGovernance: true)
        #expect(r.deleted.count == 1)
        #expect(plan.items.first { $0.seal.source == "debug-web" }!.actions == [.delete])
        // Released holds stop protecting.
        _ = try HoldStore.release(store: store, id: h1.id, reason: "case closed", by: "counsel")
        _ = try HoldStore.release(store: store, id: h2.id, reason: "case closed", by: "counsel")
        let r2 = try Self.sweeper(store).apply(overrideGovernance: false)
        #expect(r2.deleted.count == 2)
        #expect(Verifier(store: store).run().ok)
        try TrailIndex(store: store).catchUp()
        let audit = try Self.rows(store, "SELECT action, count(*) FROM events WHERE source = 'sealtrail' GROUP BY 1 ORDER BY 1")
        #expect(audit == [[.text("hold.add"), .int(2)], [.text("hold.release"), .int(2)], [.text("retention.sweep"), .int(2)]])
    }

    @Test func savedQueryHoldsKeepTheSegmentsTheQueryNames() throws {
        let segs: [(String, String)] = [("pay-api", Self.daysAgo(500)), ("pay-api", Self.daysAgo(480)), ("pay-web", Self.daysAgo(470))]
        let store = try RetentionFixture.store(policies: RetentionFixture.policies, segments: segs,
                                               actor: { _, day in day == Self.daysAgo(480) ? "user:suspect" : "user:alice" }, name: "qhold")
        let file = RetentionFixture.tempDir("q") + ".sql"
        try """
            -- name: suspect-events
            -- description: every event of one actor
            -- params: actor:text
            SELECT time, action, segment || ':' || record AS ref FROM events WHERE actor = :actor
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let query = try SavedQuery.parse(try String(contentsOfFile: file, encoding: .utf8), path: file)
        let hold = try HoldStore.add(store: store, reason: "fraud case", by: "counsel", source: nil, from: nil, to: nil,
                                     actor: nil, query: query, params: ["actor": "user:suspect"])
        let trail = try Trail.load(layout: store.layout, origin: store.manifest.origin)
        let suspect = trail.seals.first { $0.firstTime.hasPrefix(Self.daysAgo(480)) }!.segment
        #expect(hold.segments == [suspect])
        // The query file may change or vanish: the hold keeps its own copy.
        try FileManager.default.removeItem(atPath: file)
        let r = try Self.sweeper(store).apply(overrideGovernance: false)
        #expect(r.deleted.count == 2 && !r.deleted.contains(suspect))
        #expect(r.plan.items.first { $0.seal.segment == suspect }?.hold == hold.id)
        #expect(Verifier(store: store).run().ok)
    }

    @Test func governanceOverrideNeedsAReasonIsRecordedAndNeverTouchesComplianceMode() throws {
        // Sealed under long policies, then shorter ones are installed: the seals keep their stamps.
        let long = """
            policies:
              - { name: debug-1y, match: { sources: ["debug-*"] }, retain: 1y, hot: 30d, mode: governance }
            default: { name: base-3y, retain: 3y, hot: 30d, mode: compliance }
            """
        let store = try RetentionFixture.store(policies: long, segments: [("debug-app", Self.daysAgo(45)), ("pay-api", Self.daysAgo(400))], name: "override")
        let short = RetentionFixture.tempDir("short") + ".yaml"
        try """
            policies:
              - { name: debug-1y, match: { sources: ["debug-*"] }, retain: 30d, hot: 30d, mode: governance }
            default: { name: base-3y, retain: 13m, hot: 30d, mode: compliance }
            """.write(toFile: short, atomically: true, encoding: .utf8)
        try FS.writeAtomically(store.layout.retentionPolicies, try PolicyFiles.load(short).encoded())

        let plain = try Self.sweeper(store).plan(now: .now, overrideGovernance: false)
        #expect(plain.items.allSatisfy { !$0.actions.contains(.delete) })
        #expect(plain.items.first { $0.seal.source == "debug-app" }!.reason.contains("needs --override-governance"))
        #expect(throws: StoreError.self) { try Self.sweeper(store).apply(overrideGovernance: true) }

        let s = try Self.sweeper(store)
        s.overrideReason = "debug logs hold no evidence; approved CHG-7"
        s.actor = "ops:erin"
        let r = try s.apply(overrideGovernance: true)
        let debug = r.plan.items.first { $0.seal.source == "debug-app" }!.seal
        let pay = r.plan.items.first { $0.seal.source == "pay-api" }!
        #expect(r.deleted == [debug.segment])
        #expect(!pay.actions.contains(.delete))
        #expect(FS.exists(store.layout.absolute(pay.seal.path)))
        let t = try Tombstone.decode(try FS.read(store.layout.tombstoneFile(seq: debug.segment)), path: "t")
        #expect(t.reason == "governance-override" && t.overrideBy == "ops:erin" && t.overrideReason == s.overrideReason)
        let report = Verifier(store: store).run()
        #expect(report.ok && report.notes.contains { $0.contains("governance override by ops:erin") })
        try TrailIndex(store: store).catchUp()
        let audit = try Self.rows(store, "SELECT action, json_extract(attributes, '$.reason') FROM events WHERE action = 'retention.override'")
        #expect(audit == [[.text("retention.override"), .text(s.overrideReason!)]])
    }

    /// Conditions under which a sweep must change nothing at all.
    enum Fault: String, CaseIterable {
        case damagedSegment, missingArchiveDirectory, unreadableHold
    }

    @Test(arguments: Fault.allCases)
    func refusedSweepsChangeNothing(_ fault: Fault) throws {
        let (store, seg) = try Self.mixedStore(name: "fault-\(fault.rawValue)")
        let layout = store.layout
        var config = try RetentionConfig.load(store: store)
        switch fault {
        case .damagedSegment:
            let seal = try Trail.load(layout: layout, origin: store.manifest.origin).seals[Int(seg["pay-api@\(Self.daysAgo(500))"]!)]
            let path = layout.absolute(seal.path)
            chmod(path, 0o644)
            var bytes = try FS.read(path)
            bytes[bytes.count / 2] ^= 0x20
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        case .missingArchiveDirectory:
            config.archiveDirectory = "/nonexistent-sealtrail-archive-\(getpid())"
            try FS.writeAtomically(layout.retentionPolicies, try config.encoded())
        case .unreadableHold:
            try FS.mkdirs(layout.holds)
            try FS.writeAtomically(layout.holds + "/hold-x.json", Array("{not json".utf8))
        }
        let snapshot = Self.files(layout.root)
        let s = Sweeper(store: store, config: config, archive: ArchiveHooks.tier(store: store, config: config))
        do {
            _ = try s.apply(overrideGovernance: false)
            Issue.record("\(fault): the sweep ran")
        } catch let e as SweepError {
            guard case let .refused(reasons) = e else { Issue.record("\(fault): \(e)"); return }
            let expected = ["damagedSegment": "fails verification", "missingArchiveDirectory": "does not exist"][fault.rawValue]
            if let expected { #expect(reasons.contains { $0.contains(expected) }, "\(reasons)") }
        } catch {
            #expect(fault == .unreadableHold && "\(error)".contains("legal hold is unreadable"), "\(error)")
        }
        #expect(Self.files(layout.root) == snapshot, "\(fault): files changed")
    }

    @Test func oneSweepAtATime() throws {
        let (store, _) = try Self.mixedStore(name: "lock")
        let s = try Self.sweeper(store)
        let held = try s.lock()
        defer { held.release() }
        #expect {
            try Self.sweeper(store).apply(overrideGovernance: false)
        } throws: { e in
            if case StoreError.locked = e { return true }
            return false
        }
    }

    /// Every file under `root` (except the index and lock files) with its size.
    static func files(_ root: String) -> [String: Int64] {
        var out: [String: Int64] = [:]
        let e = FileManager.default.enumerator(atPath: root)
        while let rel = e?.nextObject() as? String {
            // The index is derived; lock files are created by whoever runs.
            if rel.hasPrefix("index/") || rel.hasSuffix(".lock") || FS.isDirectory(root + "/" + rel) { continue }
            out[rel] = (try? FS.size(root + "/" + rel)) ?? -1
        }
        return out
    }
}
