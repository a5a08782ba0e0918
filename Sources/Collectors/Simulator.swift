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

// MARK: - Vocabulary

extension Simulator {
    enum Action: Int, CaseIterable {
        case userLogin, paymentInitiate, scaChallenge, scaVerify, fraudScore, paymentAuthorize,
             paymentCapture, settlementRun, refundCreate, cardDetokenize, adminLogin, adminLogout,
             roleGrant, roleRevoke, changeApprove, configChange, keyRotate, userCreate, userDisable,
             auditQuery

        var name: StaticString {
            switch self {
            case .userLogin: return "user.login"
            case .paymentInitiate: return "payment.initiate"
            case .scaChallenge: return "sca.challenge"
            case .scaVerify: return "sca.verify"
            case .fraudScore: return "fraud.score"
            case .paymentAuthorize: return "payment.authorize"
            case .paymentCapture: return "payment.capture"
            case .settlementRun: return "settlement.run"
            case .refundCreate: return "refund.create"
            case .cardDetokenize: return "card.detokenize"
            case .adminLogin: return "admin.login"
            case .adminLogout: return "admin.logout"
            case .roleGrant: return "role.grant"
            case .roleRevoke: return "role.revoke"
            case .changeApprove: return "change.approve"
            case .configChange: return "config.change"
            case .keyRotate: return "key.rotate"
            case .userCreate: return "user.create"
            case .userDisable: return "user.disable"
            case .auditQuery: return "audit.query"
            }
        }
    }

    enum Service: Int {
        case gateway, fraud, sca, settlement, kms, chargeback, recurring, dispute, export

        var name: StaticString {
            switch self {
            case .gateway: return "payment-gateway"
            case .fraud: return "fraud-engine"
            case .sca: return "sca-service"
            case .settlement: return "settlement-batch"
            case .kms: return "kms-rotator"
            case .chargeback: return "chargeback-service"
            case .recurring: return "recurring-billing"
            case .dispute: return "dispute-desk"
            case .export: return "data-export"
            }
        }
    }

    /// Who acted.
    enum Actor {
        case user(Int), admin(Int), service(Service), apiKey(merchant: Int), role(StaticString)
    }

    /// What it was done to.
    enum Ref {
        case token(StaticString, Token)    // "payment:pay_" + 16 base32
        case user(Int)                     // "user:u-10042"
        case staff(Int)                    // "admin:<name>", admins then new hires
        case name(StaticString, StaticString)
        case number(StaticString, Int)
        case batch(Int64, currency: Int)   // "batch:stl_20260701T0630_eur"
    }

    /// 120 random bits, rendered as lowercase Crockford base32.
    struct Token: Equatable {
        var hi: UInt64
        var lo: UInt64
    }

    struct Session {
        var prefix: StaticString
        var token: Token
    }

    enum World {
        static let customerCount = 6_000
        static let admins: [StaticString] = [
            "alice.martin", "bob.nguyen", "chloe.dubois", "david.okafor", "emma.schmidt", "farid.haddad",
            "grace.kim", "hugo.rossi", "ines.ferreira", "jonas.berg", "kate.oconnor", "liam.walsh",
        ]
        static let adminWeights: [Double] = [9, 7, 6, 8, 5, 4, 6, 3, 5, 7, 4, 3]
        static let onCall = [3, 9]          // david.okafor, jonas.berg
        static let roamingAdmin = 7         // hugo.rossi logs in from odd places
        static let newHires: [StaticString] = [
            "mia.lopez", "noah.fischer", "olivia.janssen", "pablo.moreno", "quinn.taylor", "ruth.adeyemi",
            "sven.larsen", "tara.singh",
        ]
        static let roles: [StaticString] = [
            "payments-admin", "support-agent", "fraud-analyst", "read-only-auditor", "key-custodian",
            "settlement-operator", "platform-admin", "customer-data-viewer",
        ]
        static let configs: [(StaticString, [StaticString])] = [
            ("fraud.threshold", ["0.80", "0.82", "0.85", "0.88", "0.90"]),
            ("sca.exemption_limit_eur", ["30", "50", "100"]),
            ("payments.daily_limit_eur", ["5000", "10000", "25000"]),
            ("session.idle_timeout_min", ["10", "15", "30"]),
            ("password.min_length", ["12", "14", "16"]),
            ("audit.retention_days", ["400", "730", "2555"]),
            ("tls.min_version", ["1.2", "1.3"]),
            ("webhook.retry_max", ["3", "5", "8"]),
            ("mfa.required_for_admins", ["true", "false"]),
        ]
        static let keys: [StaticString] = [
            "kms/payments-signing", "kms/card-vault-dek", "kms/webhook-hmac", "kms/audit-seal",
            "kms/api-token-pepper",
        ]
        static let merchants: [(StaticString, Int)] = [
            ("northwind-coffee", 0), ("blue-harbor-books", 1), ("kestrel-airlines", 0), ("maple-grocers", 0),
            ("urban-rail", 0), ("lumen-electronics", 0), ("atlas-fitness", 1), ("fjord-outdoor", 4),
            ("sable-fashion", 0), ("tidewater-pharmacy", 0), ("cobalt-cloud", 2), ("orchid-florist", 0),
            ("granite-hardware", 3), ("pixel-arcade", 2), ("saffron-kitchen", 1), ("harbor-hotels", 0),
            ("velvet-cinema", 0), ("quartz-telecom", 5), ("meadow-pets", 0), ("summit-energy", 0),
            ("ember-games", 2), ("willow-insurance", 0), ("cinder-taxi", 0), ("aurora-music", 4),
        ]
        static let currencies: [StaticString] = ["EUR", "GBP", "USD", "CHF", "SEK", "PLN"]
        static let currenciesLower: [StaticString] = ["eur", "gbp", "usd", "chf", "sek", "pln"]
        static let channels: [StaticString] = ["web", "ios", "android"]
        static let agents: [[String]] = [
            ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
             "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
             "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0"],
            ["SealPay-iOS/4.12.1 (iPhone15,2; iOS 17.5.1)", "SealPay-iOS/4.11.0 (iPhone13,3; iOS 16.7.8)"],
            ["SealPay-Android/4.12.0 (Pixel 8; Android 14)", "SealPay-Android/4.10.3 (SM-S918B; Android 14)"],
        ]
        static let scriptAgent = "python-requests/2.32.3"
        static let queries: [String] = [
            "action = \"role.grant\" AND time > now() - 7d",
            "actor = \"admin:hugo.rossi\"",
            "outcome = \"failure\" AND action LIKE 'sca.%'",
            "resource = \"config:mfa.required_for_admins\"",
            "action = \"card.detokenize\" GROUP BY actor",
            "action IN (\"admin.login\") AND origin NOT IN office_ranges",
        ]
        /// Average activity by UTC hour, relative (normalized to a mean of 1 at use).
        static let hourly: [Double] = [
            0.30, 0.22, 0.18, 0.16, 0.18, 0.28, 0.50, 0.85, 1.15, 1.30, 1.35, 1.40,
            1.45, 1.40, 1.35, 1.35, 1.40, 1.50, 1.60, 1.55, 1.35, 1.05, 0.70, 0.45,
        ]

