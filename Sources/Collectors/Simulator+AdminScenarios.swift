import TrailModel

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
