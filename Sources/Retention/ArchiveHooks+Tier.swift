import Foundation
import Sealing
import SegmentStore
import TrailModel

extension ArchiveHooks {
    /// The store's archive tier (`ArchiveTier`) in the directory `config` names.
    public static func tier(store: Store, config: RetentionConfig) -> ArchiveHooks {
        let directory = config.archiveDirectory(layout: store.layout)
        func signing() throws -> SigningKey {
            guard let ring = try KeyRing.load(layout: store.layout) else { throw StoreError.notAStore(path: store.layout.root, reason: "no signing key") }
            return ring.signing
        }
        return ArchiveHooks(
            directory: directory,
            insideStore: StoreLayout(root: directory).root == store.layout.archive,
            index: {
                let keys = try KeyRing.publicKeys(layout: store.layout)
                return try ArchiveTier.index(directory: directory, keys: keys).mapValues { $0.0.tar }
            },
            add: { seals, sweep in
                try ArchiveTier.add(store: store, directory: directory, signing: try signing(), seals: seals, sweep: sweep, now: .now)
            },
            remove: { segments, sweep in
                try ArchiveTier.remove(store: store, directory: directory, signing: try signing(), segments: segments, sweep: sweep, now: .now)
            })
    }
}