        static func ip(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> UInt32 { a << 24 | b << 16 | c << 8 | d }
        /// Home broadband (base, prefix length).
        static let homeRanges: [(UInt32, UInt32)] = [
            (ip(82, 64, 0, 0), 14), (ip(86, 24, 0, 0), 13), (ip(95, 90, 0, 0), 16), (ip(83, 84, 0, 0), 16),
            (ip(2, 136, 0, 0), 13), (ip(176, 158, 0, 0), 15), (ip(89, 0, 0, 0), 15),
        ]
        static let mobileRanges: [(UInt32, UInt32)] = [
            (ip(92, 184, 96, 0), 19), (ip(151, 38, 0, 0), 16), (ip(37, 160, 0, 0), 13),
        ]
        static let merchantRanges: [(UInt32, UInt32)] = [
            (ip(52, 28, 0, 0), 16), (ip(35, 198, 0, 0), 16), (ip(18, 184, 0, 0), 15),
        ]
        static let suspiciousRanges: [(UInt32, UInt32)] = [
            (ip(185, 220, 101, 0), 24), (ip(45, 155, 205, 0), 24), (ip(91, 240, 118, 0), 24),
            (ip(193, 42, 33, 0), 24), (ip(103, 251, 167, 0), 24),
        ]
        static let vpnBase = ip(192, 0, 2, 128)
        static let exportHost = ip(10, 21, 7, 44)
        static func office(_ admin: Int) -> UInt32 {
            admin % 3 == 2 ? ip(203, 0, 113, UInt32(10 + admin)) : ip(198, 51, 100, UInt32(20 + admin))
        }
        static func datacenter(_ s: Service, _ host: UInt64) -> UInt32 {
            ip(10, 20, UInt32(s.rawValue + 1), UInt32(11 + host % 3))
        }
    }
}

// MARK: - Randomness

extension Simulator {
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// xoshiro256** (Blackman & Vigna), seeded through SplitMix64.
    struct Xoshiro256 {
        var s0, s1, s2, s3: UInt64

        init(seed: UInt64) {
            var sm = SplitMix64(state: seed)
            s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        }

        @inline(__always) mutating func next() -> UInt64 {
            let result = rotl(s1 &* 5, 7) &* 9
            let t = s1 << 17
            s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
            s3 = rotl(s3, 45)
            return result
        }

        @inline(__always) func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

        /// Uniform in [0, 1).
        @inline(__always) mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
        /// Uniform in 0..<n.
        @inline(__always) mutating func below(_ n: Int) -> Int { Int(next().multipliedFullWidth(by: UInt64(n)).high) }
        /// Uniform in lo...hi.
        @inline(__always) mutating func between(_ lo: Int64, _ hi: Int64) -> Int64 { lo + Int64(below(Int(hi - lo + 1))) }
        @inline(__always) mutating func chance(_ p: Double) -> Bool { unit() < p }
        /// Exponential with mean 1.
        mutating func exponential() -> Double { -naturalLog(1 - unit()) }
        mutating func token() -> Token { Token(hi: next(), lo: next()) }
        mutating func pick(_ weights: [Double]) -> Int {
            var total = 0.0
            for w in weights { total += w }
            var x = unit() * total
            for (k, w) in weights.enumerated() {
                if x < w { return k }
                x -= w
            }
            return weights.count - 1
        }
    }

    /// ln(x) for x > 0 from IEEE arithmetic only, so results match on every platform's libm.
    static func naturalLog(_ x: Double) -> Double {
        let bits = x.bitPattern
        var e = Int((bits >> 52) & 0x7FF) - 1023
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        if m > 1.4142135623730951 { m *= 0.5; e += 1 }
        let z = (m - 1) / (m + 1), z2 = z * z
        var term = z, sum = 0.0, k = 1.0
        for _ in 0..<12 { sum += term / k; term *= z2; k += 2 }
        return 2 * sum + Double(e) * 0.6931471805599453
    }
}

// MARK: - Bytes

extension Simulator {
    /// One event line under construction: a byte buffer with JSON writers for the shapes we emit.
    struct Line {
        var bytes: [UInt8]

        @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }

