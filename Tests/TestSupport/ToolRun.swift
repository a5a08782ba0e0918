import Foundation

/// The result of running an external tool.
public struct ToolRun {
    public var status: Int32
    public var stdout: Data
    public var stderr: String
}

/// Runs `executable` with `arguments` and waits; output is drained before waiting so a large output
/// cannot block the child.
public func runTool(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> ToolRun {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let out = Pipe()
    // stderr goes to a file so a chatty tool cannot block on a full pipe while we drain stdout.
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("sealtrail-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errURL) }
    let errHandle = try FileHandle(forWritingTo: errURL)
    p.standardOutput = out
    p.standardError = errHandle
    let inPipe = stdin.map { _ in Pipe() }
    if let inPipe { p.standardInput = inPipe } else { p.standardInput = FileHandle.nullDevice }
    try p.run()
    if let inPipe, let stdin {
        inPipe.fileHandleForWriting.write(stdin)
        try inPipe.fileHandleForWriting.close()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    try errHandle.close()
    let errData = (try? Data(contentsOf: errURL)) ?? Data()
    return ToolRun(status: p.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary directory, removed by `cleanup`.
public struct TempDir {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sealtrail-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    public func write(_ name: String, _ text: String) throws -> String {
        let u = file(name)
        try Data(text.utf8).write(to: u)
        return u.path
    }

    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let u = file(name)
        try Data(bytes).write(to: u)
        return u.path
    }

    public func cleanup() { try? FileManager.default.removeItem(at: url) }
}

