import Foundation
@testable import Collectors
import Testing
import TrailModel

/// The CloudTrail parser: every mapped field for realistic records in each delivery shape, raw bytes
/// sliced exactly from `{"Records":[…]}` files, digest files recognised, and failures that name the
/// record and the field.
@Suite struct CloudTrailTests {
    static let received = Timestamp.utc(year: 2026, month: 9, day: 1, hour: 12)
    static let context = ParseContext(source: "cloudtrail-prod", received: received)

    static func events(_ document: String, context: ParseContext = context) throws -> [TrailEvent] {
        try Array(document.utf8).withUnsafeBytes { try CloudTrailParser().events(in: $0, context: context) }
    }

    static func failure(_ document: String) -> ParseFailure? {
        do { _ = try events(document); return nil } catch { return error as? ParseFailure }
    }

    /// One record and every field it must map to.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var document: String
        var id: String
        var time: String
        var actor: String?
        var action: String
        var resource: String?
        var outcome: Outcome
        var origin: String?
        var session: String?
        /// Attribute members that must be there (by key), and ones that must not.
        var kept: [String]
        var dropped: [String] = []
        /// When the record is wrapped (EventBridge), the raw is still the whole document.
        var testDescription: String { name }
    }

    static let consoleLoginSuccess = #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/JohnDoe","accountId":"111122223333","userName":"JohnDoe"},"eventTime":"2021-08-13T16:21:07Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.0","userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/92.0.4515.131 Safari/537.36","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true","MobileVersion":"No","MFAUsed":"No"},"eventID":"e1bf1000-1111-2222-3333-444455556666","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"signin.aws.amazon.com"}}"#

    static let consoleLoginFailure = #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","accountId":"111122223333","accessKeyId":"","userName":"JaneDoe"},"eventTime":"2021-08-13T16:25:41Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.23","userAgent":"Mozilla/5.0","errorMessage":"Failed authentication","requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"No"},"eventID":"11112222-3333-4444-5555-666677778888","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}"#

    static let assumeRole = #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAQRSTUVWXYZEXAMPLE","arn":"arn:aws:iam::111122223333:user/deploy-bot","accountId":"111122223333","accessKeyId":"AKIAIOSFODNN7EXAMPLE","userName":"deploy-bot"},"eventTime":"2023-03-02T09:14:55Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.45","userAgent":"aws-cli/2.11.0","requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/ProdDeploy","roleSessionName":"deploy-4711","durationSeconds":3600},"responseElements":{"credentials":{"accessKeyId":"ASIAIOSFODNN7EXAMPLE","sessionToken":"EXAMPLEtoken","expiration":"Mar 2, 2023, 10:14:55 AM"},"assumedRoleUser":{"assumedRoleId":"AROAEXAMPLEID:deploy-4711","arn":"arn:aws:sts::111122223333:assumed-role/ProdDeploy/deploy-4711"}},"requestID":"4a8b1c2d-0000-4000-8000-0123456789ab","eventID":"5d6e7f80-1111-4222-8333-444455556666","readOnly":true,"resources":[{"accountId":"111122223333","type":"AWS::IAM::Role","ARN":"arn:aws:iam::111122223333:role/ProdDeploy"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}"#

    static let createAccessKey = #"{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEID:alice","arn":"arn:aws:sts::111122223333:assumed-role/Admin/alice","accountId":"111122223333","accessKeyId":"ASIAEXAMPLEKEY000001","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEID","arn":"arn:aws:iam::111122223333:role/Admin","accountId":"111122223333","userName":"Admin"},"attributes":{"creationDate":"2023-03-02T08:00:00Z","mfaAuthenticated":"true"}}},"eventTime":"2023-03-02T09:20:01Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"console.amazonaws.com","requestParameters":{"userName":"bob"},"responseElements":{"accessKey":{"accessKeyId":"AKIAI44QH8DHBEXAMPLE","status":"Active","userName":"bob","createDate":"Mar 2, 2023 9:20:01 AM"}},"requestID":"aaaabbbb-cccc-4ddd-8eee-ffff00001111","eventID":"99990000-aaaa-4bbb-8ccc-ddddeeeeffff","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","sessionCredentialFromConsole":"true"}"#

    static let stopLogging = #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEMALLORY","arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEMALLORY01","userName":"mallory"},"eventTime":"2023-03-03T02:11:09Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","awsRegion":"us-east-2","sourceIPAddress":"198.51.100.99","userAgent":"aws-cli/2.11.0","requestParameters":{"name":"arn:aws:cloudtrail:us-east-2:111122223333:trail/org-trail"},"responseElements":null,"requestID":"12345678-90ab-4cde-8f01-23456789abcd","eventID":"abcdef01-2345-4678-9abc-def012345678","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}"#

    /// No `requestID`: the session falls back to the access key.
    static let deleteTrail = #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEMALLORY","arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEMALLORY01","userName":"mallory"},"eventTime":"2023-03-03T02:12:40.123Z","eventSource":"cloudtrail.amazonaws.com","eventName":"DeleteTrail","awsRegion":"us-east-2","sourceIPAddress":"198.51.100.99","userAgent":"aws-cli/2.11.0","requestParameters":{"name":"org-trail"},"responseElements":null,"eventID":"bcdef012-3456-4789-abcd-ef0123456789","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}"#

    static let putBucketPolicy = #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLECAROL","arn":"arn:aws:iam::111122223333:user/carol","accountId":"111122223333","accessKeyId":"AKIAEXAMPLECAROL0001","userName":"carol"},"eventTime":"2023-03-04T11:00:00Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.10","userAgent":"[aws-cli/2.11.0]","requestParameters":{"bucketName":"cardholder-exports","Host":"cardholder-exports.s3.us-east-1.amazonaws.com","policy":"","bucketPolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::cardholder-exports/*"}]}},"responseElements":null,"additionalEventData":{"SignatureVersion":"SigV4","AuthenticationMethod":"AuthHeader","x-amz-id-2":"EXAMPLEid2=","bytesTransferredIn":0,"bytesTransferredOut":0},"requestID":"7F1A9C3B2D4E5F60","eventID":"cdef0123-4567-489a-bcde-f0123456789a","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}"#

    static let getObject = #"{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEETL:etl-run-88","arn":"arn:aws:sts::111122223333:assumed-role/EtlRole/etl-run-88","accountId":"111122223333","accessKeyId":"ASIAEXAMPLEETL000001","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEETL","arn":"arn:aws:iam::111122223333:role/EtlRole","accountId":"111122223333","userName":"EtlRole"},"attributes":{"creationDate":"2023-03-05T00:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"2023-03-05T00:05:12Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"10.0.12.34","userAgent":"[aws-sdk-java/1.12.400]","requestParameters":{"bucketName":"cardholder-exports","Host":"cardholder-exports.s3.us-east-1.amazonaws.com","key":"2023/03/batch-17.csv"},"responseElements":null,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"EXAMPLEid2=","bytesTransferredOut":52113},"requestID":"A1B2C3D4E5F60718","eventID":"def01234-5678-49ab-8cde-f0123456789b","readOnly":true,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::cardholder-exports/2023/03/batch-17.csv"},{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::cardholder-exports"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data"}"#

    /// The error message holds `"]},{` and a backslash, which a naive span scan would split on.
    static let accessDenied = #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEDAVE","arn":"arn:aws:iam::111122223333:user/dave","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEDAVE00001","userName":"dave"},"eventTime":"2023-03-06T14:30:00Z","eventSource":"iam.amazonaws.com","eventName":"DeleteRole","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.200","userAgent":"aws-cli/2.11.0 \"quoted\" ]},{ C:\\tools","errorCode":"AccessDenied","errorMessage":"User: arn:aws:iam::111122223333:user/dave is not authorized to perform: iam:DeleteRole on resource: role AuditRole","requestParameters":{"roleName":"AuditRole"},"responseElements":null,"requestID":"0f0e0d0c-0b0a-4908-8706-050403020100","eventID":"ef012345-6789-4abc-9def-0123456789ab","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}"#

    static let eventBridge = #"{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"AWS API Call via CloudTrail","source":"aws.ec2","account":"111122223333","time":"2023-03-07T08:00:02Z","region":"eu-central-1","resources":[],"detail":{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEOPS:oncall","arn":"arn:aws:sts::111122223333:assumed-role/Ops/oncall","accountId":"111122223333","accessKeyId":"ASIAEXAMPLEOPS000001"},"eventTime":"2023-03-07T08:00:01Z","eventSource":"ec2.amazonaws.com","eventName":"StopInstances","awsRegion":"eu-central-1","sourceIPAddress":"192.0.2.77","userAgent":"aws-cli/2.11.0","requestParameters":{"instancesSet":{"items":[{"instanceId":"i-0abcd1234efgh5678"}]},"force":false},"responseElements":{"requestId":"c0ffee00-1234-4567-89ab-cdef01234567","instancesSet":{"items":[{"instanceId":"i-0abcd1234efgh5678","currentState":{"code":64,"name":"stopping"},"previousState":{"code":16,"name":"running"}}]}},"requestID":"c0ffee00-1234-4567-89ab-cdef01234567","eventID":"f0123456-789a-4bcd-8ef0-123456789abc","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}}"#

    /// A CloudWatch Logs / OpenSearch export line: `@timestamp` added, an AWS service as the actor.
    static let atTimestamp = #"{"@timestamp":"2023-03-08T12:00:05.000Z","eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":"cloudtrail.amazonaws.com"},"eventTime":"2023-03-08T12:00:04Z","eventSource":"kms.amazonaws.com","eventName":"GenerateDataKey","awsRegion":"us-east-1","sourceIPAddress":"cloudtrail.amazonaws.com","userAgent":"cloudtrail.amazonaws.com","requestParameters":{"keyId":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","encryptionContext":{"aws:cloudtrail:arn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail"},"keySpec":"AES_256"},"responseElements":null,"requestID":"ff00ff00-1111-4222-8333-444455556666","eventID":"01234567-89ab-4cde-8f01-23456789abcd","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","sharedEventID":"aaaa1111-2222-4333-8444-555566667777","eventCategory":"Management"}"#

    static let digest = #"{"awsAccountId":"111122223333","digestStartTime":"2023-03-08T11:00:00Z","digestEndTime":"2023-03-08T12:00:00Z","digestS3Bucket":"org-trail-logs","digestS3Object":"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/03/08/111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20230308T120000Z.json.gz","digestPublicKeyFingerprint":"7d0e2b4f8a1c3e5d6f7a8b9c0d1e2f3a","digestSignatureAlgorithm":"SHA256withRSA","newestEventTime":"2023-03-08T11:59:58Z","oldestEventTime":"2023-03-08T11:00:03Z","previousDigestS3Bucket":"org-trail-logs","previousDigestS3Object":"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/03/08/111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20230308T110000Z.json.gz","previousDigestHashValue":"31e8b5433410dfb61a9dc45cc65b22ff","previousDigestHashAlgorithm":"SHA-256","previousDigestSignature":"2bbab7d7b7d1c8e9f3a1","logFiles":[{"s3Bucket":"org-trail-logs","s3Object":"AWSLogs/111122223333/CloudTrail/us-east-1/2023/03/08/111122223333_CloudTrail_us-east-1_20230308T1155Z_abc.json.gz","hashValue":"9bb6196fc6b84d00ad5f1b3b4a2c5e7f","hashAlgorithm":"SHA-256","newestEventTime":"2023-03-08T11:59:58Z","oldestEventTime":"2023-03-08T11:50:01Z"}]}"#

    static let cases: [Case] = [
        Case(name: "ConsoleLogin success", document: consoleLoginSuccess, id: "e1bf1000-1111-2222-3333-444455556666",
             time: "2021-08-13T16:21:07.000000Z", actor: "arn:aws:iam::111122223333:user/JohnDoe",
             action: "signin.amazonaws.com:ConsoleLogin", resource: nil, outcome: .success, origin: "192.0.2.0", session: nil,
             kept: ["userIdentity", "responseElements", "additionalEventData", "requestParameters", "tlsDetails", "awsRegion"]),
        Case(name: "ConsoleLogin failure: no arn, empty access key", document: consoleLoginFailure,
             id: "11112222-3333-4444-5555-666677778888", time: "2021-08-13T16:25:41.000000Z", actor: "AIDACKCEVSQ6C2EXAMPLE",
             action: "signin.amazonaws.com:ConsoleLogin", resource: nil, outcome: .failure, origin: "198.51.100.23", session: nil,
             kept: ["errorMessage", "responseElements", "userIdentity"]),
        Case(name: "AssumeRole with resources[]", document: assumeRole, id: "5d6e7f80-1111-4222-8333-444455556666",
             time: "2023-03-02T09:14:55.000000Z", actor: "arn:aws:iam::111122223333:user/deploy-bot",
             action: "sts.amazonaws.com:AssumeRole", resource: "arn:aws:iam::111122223333:role/ProdDeploy", outcome: .success,
             origin: "203.0.113.45", session: "4a8b1c2d-0000-4000-8000-0123456789ab",
             kept: ["resources", "requestParameters", "responseElements", "readOnly"], dropped: ["requestID", "sourceIPAddress"]),
        Case(name: "CreateAccessKey for another user", document: createAccessKey, id: "99990000-aaaa-4bbb-8ccc-ddddeeeeffff",
             time: "2023-03-02T09:20:01.000000Z", actor: "arn:aws:sts::111122223333:assumed-role/Admin/alice",
             action: "iam.amazonaws.com:CreateAccessKey", resource: "bob", outcome: .success, origin: "203.0.113.7",
             session: "aaaabbbb-cccc-4ddd-8eee-ffff00001111", kept: ["responseElements", "sessionCredentialFromConsole"]),
        Case(name: "StopLogging names the trail", document: stopLogging, id: "abcdef01-2345-4678-9abc-def012345678",
             time: "2023-03-03T02:11:09.000000Z", actor: "arn:aws:iam::111122223333:user/mallory",
             action: "cloudtrail.amazonaws.com:StopLogging", resource: "arn:aws:cloudtrail:us-east-2:111122223333:trail/org-trail",
             outcome: .success, origin: "198.51.100.99", session: "12345678-90ab-4cde-8f01-23456789abcd", kept: ["requestParameters"]),
        Case(name: "DeleteTrail without requestID: session is the access key", document: deleteTrail,
             id: "bcdef012-3456-4789-abcd-ef0123456789", time: "2023-03-03T02:12:40.123000Z",
             actor: "arn:aws:iam::111122223333:user/mallory", action: "cloudtrail.amazonaws.com:DeleteTrail", resource: "org-trail",
             outcome: .success, origin: "198.51.100.99", session: "AKIAEXAMPLEMALLORY01", kept: ["userIdentity"]),
        Case(name: "PutBucketPolicy: bucketName is the resource", document: putBucketPolicy, id: "cdef0123-4567-489a-bcde-f0123456789a",
             time: "2023-03-04T11:00:00.000000Z", actor: "arn:aws:iam::111122223333:user/carol",
             action: "s3.amazonaws.com:PutBucketPolicy", resource: "cardholder-exports", outcome: .success, origin: "192.0.2.10",
             session: "7F1A9C3B2D4E5F60", kept: ["requestParameters", "additionalEventData"]),
        Case(name: "S3 GetObject data event: resources[0] wins", document: getObject, id: "def01234-5678-49ab-8cde-f0123456789b",
             time: "2023-03-05T00:05:12.000000Z", actor: "arn:aws:sts::111122223333:assumed-role/EtlRole/etl-run-88",
             action: "s3.amazonaws.com:GetObject", resource: "arn:aws:s3:::cardholder-exports/2023/03/batch-17.csv",
             outcome: .success, origin: "10.0.12.34", session: "A1B2C3D4E5F60718", kept: ["resources", "eventCategory"]),
        Case(name: "errorCode AccessDenied is a failure", document: accessDenied, id: "ef012345-6789-4abc-9def-0123456789ab",
             time: "2023-03-06T14:30:00.000000Z", actor: "arn:aws:iam::111122223333:user/dave",
             action: "iam.amazonaws.com:DeleteRole", resource: "AuditRole", outcome: .failure, origin: "203.0.113.200",
             session: "0f0e0d0c-0b0a-4908-8706-050403020100", kept: ["errorCode", "errorMessage", "userAgent"]),
        Case(name: "EventBridge envelope", document: eventBridge, id: "f0123456-789a-4bcd-8ef0-123456789abc",
             time: "2023-03-07T08:00:01.000000Z", actor: "arn:aws:sts::111122223333:assumed-role/Ops/oncall",
             action: "ec2.amazonaws.com:StopInstances", resource: "i-0abcd1234efgh5678", outcome: .success, origin: "192.0.2.77",
             session: "c0ffee00-1234-4567-89ab-cdef01234567", kept: ["eventBridge", "requestParameters"], dropped: ["detail", "detail-type"]),
        Case(name: "line with @timestamp, AWS service actor", document: atTimestamp, id: "01234567-89ab-4cde-8f01-23456789abcd",
             time: "2023-03-08T12:00:04.000000Z", actor: "cloudtrail.amazonaws.com", action: "kms.amazonaws.com:GenerateDataKey",
             resource: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", outcome: .success,
             origin: "cloudtrail.amazonaws.com", session: "ff00ff00-1111-4222-8333-444455556666",
             kept: ["@timestamp", "sharedEventID", "requestParameters"]),
    ]

    static func check(_ e: TrailEvent, _ c: Case, raw: String) throws {
        #expect(e.id == c.id)
        #expect(e.time.rfc3339 == c.time)
        #expect(e.clock == nil)
        #expect(e.received == received)
        #expect(e.source == "cloudtrail-prod")
        #expect(e.format == "cloudtrail")
        #expect(e.actor == c.actor)
        #expect(e.action == c.action)
        #expect(e.resource == c.resource)
        #expect(e.outcome == c.outcome)
        #expect(e.origin == c.origin)
        #expect(e.session == c.session)
        #expect(e.raw == raw)
        #expect(!e.rawIsBase64)
        let keys = Set(e.attributes.map(\.0))
        for k in c.kept { #expect(keys.contains(k), "attribute \(k) kept") }
        for k in c.dropped + ["eventID", "eventTime", "eventSource", "eventName"] { #expect(!keys.contains(k), "attribute \(k) consumed") }
        // The stored line reads back to the same event.
        #expect(try TrailEvent.decode(line: e.canonicalLine()) == e)
    }

    @Test(arguments: cases)
    func oneRecordPerLine(_ c: Case) throws {
        let all = try Self.events(c.document)
        #expect(all.count == 1)
        try Self.check(try #require(all.first), c, raw: c.document)
        // The single-record entry point gives the same event.
        let one = try Array(c.document.utf8).withUnsafeBytes { try CloudTrailParser().parse($0, context: Self.context) }
        #expect(one == all[0])
    }

    @Test func eventBridgeKeepsTheEnvelope() throws {
        let e = try #require(try Self.events(Self.eventBridge).first)
        let envelope = try #require(e.attributes.first { $0.0 == "eventBridge" }?.1)
        #expect(envelope["id"] == .string("6a7e8feb-b491-4cf7-a9f1-bf3703467718"))
        #expect(envelope["detail-type"] == .string("AWS API Call via CloudTrail"))
        #expect(envelope["detail"] == nil)
    }

    /// An S3-delivered file, pretty-printed around the records: each event's raw is its record's bytes.
    @Test func recordsFileSlicesEachRecordExactly() throws {
        let plain = Self.cases.filter { $0.document != Self.eventBridge }
        let document = "{\"Records\": [\n    " + plain.map(\.document).joined(separator: ",\n    ") + "\n  ]\r\n}\n"
        let all = try Self.events(document)
        #expect(all.count == plain.count)
        for (e, c) in zip(all, plain) { try Self.check(e, c, raw: c.document) }
        // Records in another member order, with the array not first, and an empty file.
        let reordered = #"{ "extra": {"Records": 1}, "Records" : [ "# + Self.assumeRole + " , " + Self.deleteTrail + " ] }"
        #expect(try Self.events(reordered).map(\.raw) == [Self.assumeRole, Self.deleteTrail])
        #expect(try Self.events(#"{"Records":[]}"#).isEmpty)
        // A file of several records is not one record.
        #expect(throws: ParseFailure.self) {
            try Array(document.utf8).withUnsafeBytes { try CloudTrailParser().parse($0, context: Self.context) }
        }
    }

    @Test func digestFilesAreRecognisedAndRefused() throws {
        let parser = CloudTrailParser()
        #expect(Array(Self.digest.utf8).withUnsafeBytes { parser.isDigest($0) })
        #expect(!Array(Self.assumeRole.utf8).withUnsafeBytes { parser.isDigest($0) })
        #expect(!Array(("{\"Records\":[" + Self.assumeRole + "]}").utf8).withUnsafeBytes { parser.isDigest($0) })
        #expect(!Array("not json {".utf8).withUnsafeBytes { parser.isDigest($0) })
        #expect(Self.failure(Self.digest) == ParseFailure("CloudTrail digest file, not events"))
    }

    @Test func zonelessTimeTakesTheCollectorZone() throws {
        let line = Self.stopLogging.replacingOccurrences(of: "2023-03-03T02:11:09Z", with: "2023-03-03T03:11:09")
        let ctx = ParseContext(source: "cloudtrail-prod", received: Self.received, timeZone: TimeZone(identifier: "Europe/Berlin"))
        let e = try #require(try Self.events(line, context: ctx).first)
        #expect(e.time.rfc3339 == "2023-03-03T02:11:09.000000Z")
        #expect(e.clock == "assumed:Europe/Berlin")
    }

    /// Bad input and the reason it gets: the record index and the field, never the value.
    static let bad: [(String, String)] = [
        ("not json {", "not valid JSON"),
        ("[1,2]", "not a JSON object"),
        (#"{"Records":{}}"#, "field Records: not an array"),
        (#"{"Records":["# + assumeRole + ",42]}", "record 1: not a JSON object"),
        (#"{"Records":["# + assumeRole + "," + deleteTrail.replacingOccurrences(of: #""eventTime":"2023-03-03T02:12:40.123Z","#, with: "") + "]}",
         "record 1: field eventTime: missing"),
        (stopLogging.replacingOccurrences(of: "2023-03-03T02:11:09Z", with: "yesterday"), "record 0: field eventTime: not an RFC 3339 time"),
        (stopLogging.replacingOccurrences(of: #""eventName":"StopLogging""#, with: #""eventName":7"#), "record 0: field eventName: not a non-empty string"),
        (stopLogging.replacingOccurrences(of: #""eventID":"abcdef01-2345-4678-9abc-def012345678","#, with: ""), "record 0: field eventID: missing"),
        (#"{"version":"0","detail-type":"AWS API Call via CloudTrail","detail":"x"}"#, "record 0: field detail: not an object"),
        (#"{"Records":[{"eventID":"a","eventID":"b"}]}"#, "not valid JSON"),
    ]

    @Test(arguments: bad.indices)
    func badInputNamesRecordAndField(_ k: Int) throws {
        let (document, reason) = Self.bad[k]
        let f = try #require(Self.failure(document))
        #expect(f.reason.hasPrefix(reason), "\(f.reason)")
        #expect(!f.reason.contains("yesterday"))
    }
}