        @inline(__always) mutating func put(_ s: StaticString) {
            s.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        /// Decimal digits, built in a stack scratch and appended in one copy.
        mutating func putUInt(_ v: UInt64) {
            var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
            withUnsafeMutableBytes(of: &scratch) { raw in
                var n = v, i = 20
                repeat {
                    i -= 1
                    raw[i] = UInt8(truncatingIfNeeded: n % 10) &+ 0x30
                    n /= 10
                } while n > 0
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i..<20]))
            }
        }

        @inline(__always) mutating func put2(_ v: Int64) {
            append(UInt8(truncatingIfNeeded: v / 10) &+ 0x30)
            append(UInt8(truncatingIfNeeded: v % 10) &+ 0x30)
        }

        /// Up to 24 Crockford base32 characters of a token, appended in one copy.
        mutating func putToken(_ t: Token, _ chars: Int) {
            let alphabet: StaticString = "0123456789abcdefghjkmnpqrstvwxyz"
            let a = alphabet.utf8Start
            var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
            withUnsafeMutableBytes(of: &scratch) { raw in
                for i in 0..<min(chars, 24) {
                    let v = i < 12 ? (t.hi >> UInt64(5 * i)) & 31 : (t.lo >> UInt64(5 * (i - 12))) & 31
                    raw[i] = a[Int(v)]
                }
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[..<min(chars, 24)]))
            }
        }

        mutating func putIP(_ ip: UInt32) {
            putUInt(UInt64(ip >> 24)); append(0x2E)
            putUInt(UInt64((ip >> 16) & 0xFF)); append(0x2E)
            putUInt(UInt64((ip >> 8) & 0xFF)); append(0x2E)
            putUInt(UInt64(ip & 0xFF))
        }

        /// `,"key":`
        @inline(__always) mutating func key(_ k: StaticString) {
            append(0x2C); append(0x22); put(k); append(0x22); append(0x3A)
        }

        mutating func field(_ k: StaticString, _ v: StaticString) {
            key(k); append(0x22); put(v); append(0x22)
        }

        mutating func field(_ k: StaticString, text v: String) {
            key(k); CanonicalJSON.writeString(v, into: &bytes)
        }

        mutating func field(_ k: StaticString, int v: Int) {
            key(k); putUInt(UInt64(v))
        }

        /// A money amount as a JSON number with two decimals.
        mutating func field(_ k: StaticString, cents v: Int64) {
            key(k); putUInt(UInt64(v / 100)); append(0x2E); put2(v % 100)
        }

        /// A number in [0, 1) with three decimals.
        mutating func field(_ k: StaticString, milli v: Int) {
            key(k); put("0."); append(UInt8(v / 100) &+ 0x30); put2(Int64(v % 100))
        }

        mutating func field(_ k: StaticString, prefix: StaticString, token t: Token) {
            key(k); append(0x22); put(prefix); putToken(t, 16); append(0x22)
        }

        mutating func field(_ k: StaticString, prefix: StaticString, number n: Int) {
            key(k); append(0x22); put(prefix); putUInt(UInt64(n)); append(0x22)
        }
    }
}

// MARK: - Time-ordered emission

extension Simulator {
    struct Pending {
        var time: Int64
        var seq: UInt64
        var line: [UInt8]
    }

    /// A binary min-heap on (time, insertion order), so equal times keep generation order.
    struct EventHeap {
        var items: [Pending] = []

        @inline(__always) static func less(_ a: Pending, _ b: Pending) -> Bool {
            a.time != b.time ? a.time < b.time : a.seq < b.seq
        }

        var minTime: Int64? { items.first?.time }

        mutating func push(_ p: Pending) {
            items.append(p)
            var i = items.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard Self.less(items[i], items[parent]) else { break }
                items.swapAt(i, parent)
                i = parent
            }
        }

        mutating func popMin() -> [UInt8] {
            items.swapAt(0, items.count - 1)
            let top = items.removeLast()
            var i = 0
            let n = items.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && Self.less(items[l], items[m]) { m = l }
                if r < n && Self.less(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
            return top.line
        }
    }
}

// MARK: - The engine

extension Simulator {
    /// A captured payment, remembered so refunds point at real payments.
    struct Captured {
        var payment: Token
        var cents: Int64
        var merchant: Int
        var at: Int64
    }

    /// A customer's stable traits, derived from the seed and the customer number.
    struct Customer {
        var channel: Int
        var home: UInt32
        var card: Token
        var method: StaticString
        var agent: Int
    }

    static let second: Int64 = 1_000_000
    static let hour: Int64 = 3_600 * second
    static let day: Int64 = 24 * hour

    @inline(__always) static func fdiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    /// Runs the simulation: scenarios start at random times and push their (future) events into a
    /// heap; events are released once nothing generated later can precede them.
    struct Engine {
        var rng: Xoshiro256
        let salt: UInt64
        let rate: Double
        let hourly: [Double]
        let apiKeys: [Token]
        let merchantIP: [UInt32]
        var heap = EventHeap()
        var pool: [[UInt8]] = []
        var seq: UInt64 = 0
        var pushed = 0
        var emitted = 0
        var clock: Int64
        var nextSettlement: Int64
        var nextRotation: Int64
        var nextBurst: Int64
        var nextAttack: Int64
        var cachedDay: Int64 = .min
        var dayPrefix: [UInt8] = []
        var sessionUntil: [Int64]
        var sessionToken: [Token]
        var captured: [Captured] = []
        var capturedNext = 0
        var batchCount = [Int](repeating: 0, count: World.currencies.count)
        var batchCents = [Int64](repeating: 0, count: World.currencies.count)
        var laterCount = [Int](repeating: 0, count: World.currencies.count)
        var laterCents = [Int64](repeating: 0, count: World.currencies.count)
        var configState: [Int]
        var keyVersion: [Int]
        var rotationKey = 0
        var grants: [(grantee: Int, role: Int)] = []
        var changeNumber: Int
        var ticketNumber: Int

        init(options: Options) {
            var g = Xoshiro256(seed: options.seed)
            salt = g.next()
            let r = options.eventsPerSecond
            rate = r.isFinite && r > 0 ? r : Options.defaultEventsPerSecond
            let mean = World.hourly.reduce(0, +) / Double(World.hourly.count)
            hourly = World.hourly.map { $0 / mean }
            apiKeys = World.merchants.indices.map { _ in g.token() }
            merchantIP = World.merchants.indices.map { _ in
                Engine.address(in: World.merchantRanges[g.below(World.merchantRanges.count)], g.next())
            }
            configState = World.configs.map { g.below($0.1.count - 1) }   // the last value is never the start
            keyVersion = World.keys.map { _ in 2 + g.below(8) }
            changeNumber = 10_000 + g.below(5_000)
            ticketNumber = 40_000 + g.below(20_000)
            let start = options.start.micros
            clock = start
            var s = fdiv(start, 6 * hour) * 6 * hour + 30 * 60 * second
            if s < start { s += 6 * hour }
            nextSettlement = s
            var k = fdiv(start, day) * day + 2 * hour + g.between(0, 20 * 60 * second)
            if k < start { k += day }
            nextRotation = k
            nextBurst = start + g.between(4 * hour, 20 * hour)
            nextAttack = start + g.between(20 * 60 * second, 2 * hour)
            sessionUntil = [Int64](repeating: .min, count: World.customerCount)
            sessionToken = [Token](repeating: Token(hi: 0, lo: 0), count: World.customerCount)
            rng = g
        }

