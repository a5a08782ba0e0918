/// Durations in rule files: `30s`, `5m`, `24h`, `7d`, as microseconds.
enum RuleDuration {
    static func parse(_ node: YAMLNode) throws -> Int64 {
        let text = try node.string()
        guard let unit = text.last, let n = Int64(text.dropLast()), n > 0 else {
            throw node.fail("'\(text)' is not a duration like 30s, 5m, 24h or 7d")
        }
        let seconds: Int64
        switch unit {
        case "s": seconds = n
        case "m": seconds = n * 60
        case "h": seconds = n * 3600
        case "d": seconds = n * 86_400
        default: throw node.fail("'\(text)' is not a duration like 30s, 5m, 24h or 7d")
        }
        return seconds * 1_000_000
    }
}
