import TrailModel

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
