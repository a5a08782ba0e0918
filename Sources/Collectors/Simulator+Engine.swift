import TrailModel

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
