import Foundation

/// Runs a command as a child process and measures it from outside: wall time and the peak resident
/// memory the kernel accounted to it (`wait4`), the same way for our binary and the standard tools.
enum Spawn {
    struct Measured {
        var status: Int32
        var seconds: Double
        var peakRSSBytes: Int64
    }

    /// Runs `/bin/sh -c script` (so redirections and pipes work), waiting for it.
    static func shell(_ script: String) throws -> Measured {
        try run(["/bin/sh", "-c", script])
    }

    static func run(_ argv: [String]) throws -> Measured {
        var pid: pid_t = 0
        let cargs = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawn(&pid, argv[0], nil, nil, cargs, environ)
        guard rc == 0 else { throw CLIError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { throw CLIError("wait4: \(String(cString: strerror(errno)))") }
        }
        let t1 = DispatchTime.now().uptimeNanoseconds
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Measured(status: exit, seconds: Double(t1 - t0) / 1e9, peakRSSBytes: Int64(usage.ru_maxrss) * 1024)
    }

    /// This executable's path.
    static var selfPath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Quotes a path for the shell.
    static func q(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
