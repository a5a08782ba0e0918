import Dispatch
import Evidence
import Foundation
import SegmentStore
import TrailModel

/// Evidence packs built as jobs (`POST /v1/evidence`): each runs on a thread of its own into
/// `state/evidence-jobs/<id>/`, with its progress lines and outcome kept in `status.json` there,
/// so a job's state and its pack survive a restart of the server.
final class EvidenceJobs: @unchecked Sendable {
    private let store: Store
    private let rulesDirectory: String
    private let lock = NSLock()
    private var running: [String: JSONValue] = [:]
    private var dir: String { store.layout.state + "/evidence-jobs" }

    init(store: Store, rulesDirectory: String) {
        self.store = store
        self.rulesDirectory = rulesDirectory
    }

    func start(_ request: PackRequest, format: String) throws -> String {
        let id = UUID().uuidString.lowercased()
        let jobDir = dir + "/" + id
        try FS.mkdirs(jobDir)
        let out = jobDir + "/pack-" + request.framework.name + "." + format
        let started = Timestamp.now
        let base: [(String, JSONValue)] = [("id", .string(id)), ("framework", .string(request.framework.qualified)),
                                           ("from", .string(request.from.rfc3339)), ("to", .string(request.to.rfc3339)),
                                           ("started", .string(started.rfc3339))]
        set(id, .object(base + [("state", .string("running")), ("progress", .string("queued"))]))
        let store = self.store
        DispatchQueue.global().async { [self] in
            var builder = PackBuilder(store: store)
            builder.progress = { [self] line in set(id, .object(base + [("state", .string("running")), ("progress", .string(line))])) }
            do {
                let s = try builder.build(request, to: out)
                let done = base + [("finished", .string(Timestamp.now.rfc3339)), ("files", .number(String(s.files))),
                         ("bytes", .number(String(s.bytes))), ("manifestSHA256", .string(s.manifestSHA256)),
                         ("events", .number(String(s.events))), ("download", .string("/v1/evidence/\(id)/pack"))]
                set(id, .object(done + [("state", .string("done"))]), durable: true)
            } catch {
                set(id, .object(base + [("state", .string("failed")), ("error", .string("\(error)"))]), durable: true)
            }
        }
        return id
    }

    private func set(_ id: String, _ v: JSONValue, durable: Bool = false) {
        lock.withLock { running[id] = v }
        if durable { try? FS.writeAtomically(dir + "/" + id + "/status.json", CanonicalJSON.encode(v)) }
    }

    /// The job's state (`running`, `done`, `failed`), or nil for an unknown id.
    func status(_ id: String) -> JSONValue? {
        if let v = lock.withLock({ running[id] }) { return v }
        let path = dir + "/" + id + "/status.json"
        guard FS.exists(path), let bytes = try? FS.read(path), let v = try? JSONParser.parse(bytes) else { return nil }
        return v
    }

    /// The pack of a finished job.
    func packPath(_ id: String) -> String? {
        guard status(id)?["state"]?.scalarText == "done" else { return nil }
        return FS.list(dir + "/" + id).first { $0.hasPrefix("pack-") }.map { dir + "/" + id + "/" + $0 }
    }
}

/// The last verification's outcome (`GET /v1/verify`).
final class VerifyStatus: @unchecked Sendable {
    private let lock = NSLock()
    private var last: JSONValue = .object([("state", .string("never run"))])

    func update(_ report: VerifyReport, by who: String) {
        let v: JSONValue = .object([("state", .string(report.ok ? "ok" : "failed")), ("time", .string(Timestamp.now.rfc3339)), ("by", .string(who)),
                                    ("problems", .array(report.problems.prefix(100).map { .string("\($0)") })),
                                    ("problemCount", .number(String(report.problems.count)))])
        lock.withLock { last = v }
    }

    func json() -> JSONValue { lock.withLock { last } }
}
