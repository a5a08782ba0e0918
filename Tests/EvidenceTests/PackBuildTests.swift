import Archive
import Evidence
import Foundation
import Rules
import Sealing
import SegmentStore
import Testing
import TrailModel

/// Building packs: contents, statuses, samples and reproducibility.
@Suite struct PackBuildTests {
    static func entries(_ path: String) throws -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = []
        try ArchiveReader.forEach(path: path) { e, bytes in out.append((e.name, bytes)) }
        return out
    }

    @Test func packHoldsEveryPartAndVerifies() throws {
        let store = try EvidenceFixture.store()
        let dir = EvidenceFixture.tempDir("build")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: store.layout.root) }
        let path = try EvidenceFixture.pack(store, in: dir)
        let files = try Self.entries(path)
        let names = files.map(\.0)
        #expect(names.first == "README.txt" && names[1] == "report.html")
        #expect(names.suffix(2) == ["manifest.json", "manifest.sig"])
        for folder in ["A.1", "A.2", "B.1-a", "B.2", "C.1", "C.2"] {
            for f in ["control.json", "queries.sql", "findings.csv", "findings.json", "population.csv", "sample.csv", "sample.json"] {
                #expect(names.contains("controls/\(folder)/\(f)"), "controls/\(folder)/\(f)")
            }
        }
        #expect(names.contains("rules/rules.yaml") && names.contains("rules/controls/test-fw.yaml"))
        #expect(names.contains("trail/checkpoints/3.checkpoint"))
        #expect(names.filter { $0.hasPrefix("trail/seals/") }.count == 3)
        #expect(names.filter { $0.hasPrefix("proofs/") }.count == 3)
        #expect(names.filter { $0.hasPrefix("trail/keys/") }.count == 2)
        // Every file but the manifest and its signature is listed with its hash.
        let manifest = try JSONParser.parse(files.first { $0.0 == "manifest.json" }!.1)
        guard case let .array(listed)? = manifest["files"] else { Issue.record("no file list"); return }
        #expect(listed.compactMap { $0["path"]?.scalarText } == Array(names.dropLast(2)))
        for (entry, (_, bytes)) in zip(listed, files) { #expect(entry["sha256"]?.scalarText == Hash32.sha256(bytes).hex) }

        // Statuses: one control per status.
        func control(_ f: String) throws -> JSONValue { try JSONParser.parse(files.first { $0.0 == "controls/\(f)/control.json" }!.1) }
        let expected = ["A.1": "info", "A.2": "ok", "B.1-a": "alarm", "B.2": "alarm", "C.1": "manual", "C.2": "n/a"]
        for (f, status) in expected { #expect(try control(f)["status"]?.scalarText == status, "\(f)") }
        #expect(try control("B.1-a")["id"]?.scalarText == "B.1(a)")

        // The population of A.1 is every detokenize call of the period; the sample is five of them.
        let population = files.first { $0.0 == "controls/A.1/population.csv" }!.1
        let rows = String(decoding: population, as: UTF8.self).split(separator: "\r\n")
        #expect(rows.first == "segment,record,leaf,time,source,format,id,actor,action,resource,outcome,origin,session,rules")
        #expect(rows.count - 1 == 28, "12 app events a day and 4 web events are detokenize calls")
        #expect(rows.dropFirst().allSatisfy { $0.contains(",card.detokenize,") })
        // Absence rules give findings, not a population.
        #expect(try control("B.2")["counts"]?["population"]?.scalarText == "0")

        let report = try PackVerifier.verify(path: path)
        #expect(report.ok, "\(report.problems)")
        #expect(report.trailSize == 3 && report.seals == 3)
        #expect(report.citedEvents > 28)
    }

    /// The sample is the `sample` population rows whose SHA-256("<seed>:<leaf>") sorts lowest:
    /// recomputed here from population.csv alone.
    @Test(arguments: ["s1", "another seed"])
    func sampleIsTheSeededLowestKeys(seed: String) throws {
        let store = try EvidenceFixture.store()
        let dir = EvidenceFixture.tempDir("sample")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: store.layout.root) }
        let path = try EvidenceFixture.pack(store, in: dir, request: try EvidenceFixture.request(sample: 7, seed: seed))
        let files = try Self.entries(path)
        let population = String(decoding: files.first { $0.0 == "controls/A.1/population.csv" }!.1, as: UTF8.self)
        let leaves = population.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[2]) }
        let expected = Set(leaves.sorted { Hash32.sha256(Array("\(seed):\($0)".utf8)).hex < Hash32.sha256(Array("\(seed):\($1)".utf8)).hex }.prefix(7))
        guard case let .array(sample) = try JSONParser.parse(files.first { $0.0 == "controls/A.1/sample.json" }!.1) else {
            Issue.record("sample.json is not an array"); return
        }
        #expect(Set(sample.compactMap { $0["leaf"]?.scalarText }) == expected)
        // Each sampled row carries its raw record.
        #expect(sample.allSatisfy { ($0["raw"]?.scalarText ?? "").hasPrefix("{\"n\":") })
    }

    /// Same store, arguments and as-of: the same bytes, in both formats, even after the trail grew
    /// (the pack relies on the seals made by its as-of time).
    @Test(arguments: ["pack.zip", "pack.tar.gz"])
    func sameInputsSameBytes(name: String) throws {
        let store = try EvidenceFixture.store()
        let dir = EvidenceFixture.tempDir("repro")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: store.layout.root) }
        let first = try Data(contentsOf: URL(fileURLWithPath: try EvidenceFixture.pack(store, in: dir + "/1", name: name)))
        let second = try Data(contentsOf: URL(fileURLWithPath: try EvidenceFixture.pack(store, in: dir + "/2", name: name)))
        #expect(first == second)
        // More events in the period, sealed after the as-of time, change nothing.
        let w = try TrailWriter(store: store, threads: 1)
        w.now = { Timestamp.utc(year: 2026, month: 9, day: 1) }
        for n in 60..<70 { _ = try w.accept(EvidenceFixture.event(n, source: "app", day: 2), identity: nil) }
        try w.close()
        let third = try Data(contentsOf: URL(fileURLWithPath: try EvidenceFixture.pack(store, in: dir + "/3", name: name)))
        #expect(first == third)
        // A later as-of takes them in.
        var later = try EvidenceFixture.request()
        later.asOf = Timestamp.utc(year: 2026, month: 10, day: 1)
        let fourth = try EvidenceFixture.pack(store, in: dir + "/4", name: name, request: later)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fourth)) != first)
        #expect(try PackVerifier.verify(path: fourth, store: store).ok)
    }

    @Test func controlPatternsSelectControls() throws {
        let store = try EvidenceFixture.store()
        let dir = EvidenceFixture.tempDir("select")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: store.layout.root) }
        let path = try EvidenceFixture.pack(store, in: dir, request: try EvidenceFixture.request(controls: ["A.*", "C.2"]))
        let folders = Set(try Self.entries(path).map(\.0).filter { $0.hasPrefix("controls/") }.map { $0.split(separator: "/")[1] })
        #expect(folders == ["A.1", "A.2", "C.2"])
        #expect(throws: EvidenceError.self) { _ = try EvidenceFixture.request(controls: ["Z.*"]).selectedControls() }
        #expect(throws: EvidenceError.self) { _ = try EvidenceFixture.pack(store, in: dir, name: "pack.rar") }
    }

    @Test func folderNamesAreSafe() {
        #expect(controlFolder("10.2.1.4") == "10.2.1.4")
        #expect(controlFolder("5(1)(e)") == "5-1-e")
        #expect(controlFolder("4(3)(b)") == "4-3-b")
        #expect(controlFolder("CC6.1") == "CC6.1")
        #expect(controlFolder("../x") == "..-x")
    }
}
