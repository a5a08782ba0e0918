import Collectors
import Foundation
import SegmentStore
import Testing
import TrailIndex
import TrailModel

/// Every file in `queries/`: a complete header, parameters that match the SQL, and a run on a store
/// of simulated events whose totals are checked against the same events counted in Swift.
@Suite("Saved queries: headers and runs", .serialized)
struct SavedQueriesTests {
    /// The simulated events (2,000 app events, seed 11) and a store holding them.
    static let simulated: (events: [TrailEvent], store: Result<Store, Error>) = {
        var sim = Simulator(options: .init(count: 2_000, seed: 11))
        var events: [TrailEvent] = []
        let context = ParseContext(source: "payments", received: Plant.at(60, 0, 0))
        sim.generate { line in
            if let e = try? AppJSONParser().parse(line, context: context) { events.append(e) }
        }
        return (events, Result { try SavedQueries.store(events, name: "simulated") })
    }()

    /// A value for every required parameter of every query (by name), used by the run-them-all test.
    static let samples: [String: String] = [
        "actor": "admin:jonas.berg", "resource": "config:tls.min_version", "origin": "198.51.100.29",
        "source": "payments", "terms": "detokenize", "from": "2026-07-01", "to": "2026-07-02",
    ]

    static let fileNames: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: SavedQueries.directory)) ?? []).filter { $0.hasSuffix(".sql") }.sorted()
    }()

    /// At least 15 saved queries ship with the repository.
    @Test func thereAreAtLeastFifteen() {
        #expect(Self.fileNames.count >= 15, "queries/ holds \(Self.fileNames)")
    }

    /// Header: the name is the file name, a description, controls with real framework ids; every
    /// `:param` in the SQL is declared and every declared parameter is used.
    @Test(arguments: fileNames)
    func header(file: String) throws {
        let path = SavedQueries.directory + "/" + file
        let q = try SavedQuery.parse(try String(contentsOfFile: path, encoding: .utf8), path: path)
        #expect(q.name + ".sql" == file)
        #expect(q.description.count >= 20)
        #expect(!q.controls.isEmpty)
        let control = #/^(pci-dss@4\.0:\d+(\.\d+)*|psd2-rts:\d+(\(\w+\))*|soc2@2017:CC\d\.\d|gdpr:\d+(\(\w+\))*)$/#
        for c in q.controls { #expect(c.wholeMatch(of: control) != nil, "control id \(c)") }
        let declared = Set(q.parameters.map(\.name))
        #expect(declared.count == q.parameters.count, "a parameter is declared twice")
        #expect(Self.placeholders(in: q.sql) == declared)
        // Defaults have their declared types (a bad default fails here, not at an investigator's desk).
        _ = try q.bind(Self.samples.filter { declared.contains($0.key) })
    }

    /// `:name` placeholders outside string literals and comments.
    static func placeholders(in sql: String) -> Set<String> {
        func strip(_ s: String, _ pattern: String) -> String {
            (try! NSRegularExpression(pattern: pattern)).stringByReplacingMatches(
                in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "''")
        }
        let stripped = strip(strip(sql, "--[^\\n]*"), "'([^']|'')*'")
        let names = try! NSRegularExpression(pattern: "(?<![:\\w]):([A-Za-z_]\\w*)")
        return Set(names.matches(in: stripped, range: NSRange(stripped.startIndex..., in: stripped)).compactMap {
            Range($0.range(at: 1), in: stripped).map { String(stripped[$0]) }
        })
    }

    /// Every query compiles and runs on the read-only connection of a store of simulated events,
    /// with its defaults and sample values for the required parameters.
    @Test(arguments: fileNames)
    func runs(file: String) throws {
        let store = try Self.simulated.store.get()
        let q = try SavedQuery.parse(try String(contentsOfFile: SavedQueries.directory + "/" + file, encoding: .utf8), path: file)
        var params: [String: String] = [:]
        for p in q.parameters where p.defaultValue == nil {
            let sample = try #require(Self.samples[p.name], "add a sample value for parameter '\(p.name)' of \(q.name)")
            params[p.name] = sample
        }
        let rows = try SavedQueries.run(q.name, on: store, params)
        #expect(!rows.columns.isEmpty)
    }

    /// The per-actor detokenize totals equal the simulated card.detokenize events, actor by actor.
    @Test func detokenizeTotalsMatchTheSimulation() throws {
        let (events, store) = (Self.simulated.events, try Self.simulated.store.get())
        let rows = try SavedQueries.run("card-detokenize-by-actor", on: store, ["from": "2026-07-01", "to": "2026-07-08"])
        var expected: [String: Int] = [:]
        for e in events where e.action == "card.detokenize" { expected[e.actor!, default: 0] += 1 }
        #expect(!expected.isEmpty)
        let got = Dictionary(uniqueKeysWithValues: rows.tuples("actor", "calls").map { ($0[0], Int($0[1])!) })
        #expect(got == expected)
    }

    /// Failed logins per origin equal the simulated failed user/admin logins, origin by origin.
    @Test func failedLoginTotalsMatchTheSimulation() throws {
        let (events, store) = (Self.simulated.events, try Self.simulated.store.get())
        let rows = try SavedQueries.run("failed-logins-by-origin", on: store, ["from": "2026-07-01", "to": "2026-07-08"])
        var expected: [String: Int] = [:]
        for e in events where ["user.login", "admin.login"].contains(e.action ?? "") && e.outcome == .failure {
            expected[e.origin!, default: 0] += 1
        }
        #expect(!expected.isEmpty)
        let got = Dictionary(uniqueKeysWithValues: rows.tuples("origin", "failures").map { ($0[0], Int($0[1])!) })
        #expect(got == expected)
        #expect(rows.column("failures").map { Int($0)! } == rows.column("failures").map { Int($0)! }.sorted(by: >))
    }

    /// Every simulated role grant and revoke is listed once, in time order, with its grantee.
    @Test func privilegeChangesMatchTheSimulation() throws {
        let (events, store) = (Self.simulated.events, try Self.simulated.store.get())
        let rows = try SavedQueries.run("privilege-changes", on: store, ["from": "2026-07-01", "to": "2026-07-08"])
        let expected = events.filter { $0.action == "role.grant" || $0.action == "role.revoke" }.sorted { $0.time < $1.time }
        #expect(!expected.isEmpty)
        #expect(rows.column("time") == expected.map(\.time.rfc3339))
        #expect(rows.column("change") == expected.map { $0.action == "role.grant" ? "grant" : "remove" })
        #expect(rows.column("subject") == expected.map { e in e.attributes.first { $0.0 == "grantee" }.map { "\($0.1.scalarText ?? "")" } ?? "NULL" })
    }
}
