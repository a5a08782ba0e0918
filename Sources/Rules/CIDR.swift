import Foundation

/// An IPv4 or IPv6 address as 16 bytes (IPv4 mapped into ::ffff:0:0/96).
public struct IPAddress: Sendable, Equatable {
    var bytes: [UInt8]

    public init?(_ text: String) {
        var t = text
        if t.hasPrefix("[") { t = String(t.dropFirst().prefix { $0 != "]" }) }
        var v4 = in_addr()
        if inet_pton(AF_INET, t, &v4) == 1 {
            bytes = [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF] + withUnsafeBytes(of: v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, t, &v6) == 1 else { return nil }
        bytes = withUnsafeBytes(of: v6) { Array($0) }
    }
}

/// A network block: `10.0.0.0/8`, `2001:db8::/32`, or a single address.
public struct CIDR: Sendable {
    let network: IPAddress
    let prefix: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let ip = IPAddress(parts[0]) else { return nil }
        let isV4 = parts[0].contains(".")
        let width = isV4 ? 32 : 128
        let bits = parts.count == 2 ? Int(parts[1]) : width
        guard let bits, bits >= 0, bits <= width else { return nil }
        network = ip
        prefix = bits + (isV4 ? 96 : 0)
    }

    public func contains(_ ip: IPAddress) -> Bool {
        var left = prefix
        for k in 0..<16 where left > 0 {
            let take = min(8, left)
            let mask: UInt8 = take == 8 ? 0xFF : ~(0xFF >> UInt8(take))
            if network.bytes[k] & mask != ip.bytes[k] & mask { return false }
            left -= take
        }
        return true
    }
}
