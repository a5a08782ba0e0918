import Foundation
@testable import Server
import TestSupport
import Testing

/// `serve --config`: good files load with their values; each mistake is refused with the file and the reason.
@Suite struct ServeConfigTests {
    @Test func aFullConfigLoads() throws {
        let dir = try TempDir()
        let path = try dir.write("serve.yaml", """
            listen: "[::1]:9443"
            tls: {cert: /etc/s/cert.pem, key: /etc/s/key.pem}
            limits: {maxBodyBytes: 1048576, maxDecodedBytes: 4194304, maxEventsPerRequest: 500, maxWALBytes: 1000000, minFreeDiskBytes: 0}
            rateLimit: {requestsPerSecond: 5, burst: 10}
            schedules: {seal: "*/5 * * * *", sweep: "CRON_TZ=Europe/Berlin 30 2 * * *", verify: "@daily"}
            """)
        let c = try ServeConfig.load(path: path)
        #expect(try c.hostAndPort() == ("::1", 9443))
        #expect(c.tls == .init(cert: "/etc/s/cert.pem", key: "/etc/s/key.pem"))
        #expect(c.limits.maxEventsPerRequest == 500 && c.rateLimit.burst == 10 && c.schedules.count == 3)
        #expect(try ServeConfig.load(path: try dir.write("empty.yaml", "")) == ServeConfig())
    }

    static let bad: [(String, String)] = [
        ("listen: localhost", "listen: 'localhost' is not HOST:PORT"),
        ("listen: 'h:70000'", "is not HOST:PORT"),
        ("schedules: {backup: '@daily'}", "unknown job 'backup'"),
        ("schedules: {seal: '61 * * * *'}", "schedules.seal: cron schedule '61 * * * *': minute field"),
        ("limits: {maxBodyBytes: 0}", "limits: sizes must be positive"),
        ("limits: {maxBodyBytes: 100, maxDecodedBytes: 10}", "maxDecodedBytes at least maxBodyBytes"),
        ("rateLimit: {requestsPerSecond: 0}", "rateLimit: requestsPerSecond must be positive"),
        ("limits: {maxBodyBytes: lots}", "maxBodyBytes"),
        ("listen: [1, 2", "serve.yaml"),
        ("limits: {maxBodyByte: 10}", "unknown key 'limits.maxBodyByte'"),
        ("schedule: {seal: '@daily'}", "unknown key 'schedule'"),
    ]

    @Test(arguments: bad)
    func mistakesAreRefused(_ c: (String, String)) throws {
        let dir = try TempDir()
        let path = try dir.write("serve.yaml", c.0)
        do {
            _ = try ServeConfig.load(path: path)
            Issue.record("accepted: \(c.0)")
        } catch {
            #expect("\(error)".hasPrefix(path + ":"), "\(error)")
            #expect("\(error)".contains(c.1), "\(error)")
        }
    }
}
