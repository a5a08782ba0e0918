import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import Retention
import SegmentStore
import ServiceLifecycle
import TrailModel

/// `sealtrail serve`: the API on Hummingbird, plus a maintenance service that commits every second
/// (so readers' spooled audit events reach the trail) and runs the scheduled jobs one at a time.
/// SIGTERM or SIGINT: Hummingbird stops accepting and drains in-flight requests, then the open
/// segments are sealed and the store released.
public enum SealtrailServer {
    public static func run(store: Store, config: ServeConfig, rulesDirectory: String, queriesDirectory: String,
                           logger: Logger, onRunning: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let (host, port) = try config.hostAndPort()
        let trailHost = try TrailHost(store: store, limits: config.limits)
        let state = APIState(store: store, host: trailHost, config: config, rulesDirectory: rulesDirectory, queriesDirectory: queriesDirectory)
        let server: HTTPServerBuilder
        if let tls = config.tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.cert).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
            server = try .tls(.http1(), tlsConfiguration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        } else {
            server = .http1()
        }
        let scheme = config.tls == nil ? "http" : "https"
        let app = Application(router: SealtrailAPI.router(state), server: server,
                              configuration: .init(address: .hostname(host, port: port), serverName: "sealtrail"),
                              services: [Maintenance(state: state, logger: logger)],
                              onServerRunning: { channel in onRunning("\(scheme)://\(host):\(channel.localAddress?.port ?? port)") },
                              logger: logger)
        do {
            try await app.runService()
        } catch {
            try? await trailHost.close()
            throw error
        }
        try await trailHost.close()
    }
}

/// When each scheduled job is next due. Jobs run one at a time; a job's next time is computed from
/// when its run finished, so runs that overran their slots are not made up (one run, not a backlog).
struct JobPlan {
    private var schedules: [String: CronSchedule] = [:]
    private(set) var next: [String: Timestamp] = [:]

    init(schedules texts: [String: String], from start: Timestamp) throws {
        for (job, text) in texts {
            let s = try CronSchedule(text)
            schedules[job] = s
            next[job] = s.next(after: start)
        }
    }

    /// The jobs due at `now`, in name order.
    func due(at now: Timestamp) -> [String] { next.keys.sorted().filter { next[$0]! <= now } }

    mutating func ran(_ job: String, finishedAt end: Timestamp) { next[job] = schedules[job]?.next(after: end) }
}

/// Commits every second and runs the jobs of `schedules` (seal, verify, sweep) when due, one at a time.
struct Maintenance: Service {
    let state: APIState
    let logger: Logger

    func run() async throws {
        var plan = try JobPlan(schedules: state.config.schedules, from: .now)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            do { try await state.host.tick() } catch { logger.error("commit failed", metadata: ["error": "\(error)"]) }
            for job in plan.due(at: .now) {
                await runJob(job)
                plan.ran(job, finishedAt: .now)
            }
        }
    }

    func runJob(_ job: String) async {
        await run(job)
    }

    private func run(_ job: String) async {
        let started = Date()
        do {
            switch job {
            case "seal":
                let n = try await SealtrailAPI.timedSeal(state)
                logger.info("scheduled seal", metadata: ["seals": "\(n)"])
            case "verify":
                let store = state.store
                let report = try await SealtrailAPI.offload { Verifier(store: store).run() }
                state.verifyStatus.update(report, by: "schedule")
                state.metrics.verified(ok: report.ok)
                logger.info("scheduled verify", metadata: ["ok": "\(report.ok)", "problems": "\(report.problems.count)"])
            case "sweep":
                let store = state.store
                do {
                    let r = try await SealtrailAPI.offload { () -> Sweeper.Result in
                        let config = try RetentionConfig.load(store: store)
                        let sweeper = Sweeper(store: store, config: config, archive: ArchiveHooks.tier(store: store, config: config))
                        sweeper.actor = "sealtrail-serve"
                        return try sweeper.apply(overrideGovernance: false)
                    }
                    state.metrics.swept(ok: true)
                    logger.info("scheduled sweep", metadata: ["pruned": "\(r.pruned.count)", "archived": "\(r.archived.count)", "deleted": "\(r.deleted.count)"])
                } catch {
                    state.metrics.swept(ok: false)
                    throw error
                }
            default:
                logger.warning("scheduled job not run by the server", metadata: ["job": "\(job)"])
            }
        } catch {
            logger.error("scheduled job failed", metadata: ["job": "\(job)", "error": "\(error)"])
        }
        logger.debug("job done", metadata: ["job": "\(job)", "seconds": "\(Date().timeIntervalSince(started))"])
    }
}
