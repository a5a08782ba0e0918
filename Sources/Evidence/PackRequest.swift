import Archive
import Foundation
import Rules
import TrailModel

/// What to put in a pack: a framework's controls (all, or those matching `controls`), a period,
/// the sample size and seed, and the time the pack is "as of" (which fixes the trail it relies on).
public struct PackRequest: Sendable {
    public var framework: Framework
    /// Every rule loaded; the pack evaluates those that name one of its controls.
    public var rules: RuleSet
    public var from: Timestamp
    public var to: Timestamp
    /// Control id patterns (`10.2.*`, `8.3.4`; `*` and `?` as in shell globs). Empty: every control.
    public var controls: [String] = []
    /// Sampled events per control.
    public var sample: Int = 25
    /// The sample seed (any text).
    public var seed: String = "1"
    /// The pack relies on the seals made at or before this time, and its files carry it as their
    /// time: the same store, arguments and `asOf` give a byte-identical pack.
    public var asOf: Timestamp
    /// Who builds it (recorded in the trail's `evidence.build` event).
    public var actor: String

    public init(framework: Framework, rules: RuleSet, from: Timestamp, to: Timestamp, asOf: Timestamp, actor: String) {
        self.framework = framework; self.rules = rules; self.from = from; self.to = to; self.asOf = asOf; self.actor = actor
    }

    /// The selected controls, in crosswalk order.
    public func selectedControls() throws -> [Framework.Control] {
        let picked = framework.controls.filter { c in controls.isEmpty || controls.contains { Glob.matches($0, c.id) } }
        guard !picked.isEmpty else {
            throw EvidenceError.badRequest("no control of \(framework.qualified) matches \(controls.joined(separator: ", "))")
        }
        return picked
    }

    /// The pack's archive format, from the output name: `.zip`, `.tar.gz` or `.tgz`.
    public static func format(of path: String) throws -> ArchiveWriter.Format {
        if path.hasSuffix(".zip") { return .zip }
        if path.hasSuffix(".tar.gz") || path.hasSuffix(".tgz") { return .tarGzip }
        throw EvidenceError.badRequest("\(path): the pack must be named *.zip or *.tar.gz")
    }
}

/// The folder of a control inside the pack: its id with every run of characters other than
/// letters, digits, `.` and `-` turned into one `-` (`5(1)(e)` → `5-1-e`).
public func controlFolder(_ id: String) -> String {
    var out = ""
    var dash = false
    for c in id.unicodeScalars {
        if (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || c == "." || c == "-" {
            out.unicodeScalars.append(c); dash = false
        } else if !dash {
            out += "-"; dash = true
        }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty || out == "." || out == ".." ? "control" : out
}

/// Shell-style patterns: `*` (any run), `?` (one character); everything else literal.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) { pi += 1; ti += 1 } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 { pi = star + 1; mark += 1; ti = mark } else { return false }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
