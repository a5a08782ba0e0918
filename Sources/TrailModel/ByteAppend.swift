extension Array where Element == UInt8 {
    /// Appends raw bytes with one `memcpy` (the generic `append(contentsOf:)` over a raw buffer goes
    /// byte by byte).
    @inlinable
    public mutating func appendBytes(_ bytes: UnsafeRawBufferPointer) {
        append(contentsOf: UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count))
    }
}
