import Testing
@testable import Collectors
import TrailModel

/// Runs the simulator and returns its output as lines.
private func lines(count: Int, seed: UInt64, start: Timestamp = Simulator.Options.defaultStart) -> [[UInt8]] {
    var sim = Simulator(options: .init(count: count, seed: seed, start: start))
    var out: [[UInt8]] = []
    out.reserveCapacity(count)
    sim.generate { out.append(Array($0)) }
    #expect(sim.generatedCount == count)
    return out
}

/// The 20k-event sample most tests look at, parsed once.
private let sample: [(bytes: [UInt8], value: JSONValue)] = lines(count: 20_000, seed: 42).map { line in
    (line, (try? JSONParser.parse(line)) ?? .null)
}

private func text(_ v: JSONValue, _ key: String) -> String? {
    if case let .string(s)? = v[key] { return s }
    return nil
}

@Suite struct SimulatorTests {
    @Test func sameSeedGivesIdenticalBytes() {
        let a = lines(count: 5_000, seed: 7)
        let b = lines(count: 5_000, seed: 7)
        #expect(a.count == 5_000)
        #expect(a == b)
    }

    @Test func differentSeedsDiffer() {
        let a = lines(count: 2_000, seed: 1)
        let b = lines(count: 2_000, seed: 2)
        #expect(a != b)
        #expect(Set(a.map { $0 }).intersection(Set(b.map { $0 })).isEmpty)
    }

    @Test func countIsExact() {
        #expect(lines(count: 0, seed: 3).isEmpty)
        #expect(lines(count: 1, seed: 3).count == 1)
        #expect(lines(count: 777, seed: 3).count == 777)
    }

    @Test func everyLineIsAnObjectWithTheRequiredFields() {
        let required = ["id", "time", "actor", "action", "resource", "outcome", "origin", "session"]
        #expect(sample.count == 20_000)
        for (k, (bytes, value)) in sample.enumerated() {
            guard case let .object(members) = value else {
                Issue.record("line \(k) is not a JSON object: \(String(decoding: bytes, as: UTF8.self))")
                return
            }
            #expect(members.prefix(required.count).map(\.0) == required, "line \(k)")
            for key in required where text(value, key)?.isEmpty ?? true {
                Issue.record("line \(k): missing or non-string \(key)")
            }
            #expect(!bytes.contains(0x0A))
        }
        let average = sample.reduce(0) { $0 + $1.bytes.count } / sample.count
        #expect((250...450).contains(average), "average line length \(average)")
    }

    @Test func timesAreMillisecondUTCAndNonDecreasing() {
        var previous = Timestamp(micros: .min)
        for (bytes, value) in sample {
            let time = text(value, "time") ?? ""
            #expect(time.utf8.count == 24 && time.hasSuffix("Z"), "\(time)")
            guard let parsed = TimeParser.parseISO(Substring(time).utf8) else {
                Issue.record("unparseable time \(time) in \(String(decoding: bytes, as: UTF8.self))")
                return
            }
            #expect(parsed.timestamp >= previous)
            previous = parsed.timestamp
        }
        #expect(text(sample[0].value, "time")!.hasPrefix("2026-07-01T"))
        // 20k events at the default rate span a bit over half a day.
        #expect(previous > Simulator.Options.defaultStart + 10 * 3_600_000_000)
    }

    @Test func startOptionMovesTheStream() {
        let start = Timestamp.utc(year: 2027, month: 2, day: 28, hour: 23)
        let first = lines(count: 10, seed: 5, start: start)[0]
        let value = try? JSONParser.parse(first)
        #expect(text(value ?? .null, "time")?.hasPrefix("2027-02-28T23:") == true)
    }

    @Test func idsAreUnique() {
        let ids = sample.compactMap { text($0.value, "id") }
        #expect(ids.count == sample.count)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("evt_") && $0.utf8.count == 24 })
    }

    @Test func actionMixIsRichAndBothOutcomesOccur() {
        var actions: [String: Int] = [:]
        var outcomes = Set<String>()
        for (_, value) in sample {
            actions[text(value, "action") ?? "", default: 0] += 1
            outcomes.insert(text(value, "outcome") ?? "")
        }
        #expect(actions.count >= 12, "\(actions.keys.sorted())")
        #expect(Set(actions.keys).isSubset(of: Set(Simulator.actionNames)))
        #expect(outcomes == ["success", "failure"])
        for action in ["payment.initiate", "sca.challenge", "sca.verify", "fraud.score", "payment.authorize",
                       "payment.capture", "settlement.run", "refund.create", "card.detokenize", "admin.login",
                       "role.grant", "config.change"] {
            #expect(actions[action, default: 0] > 0, "no \(action)")
        }
        // Payments dominate.
        #expect(actions["payment.initiate", default: 0] > actions["admin.login", default: 0] * 10)
    }

    @Test func someActorFailsSCAFiveTimesInARow() {
        #expect(longestSCAFailureRun(sample.map(\.value)) >= 5)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func everySeedHasAnSCAFailureRun(seed: UInt64) throws {
        let values = try lines(count: 10_000, seed: seed).map { try JSONParser.parse($0) }
        #expect(longestSCAFailureRun(values) >= 5)
    }

    @Test func amountsAreTwoDecimalNumbersAndScoresAreFractions() {
        var amounts = 0, scores = 0
        for (_, value) in sample {
            if case let .number(n)? = value["amount"] {
                amounts += 1
                let parts = n.split(separator: ".")
                #expect(parts.count == 2 && parts[1].count == 2, "\(n)")
            }
            if case let .number(n)? = value["score"] {
                scores += 1
                #expect(n.hasPrefix("0.") && n.count == 5, "\(n)")
            }
        }
        #expect(amounts > 1_000)
        #expect(scores > 1_000)
    }

    @Test func naturalLogMatchesKnownValues() {
        #expect(abs(Simulator.naturalLog(1) - 0) < 1e-15)
        #expect(abs(Simulator.naturalLog(2.718281828459045) - 1) < 1e-14)
        #expect(abs(Simulator.naturalLog(0.001) - -6.907755278982137) < 1e-13)
        #expect(abs(Simulator.naturalLog(1e-300) - -690.7755278982137) < 1e-10)
    }
}

/// The longest run of consecutive `sca.verify` failures by one actor.
private func longestSCAFailureRun(_ values: [JSONValue]) -> Int {
    var run: [String: Int] = [:]
    var longest = 0
    for value in values where text(value, "action") == "sca.verify" {
        let actor = text(value, "actor") ?? ""
        if text(value, "outcome") == "failure" {
            run[actor, default: 0] += 1
            longest = max(longest, run[actor]!)
        } else {
            run[actor] = 0
        }
    }
    return longest
}

private func + (t: Timestamp, micros: Int64) -> Timestamp { Timestamp(micros: t.micros + micros) }
