import Collectors
import Evidence
import Foundation
import HTTPTypes
import Hummingbird
import Rules
import Sealing
import SegmentStore
import TrailIndex
import TrailModel

extension SealtrailAPI {
    // MARK: Ingest

    static func ingest(_ request: Request, _ context: APIContext, _ state: APIState) async throws -> Response {
        let token = try context.require(.ingest)
        let source = request.uri.queryParameters.get("source").map { String($0) } ?? token.name
        do { try Names.validateSource(source) } catch { throw APIError.badRequest("\(error)") }
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        if let key, key.isEmpty || key.utf8.count > 200 { throw APIError.badRequest("Idempotency-Key must be 1 to 200 characters") }
        let body = try await readBody(request, state)
        let receipt = try await state.host.ingest(body, source: source, caller: token.name, idempotencyKey: key)
        if receipt.replayed != true {
            state.metrics.ingested(source: source, accepted: receipt.accepted, duplicates: receipt.duplicates, quarantined: receipt.quarantined)
            var attrs: [(String, JSONValue)] = [
                ("received", .number(String(receipt.received))), ("accepted", .number(String(receipt.accepted))),
                ("duplicates", .number(String(receipt.duplicates))), ("quarantined", .number(String(receipt.quarantined))),
            ]
            if let key { attrs.append(("idempotencyKey", .string(key))) }
            let outcome: Outcome = receipt.quarantined > 0 ? .failure : .success
            try await audit(state, token, "api.ingest", resource: "source:" + source, outcome: outcome, attrs: attrs)
        }
        var response = Response(status: .accepted, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(bytes: receipt.json() + [0x0A])))
        if receipt.replayed == true { response.headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return response
    }

    // MARK: Queries

    struct QueryBody: Decodable { var sql: String?; var saved: String?; var params: [String: String]? }