        mutating func run(count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
            while emitted < count {
                let next = min(clock, nextSettlement, nextRotation, nextBurst, nextAttack)
                while emitted < count, let top = heap.minTime, top < next {
                    var bytes = heap.popMin()
                    try bytes.withUnsafeBytes { try body($0) }
                    emitted += 1
                    bytes.removeAll(keepingCapacity: true)
                    if pool.count < 1_024 { pool.append(bytes) }
                }
                if emitted >= count { break }
                if next == nextSettlement {
                    settle(at: next)
                    nextSettlement += 6 * hour
                } else if next == nextRotation {
                    rotateScheduled(at: next)
                    nextRotation = fdiv(next, day) * day + day + 2 * hour + rng.between(0, 20 * 60 * second)
                } else if next == nextBurst {
                    bulkExport(at: next)
                    nextBurst = next + rng.between(18 * hour, 40 * hour)
                } else if next == nextAttack {
                    customerPayment(at: next, attack: true)
                    nextAttack = next + rng.between(2 * hour, 8 * hour)
                } else {
                    let before = pushed
                    scenario(at: clock)
                    clock += gap(events: max(pushed - before, 1))
                }
            }
        }

        /// Time to the next scenario, so `events` arrive at the configured rate shaped by the hour.
        mutating func gap(events: Int) -> Int64 {
            let h = Int(fdiv(clock, hour) % 24)
            let mean = Double(events) / (rate * hourly[h]) * 1e6
            return Int64(min(rng.exponential() * mean, 1e15))
        }

        static let businessWeights: [Double] = [64, 14, 5, 6, 4, 1.4, 0.3]
        static let offHoursWeights: [Double] = [64, 14, 5, 6, 4, 0.12, 0.02]

        mutating func scenario(at t: Int64) {
            let h = fdiv(t, hour) % 24
            let weekday = (fdiv(t, day) + 4) % 7               // 0 = Sunday
            let business = weekday >= 1 && weekday <= 5 && h >= 7 && h < 18
            switch rng.pick(business ? Engine.businessWeights : Engine.offHoursWeights) {
            case 0: customerPayment(at: t, attack: false)
            case 1: merchantPayment(at: t)
            case 2: merchantRefund(at: t)
            case 3: detokenize(at: t)
            case 4: customerVisit(at: t)
            case 5: adminSession(at: t, business: business)
            default: auditorQueries(at: t)
            }
        }

        // MARK: Writing

        mutating func begin(_ t: Int64, _ actor: Actor, _ action: Action, _ resource: Ref, ok: Bool = true,
                            origin: UInt32, session: Session) -> Line {
            var l = Line(bytes: pool.popLast() ?? [])
            if l.bytes.capacity < 512 { l.bytes.reserveCapacity(512) }
            l.put("{\"id\":\"evt_"); l.putToken(rng.token(), 20)
            l.put("\",\"time\":\""); putTime(t, &l)
            l.put("\",\"actor\":\""); putActor(actor, &l)
            l.put("\",\"action\":\""); l.put(action.name)
            l.put("\",\"resource\":\""); putRef(resource, &l)
            l.put(ok ? "\",\"outcome\":\"success\",\"origin\":\"" : "\",\"outcome\":\"failure\",\"origin\":\"")
            l.putIP(origin)
            l.put("\",\"session\":\""); l.put(session.prefix); l.putToken(session.token, 16); l.append(0x22)
            return l
        }

        mutating func commit(_ t: Int64, _ l: inout Line) {
            l.append(0x7D)
            seq &+= 1
            pushed += 1
            heap.push(Pending(time: t, seq: seq, line: l.bytes))
            l.bytes = []
        }

        /// `YYYY-MM-DDTHH:MM:SS.mmmZ` (milliseconds, truncated).
        mutating func putTime(_ micros: Int64, _ l: inout Line) {
            let ms = fdiv(micros, 1_000)
            let d = fdiv(ms, 86_400_000)
            if d != cachedDay {
                cachedDay = d
                let (y, m, dd) = Civil.civil(fromDays: d)
                var p = Line(bytes: [])
                p.put2(y / 100); p.put2(y % 100); p.append(0x2D); p.put2(m); p.append(0x2D); p.put2(dd); p.append(0x54)
                dayPrefix = p.bytes
            }
            l.bytes.append(contentsOf: dayPrefix)
            let r = ms - d * 86_400_000
            l.put2(r / 3_600_000); l.append(0x3A); l.put2((r / 60_000) % 60); l.append(0x3A)
            l.put2((r / 1_000) % 60); l.append(0x2E)
            let f = r % 1_000
            l.append(UInt8(truncatingIfNeeded: f / 100) &+ 0x30); l.put2(f % 100); l.append(0x5A)
        }

        func putActor(_ a: Actor, _ l: inout Line) {
            switch a {
            case let .user(c): l.put("user:u-"); l.putUInt(UInt64(10_000 + c))
            case let .admin(i): l.put("admin:"); l.put(World.admins[i])
            case let .service(s): l.put("svc:"); l.put(s.name)
            case let .apiKey(m): l.put("apikey:ak_live_"); l.putToken(apiKeys[m], 24)
            case let .role(r): l.put("role:"); l.put(r)
            }
        }

