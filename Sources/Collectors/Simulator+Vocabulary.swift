import TrailModel

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
