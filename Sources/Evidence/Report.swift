import Foundation
import Rules
import SegmentStore
import TrailModel

/// `report.html`: one self-contained page (inline CSS, no scripts, no fonts or images from the
/// network) that prints cleanly. A summary for the framework — period, trail checkpoint, status
/// counts, one line per control — then one section per control: meaning, coverage, status,
/// rules, counts, the sample and the exceptions (findings).
enum Report {
    static let statuses = ["ok", "alarm", "info", "manual", "n/a", "error"]
    /// Findings listed per control; the rest are in the control's findings.csv.
    static let exceptionRows = 50

    static func html(_ facts: PackFacts) -> String {
        let r = facts.request
        var counts: [String: Int] = [:]
        for w in facts.works { counts[w.row?.status ?? "error", default: 0] += 1 }
        var h = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(r.framework.title)) evidence, \(e(day(r.from))) to \(e(lastDay(r.to)))</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            <header>
            <h1>\(e(r.framework.title)) — evidence pack</h1>
            <table class="facts">
            <tr><th>Period</th><td>\(e(r.from.rfc3339)) to \(e(r.to.rfc3339)) (end excluded)</td></tr>
            <tr><th>As of</th><td>\(e(r.asOf.rfc3339))</td></tr>
            <tr><th>Trail</th><td>\(e(facts.origin))</td></tr>
            <tr><th>Checkpoint</th><td>\(facts.trail.size) seals, root <code>\(facts.trail.root.hex)</code>, signed by key <code>\(e(facts.trail.signer.keyId))</code> (<code>\(e(facts.trail.checkpointPath))</code>)</td></tr>
            <tr><th>Events evaluated</th><td>\(facts.events) sealed events in the period, \(facts.rules.rules.count) rules</td></tr>
            <tr><th>Controls</th><td>\(facts.works.count)\(r.controls.isEmpty ? "" : " (matching " + e(r.controls.joined(separator: ", ")) + ")")</td></tr>
            </table>
            <p class="counts">\(statuses.map { "<span class=\"status s-\(cls($0))\">\(e($0)) \(counts[$0] ?? 0)</span>" }.joined(separator: " "))</p>
            </header>

            """
        if !facts.notes.isEmpty {
            h += "<section class=\"notes\"><h2>Notes</h2><ul>\n"
            h += facts.notes.map { "<li>\(e($0))</li>\n" }.joined()
            h += "</ul></section>\n"
        }
        h += """
            <section class="summary">
            <h2>Controls</h2>
            <table>
            <thead><tr><th>Control</th><th>Title</th><th>Coverage</th><th>Status</th><th class="n">Population</th><th class="n">Findings</th></tr></thead>
            <tbody>

            """
        for w in facts.works {
            h += "<tr><td><a href=\"#c-\(e(w.folder))\">\(e(w.control.id))</a></td><td>\(e(w.control.title))</td>"
                + "<td>\(e(w.control.coverage.rawValue))</td><td>\(badge(w.row?.status ?? "error"))</td>"
                + "<td class=\"n\">\(w.population.rows)</td><td class=\"n\">\(w.findings.count)</td></tr>\n"
        }
        h += "</tbody>\n</table>\n</section>\n"
        for w in facts.works { h += control(w, facts: facts) }
        h += """
            <footer>
            <p>Every file of this pack is listed with its SHA-256 in <code>manifest.json</code>, signed in <code>manifest.sig</code>.
            Check it with <code>sealtrail evidence verify</code>, or with unzip, sha256sum, openssl and python3 as docs/formats.md shows.</p>
            </footer>
            </body>
            </html>

            """
        return h
    }

    static func control(_ w: ControlWork, facts: PackFacts) -> String {
        let c = w.control
        let status = w.row?.status ?? "error"
        var h = """
            <section class="control" id="c-\(e(w.folder))">
            <h2>\(e(c.id)) \(e(c.title)) \(badge(status))</h2>
            <p class="meaning">\(e(c.meaning))</p>
            <table class="facts">
            <tr><th>Coverage</th><td>\(e(c.coverage.rawValue))\(c.note.map { " — " + e($0) } ?? "")</td></tr>
            <tr><th>Status</th><td>\(e(status))\(statusText(status))</td></tr>

            """
        if let note = w.row?.note, !note.isEmpty, note != c.note { h += "<tr><th>Status note</th><td>\(e(note))</td></tr>\n" }
        h += """
            <tr><th>Counts</th><td>\(w.row?.events ?? 0) events met a rule condition; population \(w.population.rows); findings \(w.findings.count); sample \(w.revealed.count)</td></tr>
            <tr><th>Files</th><td><code>\(e(w.path))/</code>: control.json, findings.csv/.json, population.csv, sample.csv/.json, queries.sql</td></tr>
            </table>

