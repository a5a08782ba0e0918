import Foundation
import Sealing
import TrailModel

/// The signed description of one archive bundle (one month of a trail, one version): which
/// segments the bundle's tar holds, their seals' and files' hashes, and the tar's own hash.
///
/// Written as canonical JSON (keys sorted, no whitespace, no trailing newline) beside the tar as
/// `<month>.v<version>.manifest.json`; that file, written last, is the commit point of the bundle.
/// The signature is Ed25519 over the canonical JSON without `signature`, like a seal's.
///
/// Inside the tar, `manifest.json` is the same document without the three `tar*` fields (a file
/// cannot hold its own hash), signed on its own, so a tar copied away alone still proves what it holds.
public struct BundleManifest: Sendable, Equatable {
    public static let format = "sealtrail-bundle/1"

    /// One archived segment.
    public struct Entry: Sendable, Equatable {
        public var segment: UInt64
        public var source: String
        /// The seal's `path`: where the segment lives in the store, and its name inside the tar.
        public var path: String
        /// SHA-256 of the seal file (the seal hash); the seal is in the tar as `seals/<segment>.seal.json`.
        public var sealSHA256: Hash32
        public var fileSHA256: Hash32
        public var fileBytes: Int64
        public var records: Int64
        public var firstTime: String
        public var lastTime: String

        public init(segment: UInt64, source: String, path: String, sealSHA256: Hash32, fileSHA256: Hash32, fileBytes: Int64,
                    records: Int64, firstTime: String, lastTime: String) {
            self.segment = segment; self.source = source; self.path = path; self.sealSHA256 = sealSHA256
            self.fileSHA256 = fileSHA256; self.fileBytes = fileBytes; self.records = records
            self.firstTime = firstTime; self.lastTime = lastTime
        }

        /// The entry describing `seal`'s segment.
        public init(seal: Seal) {
            self.init(segment: seal.segment, source: seal.source, path: seal.path, sealSHA256: seal.sealHash, fileSHA256: seal.fileSHA256,
                      fileBytes: seal.fileBytes, records: seal.records, firstTime: seal.firstTime, lastTime: seal.lastTime)
        }

        /// The seal file's name inside the tar.
        public var sealName: String { "seals/\(StoreLayout.segmentName(segment)).seal.json" }

        var json: JSONValue {
            .object([
                ("fileBytes", .number(String(fileBytes))), ("fileSHA256", .string(fileSHA256.hex)),
                ("firstTime", .string(firstTime)), ("lastTime", .string(lastTime)), ("path", .string(path)),
                ("records", .number(String(records))), ("sealSHA256", .string(sealSHA256.hex)),
                ("segment", .number(String(segment))), ("source", .string(source)),
            ])
        }
    }

    public var trail: String
    /// `YYYY-MM`: the UTC month of the first event of every segment in the bundle.
    public var month: String
    /// Grows by one each time the month's bundle is rewritten.
    public var version: Int
    /// The tar's file name (`<month>.v<version>.tar`), in the same directory.
    public var tar: String
    public var tarSHA256: Hash32
    public var tarBytes: Int64
    /// When this version was written (RFC 3339).
    public var created: String
    /// The id of the sweep (or other run) that wrote it.
    public var sweep: String
    /// In segment order.
    public var entries: [Entry]
    public var keyId: String
    public var signature: [UInt8]?

    /// `<month>.v<version>`: the stem of the bundle's file names.
    public static func stem(month: String, version: Int) -> String { "\(month).v\(version)" }
    public static func tarName(month: String, version: Int) -> String { stem(month: month, version: version) + ".tar" }
    public static func manifestName(month: String, version: Int) -> String { stem(month: month, version: version) + ".manifest.json" }

    /// This version's manifest file name.
    public var manifestName: String { Self.manifestName(month: month, version: version) }

    /// Segments, events and segment bytes in the bundle.
    public var records: Int64 { entries.reduce(0) { $0 + $1.records } }
    public var segmentBytes: Int64 { entries.reduce(0) { $0 + $1.fileBytes } }

