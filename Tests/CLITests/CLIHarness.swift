import Foundation

/// Runs the built `sealtrail` binary the way a user does, capturing output and exit status.
enum CLI {
    static let packageRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    static let binary: String = {
        for dir in [".build/debug", ".build/x86_64-unknown-linux-gnu/debug", ".build/aarch64-unknown-linux-gnu/debug"] {
            let p = packageRoot + "/" + dir + "/sealtrail"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return packageRoot + "/.build/debug/sealtrail"
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with `args`; `stdin` is fed when given.
    @discardableResult
    static func run(_ args: [String], stdin: Data? = nil, env: [String: String] = [:]) throws -> Result {
        try exec(binary, args, stdin: stdin, env: env)
    }

    static func exec(_ path: String, _ args: [String], stdin: Data? = nil, env: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static func tempDir(_ name: String) -> String {
        let d = NSTemporaryDirectory() + "sealtrail-cli-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// `n` application events as JSON Lines, with ids, over two days.
    static func events(_ n: Int, prefix: String = "e") -> String {
        (0..<n).map { i in
            let day = i < n / 2 ? "01" : "02"
            return "{\"id\":\"\(prefix)-\(i)\",\"time\":\"2026-07-\(day)T10:\(String(format: "%02d", (i / 60) % 60)):\(String(format: "%02d", i % 60)).\(String(format: "%03d", i % 1000))Z\",\"actor\":\"user:u-\(i % 9)\",\"action\":\"payment.authorize\",\"resource\":\"payment:p-\(i)\",\"outcome\":\"\(i % 4 == 0 ? "failure" : "success")\",\"ip\":\"203.0.113.\(i % 200)\",\"amount\":\(i).25}"
        }.joined(separator: "\n") + "\n"
    }
}
