import Archive
import Evidence
import Foundation
import Testing

/// What users see, compared with checked-in files: the report and the manifest of a pack of the
/// fixture store (byte-identical on every run: fixed key, clock, events and as-of). Re-record
/// with SEALTRAIL_RECORD_GOLDEN=1 after an intended change, and read the diff.
@Suite struct ReportGoldenTests {
    static func golden(_ name: String, _ bytes: [UInt8]) throws {
        let path = EvidenceFixture.fixtures + "/" + name
        if ProcessInfo.processInfo.environment["SEALTRAIL_RECORD_GOLDEN"] != nil {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes == expected, "\(name) differs from the golden file; re-record with SEALTRAIL_RECORD_GOLDEN=1 if intended")
    }

    @Test func reportAndManifestMatchTheGoldenFiles() throws {
        let store = try EvidenceFixture.store(name: "golden")
        let dir = EvidenceFixture.tempDir("golden")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: store.layout.root) }
        let path = try EvidenceFixture.pack(store, in: dir)
        var files: [String: [UInt8]] = [:]
        try ArchiveReader.forEach(path: path) { e, bytes in files[e.name] = bytes }
        let report = try #require(files["report.html"])
        try Self.golden("report.golden.html", report)
        try Self.golden("manifest.golden.json", try #require(files["manifest.json"]))

        // Self-contained and printable: no script, no external resource, a print style sheet.
        let html = String(decoding: report, as: UTF8.self)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="))
        #expect(html.contains("@media print") && html.contains("<style>"))
        // Every control has a section, with its status.
        for id in ["A.1", "A.2", "B.1(a)", "B.2", "C.1", "C.2"] { #expect(html.contains("<h2>\(id) "), "\(id)") }
        // Text from events is escaped.
        #expect(!html.contains("<x>"))
    }
}