    static func query(_ request: Request, _ context: APIContext, _ state: APIState) async throws -> Response {
        let token = try context.require(.query)
        let bytes = try await readBody(request, state)
        let q: QueryBody
        do { q = try JSONDecoder().decode(QueryBody.self, from: Data(bytes)) } catch {
            throw APIError.badRequest("the body must be JSON {\"sql\": …} or {\"saved\": …, \"params\": {…}}: \(error)")
        }
        guard (q.sql == nil) != (q.saved == nil) else { throw APIError.badRequest("give exactly one of 'sql' and 'saved'") }
        let formatName = request.uri.queryParameters.get("format").map { String($0) } ?? "json"
        guard let format = ResultFormat(rawValue: formatName), format != ResultFormat.table else {
            throw APIError.badRequest("format must be json, ndjson or csv")
        }
        let store = state.store, queries = state.queriesDirectory
        let result: QueryRunner.Result = try await offload {
            var inv = Investigation(store: store, actor: "token:" + token.name)
            inv.notes = { _ in }
            do {
                if let name = q.saved {
                    guard let saved = try SavedQuery.load(directory: queries)[name] else { throw APIError.notFound("no saved query '\(name)'") }
                    return try inv.run(saved: saved, params: q.params ?? [:])
                }
                return try inv.run(sql: q.sql!, params: q.params ?? [:])
            } catch let e as APIError {
                throw e
            } catch {
                throw APIError(.badRequest, "query_refused", "\(error)")
            }
        }
        let type = format == .csv ? "text/csv" : format == .ndjson ? "application/x-ndjson" : "application/json"
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: format.render(result))))
    }

    // MARK: The trail

    static func event(_ context: APIContext, _ state: APIState) async throws -> Response {
        let token = try context.require(.readTrail)
        let ref = try pathParameter(context, "ref")
        let store = state.store
        let proof: [UInt8] = try await offload {
            var target = ref
            if ref.utf8.count == 64, ref.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) {
                let index = try TrailIndex(store: store)
                _ = try index.catchUp()
                let rows = try QueryRunner(indexPath: TrailIndex.path(store.layout))
                    .run(sql: "SELECT segment, record, sealed FROM events WHERE leaf = :leaf LIMIT 1", textArguments: ["leaf": ref]).rows
                guard let row = rows.first else { throw APIError.notFound("no event with leaf hash \(ref)") }
                guard case .int(1) = row[2], case let .int(seg) = row[0], case let .int(rec) = row[1] else {
                    throw APIError(.conflict, "not_sealed", "the event is stored but its segment is not sealed yet; a proof exists after the next seal")
                }
                target = "\(seg):\(rec)"
            }
            do { return try Prover.prove(store: store, ref: target) } catch StoreError.eventNotFound {
                throw APIError.notFound("no sealed event '\(ref)' (give an event id, SEGMENT:RECORD or a leaf hash)")
            }
        }
        try await audit(state, token, "api.event.read", resource: "event:" + ref)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: proof)))
    }

    static func checkpoint(_ context: APIContext, _ state: APIState) async throws -> Response {
        let token = try context.require(.readTrail)
        let dir = state.store.layout.checkpoints
        let sizes = FS.list(dir).compactMap { $0.hasSuffix(".checkpoint") ? UInt64($0.dropLast(".checkpoint".count)) : nil }
        guard let size = sizes.max() else { throw APIError.notFound("no checkpoint yet: nothing has been sealed") }
        let text = try FS.read(state.store.layout.checkpointFile(size: size))
        try await audit(state, token, "api.checkpoint.read", resource: "checkpoint:\(size)")
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }

    static func consistency(_ request: Request, _ context: APIContext, _ state: APIState) async throws -> Response {
        let token = try context.require(.readTrail)
        guard let a = request.uri.queryParameters.get("from").flatMap({ UInt64($0) }),
              let b = request.uri.queryParameters.get("to").flatMap({ UInt64($0) }) else {
            throw APIError.badRequest("query parameters 'from' and 'to' (trail sizes) are required")
        }
        let store = state.store
        let body: JSONValue = try await offload {
            let trail = try Trail.load(layout: store.layout, origin: store.manifest.origin)
            guard a >= 1, a <= b, b <= trail.size else {
                throw APIError.badRequest("need 1 <= from <= to <= \(trail.size) (the trail's size)")
            }
            let leaves = Array(trail.leaves.prefix(Int(b)))
            let proof = Proofs.consistencyProof(size1: Int(a), leaves: leaves)
            return .object([("from", .number(String(a))), ("to", .number(String(b))),
                            ("rootFrom", .string(trail.root(size: a).hex)), ("rootTo", .string(trail.root(size: b).hex)),
                            ("proof", .array(proof.map { .string($0.hex) }))])
        }
        try await audit(state, token, "api.consistency.read", resource: "trail:\(a)-\(b)")
        return json(body)
    }

    static func verify(_ context: APIContext, _ state: APIState) async throws -> Response {
        let token = try context.require(.runVerify)
        let store = state.store
        let report = try await offload { Verifier(store: store).run() }
        state.verifyStatus.update(report, by: "token:" + token.name)
        state.metrics.verified(ok: report.ok)
        try await audit(state, token, "api.verify", resource: "trail", outcome: report.ok ? .success : .failure,
                        attrs: [("problems", .number(String(report.problems.count)))])
        return json(state.verifyStatus.json(), status: report.ok ? .ok : .conflict)
    }

    // MARK: Compliance

    static func coverage(_ request: Request, _ context: APIContext, _ state: APIState) async throws -> Response {
        let token = try context.require(.coverage)
        guard let name = request.uri.queryParameters.get("framework").map({ String($0) }) else {
            throw APIError.badRequest("query parameter 'framework' is required (e.g. pci-dss@4.0)")
        }
        let from = try time(request, "from")!, to = try time(request, "to")!
        let store = state.store, rulesDir = state.rulesDirectory
        let body: JSONValue = try await offload {
            let set = try RuleSet.load(directory: rulesDir)
            let frameworks = try Framework.loadAll(directory: rulesDir + "/controls")
            guard let fw = frameworks.first(where: { $0.qualified == name || $0.name == name }) else {
                throw APIError.notFound("no framework '\(name)'; known: \(frameworks.map(\.qualified).joined(separator: ", "))")
            }
            let index = try TrailIndex(store: store)
            _ = try index.catchUp()
            let result = try set.evaluate(index: index, from: from, to: to)
            try index.store(findings: result.findings.map(\.stored), mode: "batch")
            let rows = fw.coverage(rules: set, findings: result.findings, matched: result.matched, errors: result.errors)
            return .object([("framework", .string(fw.qualified)), ("from", .string(from.rfc3339)), ("to", .string(to.rfc3339)),
                            ("events", .number(String(result.events))),
                            ("controls", .array(rows.map { r in .object([
                                ("control", .string(r.control)), ("status", .string(r.status)), ("coverage", .string(r.coverage)),
                                ("rules", .array(r.rules.map(JSONValue.string))), ("events", .number(String(r.events))),
                                ("findings", .number(String(r.findings))), ("title", .string(r.title)), ("note", .string(r.note)),
                            ]) }))])
        }
        try await audit(state, token, "api.coverage", resource: "framework:" + name)
        return json(body)
    }

    struct EvidenceBody: Decodable {
        var framework: String; var from: String; var to: String
        var controls: [String]?; var sample: Int?; var seed: String?; var asOf: String?
        var format: String?
    }

    static func startEvidence(_ request: Request, _ context: APIContext, _ state: APIState) async throws -> Response {
        let token = try context.require(.evidence)
        let b: EvidenceBody
        do { b = try JSONDecoder().decode(EvidenceBody.self, from: Data(try await readBody(request, state))) } catch let e as APIError { throw e } catch {
            throw APIError.badRequest("the body must be JSON {\"framework\", \"from\", \"to\", [\"controls\", \"sample\", \"seed\", \"asOf\", \"format\"]}: \(error)")
        }
        func parse(_ s: String, _ what: String) throws -> Timestamp {
            let text = s.count == 10 ? s + "T00:00:00Z" : s
            guard let p = TimeParser.parseISO(text[...].utf8), p.hadZone else { throw APIError.badRequest("\(what) '\(s)' is not an RFC 3339 time or a date") }
            return p.timestamp
        }
        let from = try parse(b.from, "from"), to = try parse(b.to, "to")
        let asOf = try b.asOf.map { try parse($0, "asOf") } ?? .now
        guard from < to else { throw APIError.badRequest("from must be before to") }
        guard (b.sample ?? 25) >= 0 else { throw APIError.badRequest("sample must be 0 or more") }
        let ext = b.format ?? "zip"
        guard ext == "zip" || ext == "tar.gz" else { throw APIError.badRequest("format must be zip or tar.gz") }
        let rules = try RuleSet.load(directory: state.rulesDirectory)
        let frameworks = try Framework.loadAll(directory: state.rulesDirectory + "/controls")
        guard let fw = frameworks.first(where: { $0.qualified == b.framework || $0.name == b.framework }) else {
            throw APIError.notFound("no framework '\(b.framework)'; known: \(frameworks.map(\.qualified).joined(separator: ", "))")
        }
        var req = PackRequest(framework: fw, rules: rules, from: from, to: to, asOf: asOf, actor: "token:" + token.name)
        req.controls = b.controls ?? []
        req.sample = b.sample ?? 25
        req.seed = b.seed ?? "1"
        do { _ = try req.selectedControls() } catch { throw APIError.badRequest("\(error)") }
        let job = try state.jobs.start(req, format: ext)
        try await audit(state, token, "api.evidence.start", resource: "evidence-job:" + job, attrs: [("framework", .string(fw.qualified))])
        var response = json(state.jobs.status(job)!, status: .accepted)
        response.headers[.location] = "/v1/evidence/" + job
        return response
    }

    static func evidenceStatus(_ context: APIContext, _ state: APIState) async throws -> Response {
        _ = try context.require(.evidence)
        let id = try pathParameter(context, "id")
        guard let s = state.jobs.status(id) else { throw APIError.notFound("no evidence job '\(id)'") }
        return json(s)
    }

    static func evidencePack(_ context: APIContext, _ state: APIState) async throws -> Response {
        let token = try context.require(.evidence)
        let id = try pathParameter(context, "id")
        guard let s = state.jobs.status(id) else { throw APIError.notFound("no evidence job '\(id)'") }
        guard let path = state.jobs.packPath(id) else {
            throw APIError(.conflict, "not_ready", "the pack is not built (state: \(s["state"]?.scalarText ?? "?"))")
        }
        let bytes = try FS.read(path)
        try await audit(state, token, "api.evidence.download", resource: "evidence-job:" + id, attrs: [("bytes", .number(String(bytes.count)))])
        let type = path.hasSuffix(".zip") ? "application/zip" : "application/gzip"
        return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(FS.baseName(path))\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