            """
        if w.rules.isEmpty {
            h += "<p class=\"none\">No rule names this control.</p>\n"
        } else {
            h += "<h3>Rules</h3>\n<table>\n<thead><tr><th>Rule</th><th>Title</th><th>Kind</th><th>Severity</th><th class=\"n\">Findings</th></tr></thead>\n<tbody>\n"
            for rule in w.rules {
                let n = w.findings.filter { $0.rule == rule.id }.count
                h += "<tr><td><code>\(e(rule.id))</code></td><td>\(e(rule.title))</td><td>\(e(rule.kind.name))</td><td>\(e(rule.severity))</td><td class=\"n\">\(n)</td></tr>\n"
            }
            h += "</tbody>\n</table>\n"
        }
        h += "<h3>Sample</h3>\n"
        if w.revealed.isEmpty {
            h += PackText.populationRules(w).isEmpty
                ? "<p class=\"none\">No population: this control's rules are absence or sql rules, whose evidence is their findings (silent spans, query rows).</p>\n"
                : "<p class=\"none\">The population is empty: no event of the period met a condition of these rules.</p>\n"
        } else {
            h += "<p>\(w.revealed.count) of \(w.population.rows) events, chosen by seed <code>\(e(facts.request.seed))</code> (raw records in sample.csv).</p>\n"
            h += "<table class=\"sample\">\n<thead><tr><th>Time</th><th>Source</th><th>Actor</th><th>Action</th><th>Resource</th><th>Outcome</th><th>Event</th></tr></thead>\n<tbody>\n"
            for (p, ev) in w.revealed {
                h += "<tr><td>\(e(ev.time.rfc3339))</td><td>\(e(ev.source))</td><td>\(e(ev.actor ?? ""))</td><td>\(e(ev.action ?? ""))</td>"
                    + "<td>\(e(ev.resource ?? ""))</td><td>\(e(ev.outcome.rawValue))</td><td><code>\(p.at.segment):\(p.at.record)</code></td></tr>\n"
            }
            h += "</tbody>\n</table>\n"
        }
        h += "<h3>Exceptions</h3>\n"
        if w.findings.isEmpty {
            h += "<p class=\"none\">No findings in the period.</p>\n"
        } else {
            h += "<table class=\"findings\">\n<thead><tr><th>Start</th><th>Severity</th><th>Rule</th><th>Key</th><th class=\"n\">Events</th></tr></thead>\n<tbody>\n"
            for f in w.findings.prefix(exceptionRows) {
                h += "<tr><td>\(e(f.start.rfc3339))</td><td>\(e(f.severity))</td><td><code>\(e(f.rule))</code></td><td>\(e(facts.shown.text(f.key)))</td><td class=\"n\">\(f.events.count)</td></tr>\n"
            }
            h += "</tbody>\n</table>\n"
            if w.findings.count > exceptionRows {
                h += "<p>… and \(w.findings.count - exceptionRows) more in <code>\(e(w.path))/findings.csv</code>.</p>\n"
            }
        }
        return h + "</section>\n"
    }

    static func statusText(_ s: String) -> String {
        switch s {
        case "ok": return " — the rules ran and found nothing"
        case "alarm": return " — a finding of severity medium or above"
        case "info": return " — only info or low findings, listed for review"
        case "manual": return " — checked by hand (see the coverage note)"
        case "n/a": return " — does not apply"
        default: return " — a rule could not be evaluated, or no rule covers an automated control"
        }
    }

    static func badge(_ s: String) -> String { "<span class=\"status s-\(cls(s))\">\(e(s))</span>" }
    static func cls(_ s: String) -> String { s == "n/a" ? "na" : s }
    static func day(_ t: Timestamp) -> String { String(t.rfc3339.prefix(10)) }
    /// The last day a period touches (its end is excluded).
    static func lastDay(_ t: Timestamp) -> String { day(Timestamp(micros: t.micros - 1)) }

    /// HTML text escaping.
    static func e(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static let css = """
        :root { color-scheme: light; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1f24; margin: 2rem auto; max-width: 72rem; padding: 0 1.5rem; }
        h1 { font-size: 1.6rem; margin: 0 0 1rem; }
        h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; }
        h3 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
        table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
        th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #e5e8eb; overflow-wrap: anywhere; }
        thead th { background: #f3f5f7; border-bottom: 1px solid #c9d1d9; }
        table.facts th { width: 11rem; color: #57606a; font-weight: 600; }
        td.n, th.n { text-align: right; white-space: nowrap; }
        code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
        .status { display: inline-block; padding: 0 .5rem; border-radius: .75rem; font-size: .85em; font-weight: 600; border: 1px solid transparent; }
        .s-ok { background: #dafbe1; color: #116329; border-color: #a5d6b0; }
        .s-alarm { background: #ffebe9; color: #a40e26; border-color: #f1aeb5; }
        .s-info { background: #ddf4ff; color: #0a3069; border-color: #a8d1f0; }
        .s-manual { background: #fff8c5; color: #6c4a00; border-color: #e6d27a; }
        .s-na { background: #f3f5f7; color: #57606a; border-color: #d0d7de; }
        .s-error { background: #ffd8b5; color: #762c00; border-color: #f0b07a; }
        .counts .status { margin-right: .35rem; }
        .meaning { font-size: 1.05em; }
        .none { color: #57606a; font-style: italic; }
        table.sample td, table.findings td { font-size: .9em; }
        footer { margin-top: 3rem; color: #57606a; font-size: .9em; border-top: 1px solid #d0d7de; }
        @media print {
          body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
          a { color: inherit; text-decoration: none; }
          section.control { break-before: page; }
          h2, h3 { break-after: avoid; }
          tr, .status { break-inside: avoid; }
          thead { display: table-header-group; }
          .status { border-color: #888; }
        }
        @page { size: A4; margin: 15mm; }
        """
}
