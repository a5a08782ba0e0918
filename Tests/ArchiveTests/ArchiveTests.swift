import Archive
import Foundation
import Testing

@Suite struct ArchiveTests {
    static func temp(_ ext: String) -> String {
        NSTemporaryDirectory() + "sealtrail-archive-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(ext)"
    }

    static let entries: [(String, [UInt8])] = [
        ("segments/source=app/date=2026-07-01/000000000000.jsonl.gz", Array(repeating: 0x41, count: 70_000)),
        ("seals/000000000000.seal.json", Array("{\"format\":\"sealtrail-seal/1\"}".utf8)),
        ("empty.txt", []),
    ]

    @Test(arguments: [ArchiveWriter.Format.tar, .zip])
    func writeReadAndStandardTools(_ format: ArchiveWriter.Format) throws {
        let path = Self.temp(format == .tar ? "tar" : "zip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let w = try ArchiveWriter(path: path, format: format)
        for (name, bytes) in Self.entries { try w.add(name: name, bytes: bytes, mode: 0o444, mtime: 1_782_864_000) }
        try w.close()
        var seen: [(String, [UInt8])] = []
        try ArchiveReader.forEach(path: path) { e, bytes in
            seen.append((e.name, bytes))
            #expect(e.mode == 0o444)
            #expect(e.mtime == 1_782_864_000)
        }
        #expect(seen.map(\.0) == Self.entries.map(\.0))
        #expect(seen.map(\.1) == Self.entries.map(\.1))
        // The system tools read it too.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: format == .tar ? "/bin/tar" : "/usr/bin/python3")
        p.arguments = format == .tar ? ["-tf", path] : ["-c", "import zipfile,sys; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let listed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(listed.split(separator: "\n").map(String.init) == Self.entries.map(\.0))
    }

    @Test func sameInputSameBytes() throws {
        var digests: [Data] = []
        for _ in 0..<2 {
            let path = Self.temp("tar")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let w = try ArchiveWriter(path: path, format: .tar)
            for (name, bytes) in Self.entries { try w.add(name: name, bytes: bytes, mtime: 0) }
            try w.close()
            digests.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(digests[0] == digests[1])
    }

    @Test func errorsNameTheArchive() {
        #expect {
            _ = try ArchiveWriter(path: "/nonexistent/dir/x.tar", format: .tar)
        } throws: { e in "\(e)".contains("/nonexistent/dir/x.tar") }
        #expect {
            _ = try ArchiveReader.list(path: "/nonexistent/y.tar")
        } throws: { e in "\(e)".contains("/nonexistent/y.tar") }
    }
}
