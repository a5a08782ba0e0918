import ArgumentParser
import Foundation

/// The `sealtrail` command: argument parsing and printing; the work is done by the library modules.
@main
struct Sealtrail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sealtrail",
        abstract: "Compliance audit trail: collect, seal, prove and verify audit events.",
        version: "0.1.0",
        subcommands: [InitCommand.self, SimulateCommand.self, IngestCommand.self, SealCommand.self, VerifyCommand.self,
                      ProveCommand.self, VerifyProofCommand.self, QuarantineCommand.self, TailCommand.self, IndexCommand.self,
                      QueryCommand.self, ShowCommand.self, TimelineCommand.self, RulesCommand.self, RetentionCommand.self, SweepCommand.self, HoldCommand.self, ArchiveCommand.self, PrivacyCommand.self, EraseCommand.self, EvidenceCommand.self, ServeCommand.self, TokenCommand.self, BenchCommand.self])
}

/// `--store`, or `SEALTRAIL_STORE`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Store directory (default: $SEALTRAIL_STORE).")
    var store: String?

    func path() throws -> String {
        if let store { return store }
        if let env = ProcessInfo.processInfo.environment["SEALTRAIL_STORE"], !env.isEmpty { return env }
        throw CLIError("no store given: pass --store DIR or set SEALTRAIL_STORE")
    }
}

/// A one-line failure message.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Runs `body`, turning any error into one line on stderr and exit status `code`.
func reportingErrors<T>(code: Int32 = 1, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        FileHandle.standardError.write(Data("sealtrail: error: \(error)\n".utf8))
        throw ExitCode(code)
    }
}

/// Writes to standard error.
func note(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
