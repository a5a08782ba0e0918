import Foundation
import Privacy
import Sealing
import SegmentStore
import TestSupport
import TrailModel

/// Small stores with personal data: customers with e-mail, name and card holder, written through
/// the store's one writer exactly as ingest does.
enum PrivacyFixture {
    static let settings = """
        personalData:
          app-json:
            subject: [attributes.customer_id, actor]
            fields: [attributes.email, attributes.customer_name, attributes.card_holder, attributes.customer_id]
        """

    struct Customer {
        var id: String
        var email: String
        var name: String
        var holder: String
    }

    static let alice = Customer(id: "c-1001", email: "alice.liddell@example.com", name: "Alice Liddell", holder: "ALICE M LIDDELL")
    static let bob = Customer(id: "c-2002", email: "bob.builder@example.org", name: "Bob Builder", holder: "ROBERT BUILDER")

    /// The personal values of a customer: none of them may appear in a stored byte.
    static func secrets(_ c: Customer) -> [String] { [c.email, c.name, c.holder, c.id] }

    static func tempDir(_ name: String) -> String {
        NSTemporaryDirectory() + "sealtrail-privacy-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// An app-json event of customer `c` on 2026-07-0`day`, as the app-json parser builds it.
    static func event(_ n: Int, _ c: Customer?, day: Int = 1, format: String = "app-json") -> TrailEvent {
        let t = Timestamp.utc(year: 2026, month: 7, day: Int64(day), hour: 10, second: Int64(n), micros: 0)
        var attrs: [(String, JSONValue)] = [("amount", .number("\(n).25")), ("currency", .string("EUR"))]
        var raw = "{\"id\":\"e-\(day)-\(n)\",\"actor\":\"svc:checkout\",\"amount\":\(n).25,\"currency\":\"EUR\""
        if let c {
            attrs += [("customer_id", .string(c.id)), ("email", .string(c.email)), ("customer_name", .string(c.name)),
                      ("card_holder", .string(c.holder))]
            raw += ",\"customer_id\":\"\(c.id)\",\"email\":\"\(c.email)\",\"customer_name\":\"\(c.name)\",\"card_holder\":\"\(c.holder)\""
        }
        return TrailEvent(id: "e-\(day)-\(n)", time: t, received: t, source: "shop", format: format, actor: "svc:checkout",
                          action: "payment.authorize", resource: "payment:p-\(n)", outcome: .success, origin: "203.0.113.\(n)",
                          session: nil, attributes: attrs, raw: raw + "}")
    }

    /// A store with the settings installed and `events` stored and sealed.
    static func store(_ name: String, settings: String = settings, events: [TrailEvent]) throws -> Store {
        let dir = tempDir(name)
        let store = try Store.initialize(path: dir, origin: "test.local/privacy")
        let file = dir + "-settings.yaml"
        try settings.write(toFile: file, atomically: true, encoding: .utf8)
        try PrivacyInstall.install(try PrivacyFiles.load(file), store: store, from: file, actor: "test")
        try write(store, events)
        return store
    }

    /// Stores `events` and seals everything open.
    static func write(_ store: Store, _ events: [TrailEvent]) throws {
        let w = try TrailWriter(store: store, threads: 1)
        for e in events { _ = try w.accept(e, identity: e.id.map { .sourceId($0) }) }
        try w.close()
    }

    /// Every stored line of every sealed segment, decompressed with gzip(1).
    static func storedLines(_ store: Store) throws -> [String] {
        var out: [String] = []
        for file in segmentFiles(store) {
            let r = try runTool("/usr/bin/gzip", ["-dc", file])
            out += String(decoding: r.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        return out
    }

    static func storedEvents(_ store: Store) throws -> [TrailEvent] {
        try storedLines(store).map { try TrailEvent.decode(line: Array($0.utf8)) }
    }

    static func segmentFiles(_ store: Store) -> [String] {
        let root = store.layout.segments
        var out: [String] = []
        for source in FS.list(root) {
            for date in FS.list(root + "/" + source) {
                for f in FS.list(root + "/" + source + "/" + date) { out.append(root + "/" + source + "/" + date + "/" + f) }
            }
        }
        return out.sorted()
    }

    /// SHA-256 of every segment, seal and checkpoint file, by path.
    static func sealedState(_ store: Store) throws -> [String: String] {
        var files = segmentFiles(store)
        files += FS.list(store.layout.seals).map { store.layout.seals + "/" + $0 }
        files += FS.list(store.layout.checkpoints).map { store.layout.checkpoints + "/" + $0 }
        var out: [String: String] = [:]
        for f in files { out[f] = Hash32.sha256(try FS.read(f)).hex }
        return out
    }

    static func cleanup(_ store: Store) {
        try? FileManager.default.removeItem(atPath: store.layout.root)
        try? FileManager.default.removeItem(atPath: store.layout.root + "-settings.yaml")
    }
}

extension Array where Element == TrailEvent {
    func with(id: String) -> TrailEvent? { first { $0.id == id } }
}
