import Foundation
import Sealing

enum VerifyingKeyLoader {
    /// Reads a PEM public key, or a raw 32-byte `.pub` file.
    static func load(_ path: String) throws -> VerifyingKey {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if data.count == 32 { return try VerifyingKey(raw: Array(data)) }
        return try VerifyingKey(pem: String(decoding: data, as: UTF8.self))
    }
}
