import Evidence
import Foundation
import Rules
import Sealing
import SegmentStore
import TrailModel

/// A small store that is the same, byte for byte, on every run: a fixed signing key, a fixed
/// clock for sealing, fixed events. With the fixture rules it gives every status a pack can show.
enum EvidenceFixture {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let rulesDir = fixtures + "/rules"
    static let asOf = Timestamp.utc(year: 2026, month: 8, day: 1)
    static let from = Timestamp.utc(year: 2026, month: 7, day: 1)
    static let to = Timestamp.utc(year: 2026, month: 7, day: 3)

    static func tempDir(_ name: String) -> String {
        NSTemporaryDirectory() + "sealtrail-evidence-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The event `n` of `day` (1 or 2) for `source`.
    static func event(_ n: Int, source: String, day: Int) -> TrailEvent {
        let t = Timestamp.utc(year: 2026, month: 7, day: Int64(day), hour: 8 + Int64(n / 12), minute: Int64((n * 5) % 60), second: Int64(n % 7))
        let kinds = ["card.detokenize", "user.login", "payment.authorize", "user.login", "settings.change"]
        let action = kinds[n % kinds.count]
        let actor = n % 9 == 4 ? "admin:jonas" : "user:u-\(n % 4)"
        let failed = action == "user.login" && (n / 3) % 2 == 1
        let raw = "{\"n\":\(n),\"day\":\(day),\"who\":\"\(actor)\",\"note\":\"a,b \\\"q\\\" <x>\"}"
        return TrailEvent(id: "\(source)-\(day)-\(n)", time: t, received: t, source: source, format: "app-json", actor: actor,
                          action: action, resource: "card:c-\(n % 5)", outcome: failed ? .failure : .success,
                          origin: "10.0.\(day).\(n % 250)", session: "s-\(n / 6)", attributes: [("n", .number(String(n)))], raw: raw)
    }

    /// The store: day 1 and day 2 of `app` (60 events each); `web` only on day 1 morning, so it
    /// goes silent. One segment per source and day, sealed at fixed times.
    static func store(name: String = "store", origin: String = "test.local/evidence", days: Int = 2) throws -> Store {
        let dir = tempDir(name)
        let store = try Store.initialize(path: dir, origin: origin)
        try installFixedKey(store)
        let w = try TrailWriter(store: store, threads: 1)
        var clock = Timestamp.utc(year: 2026, month: 7, day: 3).micros
        w.now = { Timestamp(micros: clock) }
        for day in 1...days {
            for n in 0..<60 { _ = try w.accept(event(n, source: "app", day: day), identity: nil) }
            if day == 1 { for n in 0..<20 { _ = try w.accept(event(n, source: "web", day: day), identity: nil) } }
            try w.commit()
            clock += 60_000_000
            _ = try w.sealAll()
        }
        try w.close()
        return store
    }

    /// Replaces the fresh random key with one made from a fixed seed, before anything is signed.
    static func installFixedKey(_ store: Store) throws {
        let keys = store.layout.keys
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: keys) { try fm.removeItem(atPath: keys + "/" + name) }
        let key = try SigningKey(seed: [UInt8](repeating: 7, count: 32))
        let id = key.publicKey.keyId
        try FS.writeAtomically(store.layout.signingKey, Array(key.pem.utf8), mode: 0o600)
        try FS.writeAtomically(keys + "/\(id).pub", key.publicKey.raw, mode: 0o444)
        try FS.writeAtomically(keys + "/\(id).pem", Array(key.publicKey.pem.utf8), mode: 0o444)
        try FS.writeAtomically(store.layout.keyHistory, Array("[{\"created\":\"2026-07-01T00:00:00.000000Z\",\"keyId\":\"\(id)\"}]\n".utf8))
    }

    static func request(controls: [String] = [], sample: Int = 5, seed: String = "s1") throws -> PackRequest {
        let frameworks = try Framework.loadAll(directory: rulesDir + "/controls")
        var r = PackRequest(framework: frameworks[0], rules: try RuleSet.load(directory: rulesDir), from: from, to: to,
                            asOf: asOf, actor: "test")
        r.controls = controls
        r.sample = sample
        r.seed = seed
        return r
    }

    /// Builds a pack of the fixture store into `dir`.
    static func pack(_ store: Store, in dir: String, name: String = "pack.zip", request: PackRequest? = nil) throws -> String {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let out = dir + "/" + name
        _ = try PackBuilder(store: store).build(try request ?? Self.request(), to: out)
        return out
    }
}
