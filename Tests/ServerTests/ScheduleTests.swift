import Foundation
@testable import Server
import Testing
import TrailModel

/// Scheduled jobs: when each is due, that an overrun is not made up, and that a scheduled seal and
/// verify do their work through the same code as the API.
@Suite struct ScheduleTests {
    func t(_ s: String) -> Timestamp { TimeParser.parseISO(s[...].utf8)!.timestamp }

    @Test func jobsFallDueOnTheirScheduleAndAnOverrunIsNotMadeUp() throws {
        var plan = try JobPlan(schedules: ["seal": "*/5 * * * *", "verify": "0 3 * * *"], from: t("2026-11-24T02:58:10Z"))
        #expect(plan.due(at: t("2026-11-24T02:59:59Z")).isEmpty)
        #expect(plan.due(at: t("2026-11-24T03:00:00Z")) == ["seal", "verify"])
        // The seal ran long, past three of its slots: it next runs at the first slot after it ended.
        plan.ran("seal", finishedAt: t("2026-11-24T03:16:30Z"))
        plan.ran("verify", finishedAt: t("2026-11-24T03:16:40Z"))
        #expect(plan.next["seal"] == t("2026-11-24T03:20:00Z"))
        #expect(plan.due(at: t("2026-11-24T03:19:59Z")).isEmpty)
        #expect(plan.due(at: t("2026-11-24T03:20:00Z")) == ["seal"])
        #expect(plan.next["verify"] == t("2026-11-25T03:00:00Z"))
        #expect(throws: (any Error).self) { try JobPlan(schedules: ["seal": "every day"], from: .now) }
    }

    @Test func aScheduledSealAndVerifyDoTheirWork() async throws {
        let f = try ServerFixture()
        let m = Maintenance(state: f.state, logger: .init(label: "test"))
        let body = line("s1") + "\n"
        _ = try await f.host.ingest(Array(body.utf8), source: "app", caller: "t", idempotencyKey: nil)
        #expect(f.host.walBytes() > 0)
        await m.runJob("seal")
        #expect(f.host.walBytes() == 0)
        await m.runJob("verify")
        #expect(f.state.verifyStatus.json()["state"]?.scalarText == "ok")
        #expect(f.state.metrics.registry.emitToString().contains("sealtrail_last_verify_ok 1.0"))
        #expect(f.state.metrics.registry.emitToString().contains("sealtrail_seal_duration_seconds_count 1"))
    }
}
