import Rules
import Testing
import TrailModel

/// `contains` tests, alone and as an `any` of several on one field (found in one pass), with and
/// without `nocase`: each case is a condition on `raw`, a raw record, and whether it matches.
@Suite struct ContainsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var condition: String
        var raw: String
        var matches: Bool
        var testDescription: String { "\(condition) on \(raw) → \(matches)" }
        init(_ condition: String, _ raw: String, _ matches: Bool) { (self.condition, self.raw, self.matches) = (condition, raw, matches) }
    }

    static let anyQuoted = #"{any: [{raw: {contains: '"password"', nocase: true}}, {raw: {contains: '"pin"', nocase: true}}, {raw: {contains: '"cv', nocase: true}}]}"#
    static let anyWords = "{any: [{raw: {contains: secret, nocase: true}}, {raw: {contains: token, nocase: true}}]}"
    static let anyCased = "{any: [{raw: {contains: Secret}}, {raw: {contains: token}}]}"

    static let cases: [Case] = [
        .init("{raw: {contains: Passw, nocase: true}}", #"{"PASSWORD":"x"}"#, true),
        .init("{raw: {contains: passw, nocase: true}}", #"{"user":"bob"}"#, false),
        .init("{raw: {contains: Passw}}", #"{"passw":1}"#, false),
        .init("{raw: {contains: Passw}}", #"{"Passw":1}"#, true),
        // Needles sharing a first byte that is not a letter (memchr from quote to quote).
        .init(anyQuoted, #"{"a":1,"PassWord":"hunter2"}"#, true),
        .init(anyQuoted, #"{"PIN":"1234"}"#, true),
        .init(anyQuoted, #"{"cvv2":"123"}"#, true),
        .init(anyQuoted, #"{"password_hint":"x","pinned":true}"#, false),
        .init(anyQuoted, #"password pin cvv"#, false),
        .init(anyQuoted, #"""#, false),
        .init(anyQuoted, #"x""pin""#, true),
        // Needles starting with letters (a table of first bytes).
        .init(anyWords, "the TOKEN is here", true),
        .init(anyWords, "my sEcReT", true),
        .init(anyWords, "toke secre", false),
        .init(anyWords, "", false),
        // Without nocase, case matters.
        .init(anyCased, "a Secret", true),
        .init(anyCased, "a secret", false),
        .init(anyCased, "a TOKEN", false),
        .init(anyCased, "a token", true),
        // Non-ASCII needles and values.
        .init("{raw: {contains: ÜBER, nocase: true}}", "über alles", true),
        .init("{any: [{raw: {contains: été, nocase: true}}, {raw: {contains: zzz, nocase: true}}]}", "un ÉTÉ chaud", true),
        .init(anyWords, "naïve SECRET ü", true),
        // An `any` that mixes fields or operators is evaluated as written.
        .init("{any: [{raw: {contains: abc}}, {actor: {contains: abc}}]}", "xabcx", true),
        .init("{any: [{raw: {contains: abc}}, {raw: {startswith: zz}}]}", "zz top", true),
        .init("{any: [{raw: {contains: abc}}, {raw: {startswith: zz}}]}", "top zz", false),
    ]

    @Test(arguments: cases)
    func contains(_ c: Case) throws {
        let yaml = """
            rules:
              - {id: r, title: t, severity: info, controls: [pci-dss@4.0:10.2.1], kind: match, where: \(c.condition)}
            """
        let set = RuleSet(rules: try RuleSet.parse(yaml, path: "contains.yaml"))
        let stream = set.stream(from: Timestamp(seconds: 0))
        let event = TrailEvent(id: "e1", time: Timestamp(seconds: 10), received: Timestamp(seconds: 10), source: "s", format: "app-json",
                               actor: "user:x", action: "a", resource: nil, outcome: .success, origin: nil, session: nil,
                               attributes: [], raw: c.raw)
        stream.observe(EvalEvent(event: event, ref: "e1"))
        #expect(stream.finish(to: Timestamp(seconds: 20)).count == (c.matches ? 1 : 0))
    }
}
