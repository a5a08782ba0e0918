// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Sealtrail",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sealtrail", targets: ["sealtrail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The event, ids, time, canonical JSON, errors. No I/O.
        .target(name: "TrailModel"),
        // Leaf/node hashing, Merkle roots, proofs, signatures, checkpoints. Pure.
        .target(name: "Sealing", dependencies: [
            "TrailModel",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The one seam to zlib.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // libdeflate: the fast whole-buffer deflate that compresses sealed segments (see ParallelGzip.swift).
        .systemLibrary(name: "CLibdeflate", path: "Sources/CLibdeflate", providers: [.apt(["libdeflate-dev"])]),
        .target(name: "Gzip", dependencies: ["CZlib", "CLibdeflate"]),
        // The one seam to libarchive (tar/zip for archive bundles and evidence packs).
        .systemLibrary(name: "CArchive", path: "Sources/CArchive", providers: [.apt(["libarchive-dev"])]),
        .target(name: "Archive", dependencies: ["CArchive"]),
        // WAL, sealing, the on-disk store, verification of stored bytes.
        .target(name: "SegmentStore", dependencies: [
            "TrailModel", "Sealing", "Gzip", "Archive",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The SQLite seam (GRDB over the system libsqlite3): schema migrations, catch-up from the
        // segments and WALs, the read-only query runner.
        .target(name: "TrailIndex", dependencies: [
            "TrailModel", "Sealing", "SegmentStore", "Gzip",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Rule loading, one rule kind per file, evaluation, the crosswalk and coverage.
        .target(name: "Rules", dependencies: [
            "TrailModel", "Sealing", "TrailIndex",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Retention: policies, legal holds, sweeps (archive, hot-index pruning, tombstones).
        .target(name: "Retention", dependencies: [
            "TrailModel", "Sealing", "SegmentStore", "TrailIndex", "Rules", "Archive",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // GDPR crypto-shredding: personal fields encrypted under per-subject keys, blind index, erasure.
        .target(name: "Privacy", dependencies: [
            "TrailModel", "Sealing", "SegmentStore",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Evidence packs: builder, report, verifier.
        .target(name: "Evidence", dependencies: [
            "TrailModel", "Sealing", "SegmentStore", "TrailIndex", "Rules", "Archive",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The HTTP API (`sealtrail serve`): routes, tokens and roles, error mapping. The work is done by
        // the modules above.
        .target(name: "Server", dependencies: [
            "TrailModel", "Sealing", "SegmentStore", "Collectors", "TrailIndex", "Rules", "Evidence", "Gzip", "Retention",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Parsers: one per format.
        .target(name: "Collectors", dependencies: [
            "TrailModel", "Gzip",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The CLI: argument parsing and printing only.
        .executableTarget(name: "sealtrail", dependencies: [
            "TrailModel", "Sealing", "SegmentStore", "Collectors", "Gzip", "TrailIndex", "Rules", "Retention", "Privacy", "Archive", "Evidence", "Server",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "TrailModelTests", dependencies: ["TrailModel"]),
        // Helpers shared by test targets (running tools, temp dirs).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SealingTests", dependencies: ["Sealing", "TrailModel", "TestSupport"], resources: [.copy("vectors")]),
        .testTarget(name: "GzipTests", dependencies: ["Gzip", "TestSupport"]),
        .testTarget(name: "SegmentStoreTests", dependencies: ["SegmentStore", "Sealing", "TrailModel", "Gzip", "Collectors"]),
        .testTarget(name: "CollectorsTests", dependencies: ["Collectors", "TrailModel", "Gzip"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["SegmentStore", "TrailModel"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "TrailIndex", "SegmentStore", "Sealing", "Collectors", "TrailModel"]),
        .testTarget(name: "RetentionTests", dependencies: ["Retention", "TrailIndex", "Collectors", "SegmentStore", "Sealing", "Archive", "TrailModel", "TestSupport"]),
        .testTarget(name: "PrivacyTests", dependencies: ["Privacy", "SegmentStore", "Sealing", "TrailModel", "TestSupport"]),
        .testTarget(name: "EvidenceTests", dependencies: ["Evidence", "Rules", "TrailIndex", "SegmentStore", "Sealing", "Archive", "TrailModel", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ServerTests", dependencies: [
            "Server", "Evidence", "SegmentStore", "TrailIndex", "TrailModel", "Sealing", "TestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .testTarget(name: "TrailIndexTests", dependencies: ["TrailIndex", "SegmentStore", "Sealing", "Collectors", "TrailModel", "TestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)

// Release builds skip the runtime exclusivity checks on the hot paths (debug builds and tests keep them).
for target in package.targets where target.type == .regular || target.type == .executable {
    target.swiftSettings = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
}
_ = (
)