        func putRef(_ r: Ref, _ l: inout Line) {
            switch r {
            case let .token(prefix, t): l.put(prefix); l.putToken(t, 16)
            case let .user(c): l.put("user:u-"); l.putUInt(UInt64(10_000 + c))
            case let .staff(g): l.put("admin:"); l.put(Engine.staffName(g))
            case let .name(prefix, n): l.put(prefix); l.put(n)
            case let .number(prefix, n): l.put(prefix); l.putUInt(UInt64(n))
            case let .batch(t, cur):
                let (y, m, d) = Civil.civil(fromDays: fdiv(t, day))
                let sod = t - fdiv(t, day) * day
                l.put("batch:stl_"); l.put2(y / 100); l.put2(y % 100); l.put2(m); l.put2(d); l.append(0x54)
                l.put2(sod / hour); l.put2((sod / (60 * second)) % 60); l.append(0x5F); l.put(World.currenciesLower[cur])
            }
        }

        /// Admins first, then new hires.
        static func staffName(_ g: Int) -> StaticString {
            g < World.admins.count ? World.admins[g] : World.newHires[g - World.admins.count]
        }

        func putStaff(_ k: StaticString, _ g: Int, _ l: inout Line) {
            l.key(k); l.append(0x22); l.put("admin:"); l.put(Engine.staffName(g)); l.append(0x22)
        }

        func putMoney(_ cents: Int64, merchant m: Int, _ l: inout Line) {
            l.field("amount", cents: cents)
            l.field("currency", World.currencies[World.merchants[m].1])
            l.field("merchant", World.merchants[m].0)
        }

        // MARK: Helpers

        static func address(in range: (UInt32, UInt32), _ r: UInt64) -> UInt32 {
            let hostBits = 32 - range.1
            let mask: UInt32 = hostBits >= 32 ? .max : (1 << hostBits) - 1
            let ip = range.0 | (UInt32(truncatingIfNeeded: r) & mask)
            return (ip & 0xFFFF_FF00) | (1 + UInt32((r >> 40) % 254))
        }

        mutating func randomIP(_ ranges: [(UInt32, UInt32)]) -> UInt32 {
            Engine.address(in: ranges[rng.below(ranges.count)], rng.next())
        }

        mutating func datacenter(_ s: Service) -> UInt32 { World.datacenter(s, rng.next()) }

        mutating func seconds(_ lo: Int64, _ hi: Int64) -> Int64 { rng.between(lo * second, hi * second) }

        mutating func millis(_ lo: Int64, _ hi: Int64) -> Int64 { rng.between(lo * 1_000, hi * 1_000) }

        /// Busy customers pay often; most pay now and then.
        mutating func skewedCustomer() -> Int {
            let u = rng.unit()
            return Int(u * u.squareRoot() * Double(World.customerCount))
        }

        func customer(_ c: Int) -> Customer {
            var h = SplitMix64(state: salt ^ (UInt64(c) &* 0xD6E8_FEB8_6659_FD93))
            let v = h.next() % 100
            let channel = v < 45 ? 0 : v < 75 ? 1 : 2
            let home = Engine.address(in: World.homeRanges[Int(h.next() % UInt64(World.homeRanges.count))], h.next())
            let card = Token(hi: h.next(), lo: h.next())
            let pick = h.next()
            let method: StaticString = channel == 0
                ? (pick % 3 == 0 ? "otp_sms" : pick % 3 == 1 ? "push" : "otp_app")
                : (pick % 4 == 0 ? "push" : "biometric")
            let agent = Int(h.next() % UInt64(World.agents[channel].count))
            return Customer(channel: channel, home: home, card: card, method: method, agent: agent)
        }

        /// The customer's open session, or a new one (then `fresh` is true).
        mutating func customerSession(_ c: Int, at t: Int64, forceNew: Bool) -> (Session, fresh: Bool) {
            if !forceNew && t < sessionUntil[c] { return (Session(prefix: "ses_", token: sessionToken[c]), false) }
            let tok = rng.token()
            sessionToken[c] = tok
            sessionUntil[c] = t + 30 * 60 * second
            return (Session(prefix: "ses_", token: tok), true)
        }

        static let amountBands: [(Int64, Int64)] = [(150, 2_000), (2_000, 10_000), (10_000, 50_000), (50_000, 200_000), (200_000, 1_500_000)]
        static let customerBands: [Double] = [30, 35, 22, 10, 3]
        static let merchantBands: [Double] = [40, 40, 15, 5, 0]
        static let largeBands: [Double] = [0, 5, 35, 40, 20]

        mutating func amount(_ weights: [Double]) -> Int64 {
            let band = Engine.amountBands[rng.pick(weights)]
            return rng.between(band.0, band.1)
        }

        mutating func remember(_ pay: Token, cents: Int64, merchant m: Int, at t: Int64) {
            let cur = World.merchants[m].1
            if t < nextSettlement {
                batchCount[cur] += 1; batchCents[cur] += cents
            } else {
                laterCount[cur] += 1; laterCents[cur] += cents
            }
            let c = Captured(payment: pay, cents: cents, merchant: m, at: t)
            if captured.count < 1_024 {
                captured.append(c)
            } else {
                captured[capturedNext] = c
                capturedNext = (capturedNext + 1) % captured.count
            }
        }

        /// A payment captured before `t`, if one comes up.
        mutating func capturedPayment(before t: Int64) -> Captured? {
            guard !captured.isEmpty else { return nil }
            for _ in 0..<4 {
                let c = captured[rng.below(captured.count)]
                if c.at < t { return c }
            }
            return nil
        }
    }
}

// MARK: - Scenarios

extension Simulator.Engine {
    typealias Line = Simulator.Line
    typealias Session = Simulator.Session
    typealias Token = Simulator.Token
    typealias World = Simulator.World
    typealias Service = Simulator.Service

