import Foundation
import Sealing
import TrailModel

/// Typed, strict access to the fields of a signed store record (seal, tombstone, bundle manifest):
/// every error is a `StoreError.badSeal` naming the file and, after `prefix`, the field and what is
/// wrong with it.
struct StrictFields {
    let object: JSONValue
    let path: String
    /// Put before each reason (e.g. "tombstone " or "bundle manifest: ").
    let prefix: String

    /// Parses `bytes` as one JSON value.
    init(bytes: [UInt8], path: String, prefix: String) throws {
        self.path = path
        self.prefix = prefix
        do { object = try JSONParser.parse(bytes) } catch {
            throw StoreError.badSeal(path: path, reason: "\(prefix)not JSON: \(error.description)")
        }
    }

    private init(object: JSONValue, path: String, prefix: String) { self.object = object; self.path = path; self.prefix = prefix }

    /// The same reader over a nested object (e.g. one entry of a list).
    func nested(_ value: JSONValue) -> StrictFields { StrictFields(object: value, path: path, prefix: prefix) }

    func fail(_ reason: String) -> StoreError { .badSeal(path: path, reason: prefix + reason) }

    func string(_ k: String) throws -> String {
        guard case let .string(s)? = object[k] else { throw fail("field \(k) missing or not a string") }
        return s
    }

    /// Nil when absent; an error when present but not a string.
    func optionalString(_ k: String) throws -> String? { object[k] == nil ? nil : try string(k) }

    func count(_ k: String) throws -> Int64 {
        guard case let .number(n)? = object[k], let i = Int64(n), i >= 0 else { throw fail("field \(k) missing or not a count") }
        return i
    }

    func hash(_ k: String) throws -> Hash32 {
        guard let h = Hash32(hex: try string(k)) else { throw fail("field \(k) is not a SHA-256 hex digest") }
        return h
    }

    func signature() throws -> [UInt8] {
        guard let sig = Data(base64Encoded: try string("signature")) else { throw fail("signature is not base64") }
        return Array(sig)
    }

    /// The canonical-form check every signed record ends with.
    func requireCanonical(_ encoded: [UInt8], _ bytes: [UInt8]) throws {
        guard encoded == bytes else { throw fail("not in canonical form (extra fields, spacing or key order changed)") }
    }
}
