import TrailModel

/// Generates a deterministic stream of realistic fintech application audit events, one compact JSON
/// object per line (the `app-json` shape), in time order.
///
/// The stream tells coherent stories so rules and queries have something to find: customers log in and
/// pay (`payment.initiate` → `sca.challenge` → `sca.verify` → `fraud.score` → `payment.authorize` →
/// `payment.capture`), settlement batches settle what was captured, merchants refund, admins log in
/// (some off-hours, a few from foreign networks), grant and revoke roles (a few grants lack an approved
/// change), change configuration and rotate keys; services detokenize cards and one export service does
/// bulk detokenize bursts; a few customers fail SCA five or more times in a row, then pass.
///
/// The same options give byte-identical output on every platform: the generator has its own
/// xoshiro256** PRNG and its own logarithm, and never reads the clock or hash-table order.
///
/// ```swift
/// var sim = Simulator(options: .init(count: 1_000, seed: 7))
/// var out: [UInt8] = []
/// sim.generate { line in out.append(contentsOf: line); out.append(0x0A) }
/// ```
public struct Simulator {
    /// What to generate.
    public struct Options: Sendable, Equatable {
        /// How many events to emit.
        public var count: Int
        /// The PRNG seed: the only source of variation.
        public var seed: UInt64
        /// The earliest event time.
        public var start: Timestamp
        /// The average event rate; busier by day, quieter at night.
        public var eventsPerSecond: Double

        /// 2026-07-01T00:00:00Z.
        public static let defaultStart = Timestamp.utc(year: 2026, month: 7, day: 1)
        /// 100,000 events over three days.
        public static let defaultEventsPerSecond = 100_000.0 / (3 * 86_400.0)

        public init(count: Int = 100_000, seed: UInt64 = 1, start: Timestamp = Options.defaultStart,
                    eventsPerSecond: Double = Options.defaultEventsPerSecond) {
            self.count = count
            self.seed = seed
            self.start = start
            self.eventsPerSecond = eventsPerSecond
        }
    }

    /// The options every `generate` call starts from.
    public var options: Options
    /// How many events the last `generate` call emitted.
    public private(set) var generatedCount = 0

    public init(options: Options) { self.options = options }

    /// Calls `body` with each event's JSON line bytes (no newline), in time order.
    ///
    /// The buffer is only valid during the call. Every call replays the same stream from the start.
    public mutating func generate(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var engine = Engine(options: options)
        generatedCount = 0
        defer { generatedCount = engine.emitted }
        try engine.run(count: max(options.count, 0), body)
    }

    /// Every action name the simulator can emit.
    public static var actionNames: [String] { Action.allCases.map { String(describing: $0.name) } }
}