    /// A customer pays a merchant: log in if needed, initiate, SCA, fraud score, authorize, capture.
    /// With `attack`, SCA fails five to nine times in a row before it passes.
    mutating func customerPayment(at t0: Int64, attack: Bool) {
        let c = attack ? rng.below(World.customerCount) : skewedCustomer()
        let p = customer(c)
        var origin = p.home
        var suspicious = false
        let r = rng.unit()
        if r < (attack ? 0.6 : 0.006) {
            origin = randomIP(World.suspiciousRanges); suspicious = true
        } else if p.channel != 0 && r < 0.45 {
            origin = randomIP(World.mobileRanges)
        }
        let agent = attack && rng.chance(0.5) ? World.scriptAgent : World.agents[p.channel][p.agent]
        let (session, fresh) = customerSession(c, at: t0, forceNew: attack)
        var t = t0
        defer { sessionUntil[c] = max(sessionUntil[c], t + 30 * 60 * Simulator.second) }
        if fresh {
            customerLogin(c, p, at: &t, origin: origin, session: session, agent: agent)
            t += seconds(3, 60)
        }

        let m = rng.below(World.merchants.count)
        let cents = amount(attack ? Simulator.Engine.largeBands : Simulator.Engine.customerBands)
        let pay = rng.token()
        let resource = Simulator.Ref.token("payment:pay_", pay)
        var l = begin(t, .user(c), .paymentInitiate, resource, origin: origin, session: session)
        putMoney(cents, merchant: m, &l)
        l.field("card", prefix: "tok_", token: p.card)
        l.field("channel", World.channels[p.channel])
        if p.channel == 0 && rng.chance(0.5) { l.field("userAgent", text: agent) }
        commit(t, &l)

        if attack || (cents >= 3_000 ? rng.chance(0.92) : rng.chance(0.3)) {
            t += millis(300, 2_000)
            l = begin(t, .service(.sca), .scaChallenge, resource, origin: datacenter(.sca), session: session)
            l.field("method", p.method)
            l.field("subject", prefix: "user:u-", number: 10_000 + c)
            commit(t, &l)
            if attack {
                for _ in 0..<(5 + rng.below(5)) {
                    t += seconds(4, 18)
                    scaVerify(c, resource, at: t, failure: "otp_mismatch", method: p.method, origin: origin, session: session)
                }
                t += seconds(5, 30)
                scaVerify(c, resource, at: t, failure: nil, method: p.method, origin: origin, session: session)
            } else {
                var attempt = 0
                while true {
                    attempt += 1
                    t += seconds(6, 45)
                    guard rng.chance(0.06) else {
                        scaVerify(c, resource, at: t, failure: nil, method: p.method, origin: origin, session: session)
                        break
                    }
                    let reasons: [StaticString] = ["otp_mismatch", "otp_expired", "biometric_rejected"]
                    scaVerify(c, resource, at: t, failure: reasons[rng.below(3)], method: p.method, origin: origin,
                              session: session)
                    if attempt < 3 && rng.chance(0.55) { continue }
                    return                                      // abandoned
                }
            }
        }
        let score = attack ? 550 + rng.below(440) : fraudScore(suspicious: suspicious)
        let delay = rng.chance(0.7) ? seconds(20, 120) : seconds(300, 1_500)
        authorizeAndCapture(at: &t, pay: pay, cents: cents, merchant: m, score: score, session: session,
                            captureDelay: delay)
    }

    mutating func customerLogin(_ c: Int, _ p: Simulator.Customer, at t: inout Int64, origin: UInt32,
                                session: Session, agent: String) {
        let method: StaticString = p.channel == 0 ? (rng.chance(0.7) ? "password" : "passkey")
                                                  : (rng.chance(0.8) ? "biometric" : "passcode")
        if rng.chance(0.025) {
            var l = begin(t, .user(c), .userLogin, .user(c), ok: false, origin: origin, session: session)
            l.field("method", method); l.field("channel", World.channels[p.channel])
            l.field("reason", "bad_password"); l.field("userAgent", text: agent)
            commit(t, &l)
            t += seconds(4, 30)
        }
        var l = begin(t, .user(c), .userLogin, .user(c), origin: origin, session: session)
        l.field("method", method); l.field("channel", World.channels[p.channel]); l.field("userAgent", text: agent)
        commit(t, &l)
    }

    mutating func scaVerify(_ c: Int, _ resource: Simulator.Ref, at t: Int64, failure: StaticString?,
                            method: StaticString, origin: UInt32, session: Session) {
        var l = begin(t, .user(c), .scaVerify, resource, ok: failure == nil, origin: origin, session: session)
        l.field("method", method)
        if let failure { l.field("reason", failure) }
        commit(t, &l)
    }

    mutating func fraudScore(suspicious: Bool) -> Int {
        var s: Int
        if rng.chance(0.03) {
            s = 700 + rng.below(290)
        } else {
            let u = rng.unit()
            s = Int(u * u * u * 600)
        }
        if suspicious { s = min(s + 250, 999) }
        return s
    }

    /// Fraud score, then authorization (declined above 0.85 or for issuer reasons), then the merchant's capture.
    mutating func authorizeAndCapture(at t: inout Int64, pay: Token, cents: Int64, merchant m: Int, score: Int,
                                      session: Session, captureDelay: Int64) {
        let resource = Simulator.Ref.token("payment:pay_", pay)
        t += millis(40, 400)
        var l = begin(t, .service(.fraud), .fraudScore, resource, origin: datacenter(.fraud), session: session)
        l.field("score", milli: score)
        l.field("model", "gbm-2026.06")
        commit(t, &l)

        t += millis(100, 900)
        var reason: StaticString?
        if score >= 850 {
            reason = "fraud_suspected"
        } else {
            let r = rng.unit()
            reason = r < 0.025 ? "insufficient_funds" : r < 0.033 ? "issuer_timeout" : r < 0.037 ? "card_expired"
                : r < 0.040 ? "do_not_honor" : nil
        }
        l = begin(t, .service(.gateway), .paymentAuthorize, resource, ok: reason == nil, origin: datacenter(.gateway),
                  session: session)
        putMoney(cents, merchant: m, &l)
        if let reason { l.field("reason", reason) }
        commit(t, &l)
        guard reason == nil else { return }

        let tc = t + captureDelay
        let ok = !rng.chance(0.004)
        l = begin(tc, .apiKey(merchant: m), .paymentCapture, resource, ok: ok, origin: merchantIP[m],
                  session: Session(prefix: "req_", token: rng.token()))
        putMoney(cents, merchant: m, &l)
        if !ok { l.field("reason", "timeout") }
        commit(tc, &l)
        if ok { remember(pay, cents: cents, merchant: m, at: tc) }
    }

