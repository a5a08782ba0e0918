import TrailModel

// MARK: - Time-ordered emission

extension Simulator {
    struct Pending {
        var time: Int64
        var seq: UInt64
        var line: [UInt8]
    }

    /// A binary min-heap on (time, insertion order), so equal times keep generation order.
    struct EventHeap {
        var items: [Pending] = []

        @inline(__always) static func less(_ a: Pending, _ b: Pending) -> Bool {
            a.time != b.time ? a.time < b.time : a.seq < b.seq
        }

        var minTime: Int64? { items.first?.time }

        mutating func push(_ p: Pending) {
            items.append(p)
            var i = items.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard Self.less(items[i], items[parent]) else { break }
                items.swapAt(i, parent)
                i = parent
            }
        }

        mutating func popMin() -> [UInt8] {
            items.swapAt(0, items.count - 1)
            let top = items.removeLast()
            var i = 0
            let n = items.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && Self.less(items[l], items[m]) { m = l }
                if r < n && Self.less(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
            return top.line
        }
    }
}
