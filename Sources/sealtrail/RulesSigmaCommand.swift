import ArgumentParser
import Foundation
import Rules

extension RulesCommand {
    /// `rules import-sigma FILE… [--out FILE] [--controls C,…]`: Sigma CloudTrail rules into `match` rules.
    struct ImportSigma: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-sigma",
            abstract: "Convert Sigma rules for AWS CloudTrail into match rules (docs/rules.md, \"Importing Sigma rules\").",
            discussion: """
                Rules that cannot be translated exactly are skipped with the reason. Sigma rules name no controls: \
                every converted rule evidences the --controls given. Exit 1 when nothing was converted.
                """)

        @Argument(help: "Sigma rule files (.yml/.yaml), or directories to search for them.") var files: [String]
        @Option(help: "Write the converted rules to this file (default: standard output, with the summary on standard error).")
        var out: String?
        @Option(help: "Controls every converted rule evidences, comma-separated (framework@version:control).")
        var controls: String = SigmaImport.defaultControls.joined(separator: ",")

        func run() throws {
            try reportingErrors {
                let list = controls.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if let problem = SigmaImport.invalidControls(list) { throw CLIError("--controls: \(problem)") }
                var inputs: [(path: String, text: String)] = []
                for path in try Self.expand(files) {
                    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError("\(path): not readable as UTF-8 text") }
                    inputs.append((path, text))
                }
                let report = SigmaImport(controls: list).convert(files: inputs)
                let say: (String) -> Void = out == nil ? note : { print($0) }
                if !report.converted.isEmpty {
                    if let out {
                        try report.yaml.write(toFile: out, atomically: true, encoding: .utf8)
                    } else {
                        print(report.yaml, terminator: "")
                    }
                }
                report.summary.forEach(say)
                if report.converted.isEmpty { throw ExitCode(1) }
            }
        }

        /// Files as given; directories searched (recursively) for `.yml` and `.yaml` files, sorted.
        static func expand(_ paths: [String]) throws -> [String] {
            var out: [String] = []
            for p in paths {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { throw CLIError("\(p): no such file") }
                if !isDir.boolValue { out.append(p); continue }
                let found = (FileManager.default.enumerator(atPath: p)?.allObjects as? [String] ?? [])
                    .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
                out += found.map { p + "/" + $0 }
            }
            return out
        }
    }
}