    /// A merchant charges a stored card over the API (no SCA: merchant-initiated).
    mutating func merchantPayment(at t0: Int64) {
        var t = t0
        let m = rng.below(World.merchants.count)
        let card = customer(skewedCustomer()).card
        let pay = rng.token()
        let session = Session(prefix: "req_", token: rng.token())
        let cents = amount(Simulator.Engine.merchantBands)
        var l = begin(t, .apiKey(merchant: m), .paymentInitiate, .token("payment:pay_", pay), origin: merchantIP[m],
                      session: session)
        putMoney(cents, merchant: m, &l)
        l.field("card", prefix: "tok_", token: card)
        l.field("channel", "api")
        commit(t, &l)
        authorizeAndCapture(at: &t, pay: pay, cents: cents, merchant: m, score: fraudScore(suspicious: false),
                            session: session, captureDelay: seconds(1, 5))
    }

    /// A merchant refunds (part of) a captured payment.
    mutating func merchantRefund(at t: Int64) {
        guard let paid = capturedPayment(before: t) else { return }
        let m = paid.merchant
        let cents = rng.chance(0.6) || paid.cents < 200 ? paid.cents : rng.between(100, paid.cents - 1)
        let ok = !rng.chance(0.03)
        var l = begin(t, .apiKey(merchant: m), .refundCreate, .token("refund:rf_", rng.token()), ok: ok,
                      origin: merchantIP[m], session: Session(prefix: "req_", token: rng.token()))
        l.field("payment", prefix: "pay_", token: paid.payment)
        putMoney(cents, merchant: m, &l)
        if !ok { l.field("reason", rng.chance(0.5) ? "exceeds_captured_amount" : "payment_disputed") }
        commit(t, &l)
    }

    /// A back-office service reads one card number.
    mutating func detokenize(at t: Int64) {
        let k = rng.pick([40, 45, 15])
        let service: Service = k == 0 ? .chargeback : k == 1 ? .recurring : .dispute
        let purpose: StaticString = k == 0 ? "chargeback_evidence" : k == 1 ? "recurring_charge" : "dispute_review"
        let ok = !rng.chance(0.004)
        let card = customer(skewedCustomer()).card
        var l = begin(t, .service(service), .cardDetokenize, .token("card:tok_", card), ok: ok,
                      origin: datacenter(service), session: Session(prefix: "req_", token: rng.token()))
        l.field("purpose", purpose)
        if !ok { l.field("reason", "vault_timeout") }
        commit(t, &l)
    }

    /// The export service reads hundreds of card numbers in a couple of minutes.
    mutating func bulkExport(at t0: Int64) {
        var t = t0
        let session = Session(prefix: "req_", token: rng.token())
        for _ in 0..<(150 + rng.below(250)) {
            t += millis(80, 600)
            let card = customer(rng.below(World.customerCount)).card
            var l = begin(t, .service(.export), .cardDetokenize, .token("card:tok_", card),
                          origin: World.exportHost, session: session)
            l.field("purpose", "bulk_export")
            commit(t, &l)
        }
    }

    /// A customer opens the app without paying.
    mutating func customerVisit(at t0: Int64) {
        let c = skewedCustomer()
        let (session, fresh) = customerSession(c, at: t0, forceNew: false)
        guard fresh else { return }
        let p = customer(c)
        var t = t0
        let origin = p.channel != 0 && rng.chance(0.45) ? randomIP(World.mobileRanges) : p.home
        customerLogin(c, p, at: &t, origin: origin, session: session, agent: World.agents[p.channel][p.agent])
    }

    /// Every six hours: one batch per currency for what was captured in the window.
    mutating func settle(at t0: Int64) {
        var t = t0
        let session = Session(prefix: "run_", token: rng.token())
        for cur in World.currencies.indices where batchCount[cur] > 0 {
            t += seconds(2, 30)
            let ok = !rng.chance(0.03)
            var l = begin(t, .service(.settlement), .settlementRun, .batch(t0, currency: cur), ok: ok,
                          origin: datacenter(.settlement), session: session)
            settlementFields(cur, &l)
            if !ok { l.field("reason", "bank_timeout") }
            commit(t, &l)
            if !ok {
                let retry = t + seconds(600, 1_500)
                l = begin(retry, .service(.settlement), .settlementRun, .batch(t0, currency: cur),
                          origin: datacenter(.settlement), session: session)
                settlementFields(cur, &l)
                l.field("attempt", int: 2)
                commit(retry, &l)
            }
        }
        batchCount = laterCount; batchCents = laterCents
        for k in laterCount.indices { laterCount[k] = 0; laterCents[k] = 0 }
    }

    func settlementFields(_ cur: Int, _ l: inout Line) {
        l.field("currency", World.currencies[cur])
        l.field("count", int: batchCount[cur])
        l.field("amount", cents: batchCents[cur])
    }

    /// Daily: the KMS rotator rotates the next key in turn.
    mutating func rotateScheduled(at t: Int64) {
        let k = rotationKey % World.keys.count
        rotationKey += 1
        let ok = !rng.chance(0.01)
        if ok { keyVersion[k] += 1 }
        var l = begin(t, .service(.kms), .keyRotate, .name("key:", World.keys[k]), ok: ok, origin: datacenter(.kms),
                      session: Session(prefix: "run_", token: rng.token()))
        l.field("key", World.keys[k])
        l.field("version", int: keyVersion[k])
        if !ok { l.field("reason", "kms_unavailable") }
        commit(t, &l)
    }
}

// MARK: - Admin scenarios

