import Foundation
import Sealing
import SegmentStore

/// Reads, verifies and decodes sealed segments on a second thread while the caller's thread
/// inserts: the two halves of indexing cost about the same, so on two cores this nearly halves a
/// rebuild. The queue between them holds a few batches, so memory stays bounded.
final class DecodePipeline: @unchecked Sendable {
    /// What the decoding thread hands over, in order.
    enum Item {
        /// Decoded records of segment `seal` (index into the list of seals given to `start`).
        case records(seal: Int, rows: EventBatch)
        /// Segment `seal` was read to its end and matched its seal.
        case verified(seal: Int)
        case failed(Error)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var finished = false
    private var cancelled = false
    private let capacity = 8
    private let batchSize = 2048

    /// Starts decoding `seals` (the store's seals from `first` on, with the trail's chain).
    /// Segments in `skip` are not read (only their seals are checked): their rows are not in the
    /// hot index (deleted by retention, archived or pruned).
    func start(layout: StoreLayout, seals: [Seal], previous: Hash32?, keys: [String: VerifyingKey], skip: Set<UInt64> = []) {
        let thread = Thread { [self] in
            var prev = previous
            for (k, seal) in seals.enumerated() {
                var batch = EventBatch(segment: seal.segment)
                do {
                    if skip.contains(seal.segment) {
                        try VerifiedRead.checkSeal(seal, keys: keys, previousSeal: prev)
                        guard put(.verified(seal: k)) else { return }
                        prev = seal.sealHash
                        continue
                    }
                    try VerifiedRead.eachRecord(layout: layout, seal: seal, keys: keys, previousSeal: prev) { i, line, leaf in
                        try batch.append(line: line, record: i, leaf: leaf)
                        if batch.count == batchSize {
                            guard put(.records(seal: k, rows: batch)) else { throw CancellationError() }
                            batch = EventBatch(segment: seal.segment)
                        }
                    }
                    if batch.count > 0 { guard put(.records(seal: k, rows: batch)) else { return } }
                    guard put(.verified(seal: k)) else { return }
                } catch is CancellationError {
                    return
                } catch {
                    _ = put(.failed(error))
                    return
                }
                prev = seal.sealHash
            }
            condition.lock(); finished = true; condition.broadcast(); condition.unlock()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    private func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, or nil when everything was decoded.
    func next() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// Stops the decoding thread (after an error on the inserting side).
    func cancel() {
        condition.lock(); cancelled = true; items.removeAll(); condition.broadcast(); condition.unlock()
    }
}
