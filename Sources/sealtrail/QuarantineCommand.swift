import ArgumentParser
import Foundation
import SegmentStore
import TrailModel

struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "Inspect records that could not be parsed.",
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per quarantined record: source, file:line, offset, reason.")
        @OptionGroup var options: StoreOptions
        @Option(help: "Only this source.") var source: String?

        func run() throws {
            try reportingErrors {
                let store = try Store(path: try options.path())
                var n = 0
                for entry in try QuarantineIndex.entries(layout: store.layout, source: source) {
                    n += 1
                    print("\(entry.ref)\t\(entry.source)\t\(entry.file):\(entry.line)\toffset \(entry.offset)\t\(entry.length) bytes\t\(entry.reason)")
                }
                if n == 0 { print("quarantine is empty") }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write one quarantined record's exact bytes to standard output.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "Reference from 'quarantine list' (SOURCE/RUN#N).") var ref: String

        func run() throws {
            try reportingErrors {
                let store = try Store(path: try options.path())
                guard let entry = try QuarantineIndex.entries(layout: store.layout, source: nil).first(where: { $0.ref == ref }) else {
                    throw CLIError("no quarantined record '\(ref)'")
                }
                FileHandle.standardOutput.write(Data(try QuarantineIndex.bytes(layout: store.layout, entry)))
            }
        }
    }
}
