import Crypto
import Foundation
import Sealing
import TrailModel

/// What a rule found: the events, the window they fall in, and the controls it evidences.
public struct Finding: Sendable, Equatable {
    public var rule: String
    public var title: String
    public var severity: String
    public var controls: [String]
    /// The group, session or event the finding is about (rule-specific; `*` when ungrouped).
    public var key: String
    public var start: Timestamp
    public var end: Timestamp
    /// Event references: leaf hashes from the index, `#k` in rule tests.
    public var events: [String]

    /// Stable identity: the same rule over the same events gives the same id, so evaluating a period
    /// twice stores nothing twice.
    public var id: String {
        let text = [rule, key, start.rfc3339, end.rfc3339, events.joined(separator: ",")].joined(separator: "\n")
        return Hex.encode(Array(SHA256.hash(data: Array(text.utf8))).prefix(16))
    }

    static func order(_ a: Finding, _ b: Finding) -> Bool {
        (a.start.micros, a.rule, a.key, a.end.micros) < (b.start.micros, b.rule, b.key, b.end.micros)
    }
}