extension Simulator.Engine {
    /// An admin logs in (maybe after failures), does one to six things, and usually logs out.
    mutating func adminSession(at t0: Int64, business: Bool) {
        let a = !business && rng.chance(0.6) ? World.onCall[rng.below(World.onCall.count)] : rng.pick(World.adminWeights)
        var t = t0
        let session = Session(prefix: "ses_", token: rng.token())
        let r = rng.unit()
        let origin: UInt32
        if r < (a == World.roamingAdmin ? 0.2 : 0.02) {
            origin = randomIP(World.suspiciousRanges)
        } else if r < (business ? 0.15 : 0.7) {
            origin = World.vpnBase + UInt32(1 + rng.below(60))
        } else {
            origin = World.office(a)
        }
        let method: StaticString = a % 4 == 0 ? "password+totp" : "sso+webauthn"
        let agent = World.agents[0][a % World.agents[0].count]
        let failures = rng.chance(0.06) ? 1 + rng.below(3) : 0
        for _ in 0..<failures {
            var l = begin(t, .admin(a), .adminLogin, .staff(a), ok: false, origin: origin, session: session)
            l.field("method", method)
            l.field("reason", rng.chance(0.6) ? "bad_password" : "mfa_failed")
            l.field("userAgent", text: agent)
            commit(t, &l)
            t += seconds(5, 40)
        }
        if failures > 0 && rng.chance(0.2) { return }
        var l = begin(t, .admin(a), .adminLogin, .staff(a), origin: origin, session: session)
        l.field("method", method)
        l.field("userAgent", text: agent)
        commit(t, &l)
        for _ in 0..<(1 + rng.below(6)) {
            t += seconds(20, 300)
            adminAction(a, at: t, notBefore: t0, origin: origin, session: session)
        }
        if rng.chance(0.75) {
            t += seconds(10, 180)
            l = begin(t, .admin(a), .adminLogout, .staff(a), origin: origin, session: session)
            commit(t, &l)
        }
    }

    static let adminActionWeights: [Double] = [18, 22, 12, 8, 8, 8, 16, 1.5]

    mutating func adminAction(_ a: Int, at t: Int64, notBefore t0: Int64, origin: UInt32, session: Session) {
        let staffCount = World.admins.count + World.newHires.count
        switch rng.pick(Simulator.Engine.adminActionWeights) {
        case 0:
            let k = rng.below(World.configs.count)
            let (name, values) = World.configs[k]
            let old = configState[k]
            let new = (old + 1 + rng.below(values.count - 1)) % values.count
            let ok = !rng.chance(0.03)
            if ok { configState[k] = new }
            var l = begin(t, .admin(a), .configChange, .name("config:", name), ok: ok, origin: origin, session: session)
            l.field("old", values[old])
            l.field("new", values[new])
            if !ok { l.field("reason", "validation_failed") }
            commit(t, &l)
        case 1:
            auditQuery(.admin(a), at: t, origin: origin, session: session)
        case 2:
            let role = rng.below(World.roles.count)
            var grantee = rng.below(staffCount)
            if grantee == a { grantee = (grantee + 1) % staffCount }
            var change = 0
            let r = rng.unit()
            if r < 0.9 {
                changeNumber += 1
                change = changeNumber
                let approver = (a + 1 + rng.below(World.admins.count - 1)) % World.admins.count
                let ta = max(t0, t - seconds(30, 1_200))
                var l = begin(ta, .admin(approver), .changeApprove, .number("change:CHG-", change),
                              origin: World.office(approver), session: Session(prefix: "ses_", token: rng.token()))
                l.field("role", World.roles[role])
                putStaff("grantee", grantee, &l)
                commit(ta, &l)
            } else if r < 0.95 {
                changeNumber += 1                               // cites a change nobody approved
                change = changeNumber
            }
            var l = begin(t, .admin(a), .roleGrant, .name("role:", World.roles[role]), origin: origin, session: session)
            putStaff("grantee", grantee, &l)
            if change > 0 { l.field("change", prefix: "CHG-", number: change) }
            commit(t, &l)
            grants.append((grantee, role))
        case 3:
            var grantee = rng.below(staffCount), role = rng.below(World.roles.count)
            if !grants.isEmpty {
                let k = rng.below(grants.count)
                (grantee, role) = grants[k]
                grants.swapAt(k, grants.count - 1)
                grants.removeLast()
            }
            var l = begin(t, .admin(a), .roleRevoke, .name("role:", World.roles[role]), origin: origin, session: session)
            putStaff("grantee", grantee, &l)
            commit(t, &l)
        case 4:
            let hire = World.admins.count + rng.below(World.newHires.count)
            var l = begin(t, .admin(a), .userCreate, .staff(hire), origin: origin, session: session)
            l.field("role", World.roles[rng.below(World.roles.count)])
            commit(t, &l)
        case 5:
            let reasons: [StaticString] = ["fraud_confirmed", "customer_request", "chargeback_abuse"]
            var l = begin(t, .admin(a), .userDisable, .user(rng.below(World.customerCount)), origin: origin,
                          session: session)
            l.field("reason", reasons[rng.below(reasons.count)])
            commit(t, &l)
        case 6:
            guard let paid = capturedPayment(before: t) else { return }
            ticketNumber += 1
            var l = begin(t, .admin(a), .refundCreate, .token("refund:rf_", rng.token()), origin: origin,
                          session: session)
            l.field("payment", prefix: "pay_", token: paid.payment)
            putMoney(paid.cents, merchant: paid.merchant, &l)
            l.field("ticket", prefix: "SUP-", number: ticketNumber)
            commit(t, &l)
        default:
            let k = rng.below(World.keys.count)
            keyVersion[k] += 1
            var l = begin(t, .admin(a), .keyRotate, .name("key:", World.keys[k]), origin: origin, session: session)
            l.field("key", World.keys[k])
            l.field("version", int: keyVersion[k])
            commit(t, &l)
        }
    }

    mutating func auditQuery(_ actor: Simulator.Actor, at t: Int64, origin: UInt32, session: Session) {
        var l = begin(t, actor, .auditQuery, .name("audit:", "trail"), origin: origin, session: session)
        l.field("query", text: World.queries[rng.below(World.queries.count)])
        l.field("rows", int: rng.below(5_000))
        commit(t, &l)
    }

    /// The external auditor's assumed role runs a few trail queries.
    mutating func auditorQueries(at t0: Int64) {
        var t = t0
        let session = Session(prefix: "ses_", token: rng.token())
        let origin = World.ip(198, 51, 100, 200)
        for _ in 0..<(1 + rng.below(4)) {
            auditQuery(.role("external-auditor"), at: t, origin: origin, session: session)
            t += seconds(30, 240)
        }
    }
}
