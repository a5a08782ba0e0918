import Foundation
import Prometheus

/// The server's Prometheus metrics (`GET /metrics`, text format 0.0.4), kept with swift-prometheus.
/// No event content appears here: counts per source, sizes, durations and outcomes only.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let walBytes: Gauge
    private let freeDisk: Gauge
    private let lastVerifyOK: Gauge
    private let lastVerifyTime: Gauge
    private let lastSweepOK: Gauge
    private let lastSweepTime: Gauge
    private let sealSeconds: DurationHistogram

    static let latencyBuckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                             .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                             .seconds(2.5), .seconds(5), .seconds(10)]

    public init() {
        walBytes = registry.makeGauge(name: "sealtrail_wal_bytes", help: "Bytes in the open WALs (events acknowledged, not yet sealed).")
        freeDisk = registry.makeGauge(name: "sealtrail_free_disk_bytes", help: "Free bytes on the store's file system.")
        lastVerifyOK = registry.makeGauge(name: "sealtrail_last_verify_ok", help: "1 when the last verification passed, 0 when it found problems, -1 before any.")
        lastVerifyTime = registry.makeGauge(name: "sealtrail_last_verify_timestamp_seconds", help: "Unix time of the last verification.")
        lastSweepOK = registry.makeGauge(name: "sealtrail_last_sweep_ok", help: "1 when the last scheduled sweep succeeded, 0 when it failed, -1 before any.")
        lastSweepTime = registry.makeGauge(name: "sealtrail_last_sweep_timestamp_seconds", help: "Unix time of the last scheduled sweep.")
        sealSeconds = registry.makeDurationHistogram(name: "sealtrail_seal_duration_seconds", buckets: Self.latencyBuckets,
                                                     help: "Time to seal the open segments (API, schedule or shutdown).")
        lastVerifyOK.set(to: -1)
        lastSweepOK.set(to: -1)
    }

    func ingested(source: String, accepted: Int, duplicates: Int, quarantined: Int) {
        let labels = [("source", source)]
        registry.makeCounter(name: "sealtrail_events_accepted_total", labels: labels, help: "Events stored.").increment(by: Int64(accepted))
        registry.makeCounter(name: "sealtrail_events_deduplicated_total", labels: labels, help: "Events already in the trail.").increment(by: Int64(duplicates))
        registry.makeCounter(name: "sealtrail_events_quarantined_total", labels: labels, help: "Records refused and quarantined.").increment(by: Int64(quarantined))
    }

    func request(method: String, route: String, status: Int, duration: Duration) {
        registry.makeDurationHistogram(name: "sealtrail_http_request_duration_seconds",
                                       labels: [("method", method), ("route", route), ("status", String(status))],
                                       buckets: Self.latencyBuckets, help: "API request latency.").record(duration)
    }

    func sealed(duration: Duration) { sealSeconds.record(duration) }

    func verified(ok: Bool) {
        lastVerifyOK.set(to: ok ? 1 : 0)
        lastVerifyTime.set(to: Date().timeIntervalSince1970)
    }

    func swept(ok: Bool) {
        lastSweepOK.set(to: ok ? 1 : 0)
        lastSweepTime.set(to: Date().timeIntervalSince1970)
    }

    func storage(wal: Int64, free: Int64?) {
        walBytes.set(to: Double(wal))
        if let free { freeDisk.set(to: Double(free)) }
    }
}
