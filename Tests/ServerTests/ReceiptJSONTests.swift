import Foundation
@testable import Server
import Testing

/// The ingest answer is written by the trail's own JSON writer; whatever it holds, a standard JSON
/// decoder must read back exactly the receipt that was written.
@Suite struct ReceiptJSONTests {
    typealias Receipt = TrailHost.Receipt

    static let cases: [(String, Receipt)] = [
        ("empty batch", Receipt(source: "app", received: 0, accepted: 0, duplicates: 0, quarantined: 0, events: [], rejected: [])),
        ("NDJSON with ids, a duplicate and a refusal",
         Receipt(source: "payments-api", received: 3, accepted: 1, duplicates: 1, quarantined: 1,
                 events: [.init(line: 1, element: nil, id: "evt-1", leaf: String(repeating: "ab", count: 32), duplicate: nil),
                          .init(line: 2, element: nil, id: "evt-2", leaf: nil, duplicate: true)],
                 rejected: [.init(line: 3, offset: 812, reason: "not JSON: unexpected byte 0x7d at offset 4")])),
        ("array without ids, replayed",
         Receipt(source: "a.b_c-d", received: 1, accepted: 1, duplicates: 0, quarantined: 0,
                 events: [.init(line: nil, element: 1, id: nil, leaf: String(repeating: "0f", count: 32), duplicate: nil)],
                 rejected: [], replayed: true)),
        ("strings that need escaping",
         Receipt(source: "app", received: 2, accepted: 1, duplicates: 0, quarantined: 1,
                 events: [.init(line: 1, element: nil, id: "q\"uote\\back/slash é ✓ \u{1}", leaf: "x", duplicate: nil)],
                 rejected: [.init(line: 2, offset: 0, reason: "tab\there, newline\nthere, NUL \u{0} and 🚫")])),
    ]

    @Test(arguments: cases.map(\.0))
    func theAnswerDecodesToTheSameReceipt(name: String) throws {
        let receipt = try #require(Self.cases.first { $0.0 == name }?.1)
        let bytes = receipt.json()
        let decoded = try JSONDecoder().decode(Receipt.self, from: Data(bytes))
        #expect(decoded == receipt)
        // Absent optionals are left out, not written as null.
        #expect(!String(decoding: bytes, as: UTF8.self).contains("null"))
    }
}