    private func object(tarFields: Bool, signature: [UInt8]?) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("created", .string(created)), ("entries", .array(entries.map(\.json))), ("format", .string(Self.format)),
            ("keyId", .string(keyId)), ("month", .string(month)), ("sweep", .string(sweep)), ("trail", .string(trail)),
            ("version", .number(String(version))),
        ]
        if tarFields {
            m += [("tar", .string(tar)), ("tarBytes", .number(String(tarBytes))), ("tarSHA256", .string(tarSHA256.hex))]
        }
        if let signature { m.append(("signature", .string(Data(signature).base64EncodedString()))) }
        return .object(CanonicalJSON.sortedMembers(m))
    }

    /// The bytes the signature covers: canonical JSON of every field but `signature`.
    public var signingBytes: [UInt8] { CanonicalJSON.encode(object(tarFields: true, signature: nil)) }

    /// The manifest file's bytes.
    public var canonicalBytes: [UInt8] { CanonicalJSON.encode(object(tarFields: true, signature: signature ?? [])) }

    /// What `manifest.json` inside the tar covers (no `tar*` fields) without its signature.
    public var contentsSigningBytes: [UInt8] { CanonicalJSON.encode(object(tarFields: false, signature: nil)) }

    /// `manifest.json` inside the tar, signed with `key`.
    public func contentsBytes(signedWith key: SigningKey) throws -> [UInt8] {
        CanonicalJSON.encode(object(tarFields: false, signature: try key.sign(contentsSigningBytes)))
    }

    /// Signs the manifest.
    public mutating func sign(with key: SigningKey) throws {
        keyId = key.publicKey.keyId
        signature = try key.sign(signingBytes)
    }

    /// True when the signature verifies with the key named by `keyId`.
    public func isSigned(by keys: [String: VerifyingKey]) -> Bool {
        guard let key = keys[keyId], let signature else { return false }
        return key.isValid(signature: signature, for: signingBytes)
    }

    public init(trail: String, month: String, version: Int, created: String, sweep: String, entries: [Entry]) {
        self.trail = trail; self.month = month; self.version = version
        tar = Self.tarName(month: month, version: version)
        tarSHA256 = Hash32.sha256([UInt8]()); tarBytes = 0
        self.created = created; self.sweep = sweep; self.entries = entries
        keyId = ""; signature = nil
    }

    /// Parses a manifest file strictly (every field, canonical bytes). With `contents`, parses the
    /// `manifest.json` inside a tar (no `tar*` fields) and checks its own signature with `keys`.
    public static func decode(_ bytes: [UInt8], path: String, contents: Bool = false, keys: [String: VerifyingKey] = [:]) throws -> BundleManifest {
        let v = try StrictFields(bytes: bytes, path: path, prefix: "bundle manifest: ")
        func bad(_ r: String) -> StoreError { v.fail(r) }
        guard try v.string("format") == format else { throw bad("unknown format") }
        guard case let .array(items)? = v.object["entries"] else { throw bad("field entries missing or not an array") }
        var entries: [Entry] = []
        for value in items {
            let item = v.nested(value)
            entries.append(Entry(segment: UInt64(try item.count("segment")), source: try item.string("source"), path: try item.string("path"),
                                 sealSHA256: try item.hash("sealSHA256"), fileSHA256: try item.hash("fileSHA256"),
                                 fileBytes: try item.count("fileBytes"), records: try item.count("records"),
                                 firstTime: try item.string("firstTime"), lastTime: try item.string("lastTime")))
        }
        let sig = try v.signature()
        var m = BundleManifest(trail: try v.string("trail"), month: try v.string("month"), version: Int(try v.count("version")),
                               created: try v.string("created"), sweep: try v.string("sweep"), entries: entries)
        m.keyId = try v.string("keyId")
        m.signature = sig
        if contents {
            let encoded = CanonicalJSON.encode(m.object(tarFields: false, signature: m.signature))
            try v.requireCanonical(encoded, bytes)
            guard let key = keys[m.keyId], key.isValid(signature: sig, for: m.contentsSigningBytes) else {
                throw bad("signature does not verify" + (keys[m.keyId] == nil ? " (unknown key \(m.keyId))" : " with key \(m.keyId)"))
            }
            return m
        }
        m.tar = try v.string("tar"); m.tarSHA256 = try v.hash("tarSHA256"); m.tarBytes = try v.count("tarBytes")
        try v.requireCanonical(m.canonicalBytes, bytes)
        return m
    }
}
