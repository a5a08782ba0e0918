import Foundation
import Retention
import SegmentStore
import TrailIndex
import TrailModel

/// Small stores with events far enough in the past for retention to act on them today.
enum RetentionFixture {
    static func tempDir(_ name: String) -> String {
        NSTemporaryDirectory() + "sealtrail-retention-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// One event on `day` (YYYY-MM-DD) for `source`.
    static func event(_ n: Int, source: String, day: String, actor: String = "user:alice", format: String = "app-json") -> TrailEvent {
        let t = TimeArgument.parse(day)!.advanced(seconds: Int64(3600 + n))
        return TrailEvent(id: "evt-\(source)-\(day)-\(n)", time: t, received: t, source: source, format: format,
                          actor: actor, action: "payment.authorize", resource: "card:\(n)", outcome: .success,
                          origin: "10.0.0.\(n % 250)", session: nil, attributes: [("n", .number(String(n)))],
                          raw: "{\"n\":\(n),\"day\":\"\(day)\"}")
    }

    /// A store with `policies` (YAML text) installed, then one segment per (source, day) of `perDay` events.
    static func store(policies: String, segments: [(source: String, day: String)], perDay: Int = 20,
                      actor: (String, String) -> String = { _, _ in "user:alice" }, name: String = "store") throws -> Store {
        let dir = tempDir(name)
        let store = try Store.initialize(path: dir, origin: "test.local/retention")
        let file = dir + "-policies.yaml"
        try policies.write(toFile: file, atomically: true, encoding: .utf8)
        try FS.writeAtomically(store.layout.retentionPolicies, try PolicyFiles.load(file).encoded())
        let w = try TrailWriter(store: store, threads: 1)
        for (source, day) in segments {
            for i in 0..<perDay { _ = try w.accept(event(i, source: source, day: day, actor: actor(source, day)), identity: nil) }
            try w.commit()
            try w.sealAll()
        }
        try w.close()
        return store
    }

    static let policies = """
        policies:
          - name: pay-13m
            match: { sources: ["pay-*"] }
            retain: 13m
            hot: 3m
            archiveAfter: 4m
            mode: compliance
          - name: debug-30d
            match: { sources: ["debug-*"] }
            retain: 30d
            hot: 30d
            mode: governance
        default:
          name: default-7y
          retain: 7y
          hot: 90d
          mode: compliance
        """
}

extension Timestamp {
    func advanced(seconds: Int64) -> Timestamp { Timestamp(micros: micros + seconds * 1_000_000) }
}
