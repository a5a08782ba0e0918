import Foundation
@testable import Collectors
import Testing
import TrailModel

/// The JSON journal parsers: DynamoDB Streams (the public corpus files, every record and field) and
/// QLDB journal exports (INSERT, UPDATE, DELETE revisions), with failures that name the record or
/// block and the field.
@Suite struct JournalJSONTests {
    static let received = Timestamp.utc(year: 2026, month: 9, day: 1, hour: 12)
    static let context = ParseContext(source: "ledger-prod", received: received)

    static func dynamo(_ document: String) throws -> [TrailEvent] {
        try Array(document.utf8).withUnsafeBytes { try DynamoDBStreamsParser().events(in: $0, context: context) }
    }

    static func qldb(_ document: String) throws -> [TrailEvent] {
        try Array(document.utf8).withUnsafeBytes { try QLDBJournalParser().events(in: $0, context: context) }
    }

    static func failure(_ body: () throws -> [TrailEvent]) -> ParseFailure? {
        do { _ = try body(); return nil } catch { return error as? ParseFailure }
    }

    // MARK: - DynamoDB Streams

    // From aws/aws-lambda-go, events/testdata/dynamodb-event.json at 815d21f (Apache-2.0), via
    // shared/corpus/journal/dynamodb-streams-event.json; copied verbatim.
    static let streamsEvent = #"""
{
  "Records": [
    {
      "eventID": "f07f8ca4b0b26cb9c4e5e77e69f274ee",
      "eventName": "INSERT",
      "eventVersion": "1.1",
      "eventSource": "aws:dynamodb",
      "awsRegion": "us-east-1",
      "userIdentity":{
        "type":"Service",
        "principalId":"dynamodb.amazonaws.com"
      },
      "dynamodb": {
        "ApproximateCreationDateTime": 1480642020,
        "Keys": {
          "val": {
            "S": "data"
          },
          "key": {
            "S": "binary"
          }
        },
        "NewImage": {
          "val": {
            "S": "data"
          },
          "asdf1": {
            "B": "AAEqQQ=="
          },
          "asdf2": {
            "BS": [
              "AAEqQQ==",
              "QSoBAA=="
            ]
          },
          "key": {
            "S": "binary"
          }
        },
        "SequenceNumber": "1405400000000002063282832",
        "SizeBytes": 54,
        "StreamViewType": "NEW_AND_OLD_IMAGES"
      },
      "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/Example-Table/stream/2016-12-01T00:00:00.000"
    },
    {
      "eventID": "f07f8ca4b0b26cb9c4e5e77e42f274ee",
      "eventName": "INSERT",
      "eventVersion": "1.1",
      "eventSource": "aws:dynamodb",
      "awsRegion": "us-east-1",
      "dynamodb": {
        "ApproximateCreationDateTime": 1480642020,
        "Keys": {
          "val": {
            "S": "data"
          },
          "key": {
            "S": "binary"
          }
        },
        "NewImage": {
          "val": {
            "S": "data"
          },
          "asdf1": {
            "B": "AAEqQQ=="
          },
          "b2": {
            "B": "test"
          },
          "asdf2": {
            "BS": [
              "AAEqQQ==",
              "QSoBAA==",
              "AAEqQQ=="
            ]
          },
          "key": {
            "S": "binary"
          },
          "Binary": {
            "B": "AAEqQQ=="
          },
          "Boolean": {
            "BOOL": true
          },
          "BinarySet": {
            "BS": [
              "AAEqQQ==",
              "AAEqQQ=="
            ]
          },
          "List": {
            "L": [
              {
                "S": "Cookies"
              },
              {
                "S": "Coffee"
              },
              {
                "N": "3.14159"
              }
            ]
          },
          "Map": {
            "M": {
              "Name": {
                "S": "Joe"
              },
              "Age": {
                "N": "35"
              }
            }
          },
          "FloatNumber": {
            "N": "123.45"
          },
          "IntegerNumber": {
            "N": "123"
          },
          "NumberSet": {
            "NS": [
              "1234",
              "567.8"
            ]
          },
          "Null": {
            "NULL": true
          },
          "String": {
            "S": "Hello"
          },
          "StringSet": {
            "SS": [
              "Giraffe",
              "Zebra"
            ]
          },
          "EmptyStringSet": {
            "SS": []
          }
        },
        "SequenceNumber": "1405400000000002063282832",
        "SizeBytes": 54,
        "StreamViewType": "NEW_AND_OLD_IMAGES"
      },
      "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/Example-Table/stream/2016-12-01T00:00:00.000"
    }
  ]
}
"""#

    // From aws/aws-lambda-go, events/testdata/dynamodb-time-window-event.json at 815d21f (Apache-2.0),
    // via shared/corpus/journal/dynamodb-streams-time-window-event.json; copied verbatim.
    static let timeWindowEvent = #"""
{
  "Records":[
    {
      "eventID":"1",
      "eventName":"INSERT",
      "eventVersion":"1.0",
      "eventSource":"aws:dynamodb",
      "awsRegion":"us-east-1",
      "dynamodb":{
        "ApproximateCreationDateTime": 1480642020,
        "Keys":{
          "Id":{
            "N":"101"
          }
        },
        "NewImage":{
          "Message":{
            "S":"New item!"
          },
          "Id":{
            "N":"101"
          }
        },
        "SequenceNumber":"111",
        "SizeBytes":26,
        "StreamViewType":"NEW_AND_OLD_IMAGES"
      },
      "eventSourceARN":"stream-ARN"
    },
    {
      "eventID":"2",
      "eventName":"MODIFY",
      "eventVersion":"1.0",
      "eventSource":"aws:dynamodb",
      "awsRegion":"us-east-1",
      "dynamodb":{
        "ApproximateCreationDateTime": 1480642020,
        "Keys":{
          "Id":{
            "N":"101"
          }
        },
        "NewImage":{
          "Message":{
            "S":"This item has changed"
          },
          "Id":{
            "N":"101"
          }
        },
        "OldImage":{
          "Message":{
            "S":"New item!"
          },
          "Id":{
            "N":"101"
          }
        },
        "SequenceNumber":"222",
        "SizeBytes":59,
        "StreamViewType":"NEW_AND_OLD_IMAGES"
      },
      "eventSourceARN":"stream-ARN"
    },
    {
      "eventID":"3",
      "eventName":"REMOVE",
      "eventVersion":"1.0",
      "eventSource":"aws:dynamodb",
      "awsRegion":"us-east-1",
      "dynamodb":{
        "ApproximateCreationDateTime": 1480642020,
        "Keys":{
          "Id":{
            "N":"101"
          }
        },
        "OldImage":{
          "Message":{
            "S":"This item has changed"
          },
          "Id":{
            "N":"101"
          }
        },
        "SequenceNumber":"333",
        "SizeBytes":38,
        "StreamViewType":"NEW_AND_OLD_IMAGES"
      },
      "eventSourceARN":"stream-ARN"
    }
  ],
  "window": {
    "start": "2020-07-30T17:00:00Z",
    "end": "2020-07-30T17:05:00Z"
  },
  "state": {
    "1": "state1"
  },
  "shardId": "shard123456789",
  "eventSourceARN": "stream-ARN",
  "isFinalInvokeForWindow": false,
  "isWindowTerminatedEarly": false
}
"""#

    /// What one stream record must map to.
    struct StreamExpect: Sendable {
        var id: String
        var time: String
        var actor: String?
        var action: String
        var resource: String?
        var session: String?
        var kept: [String]
    }

    static let corpus: [(String, [StreamExpect])] = [
        (streamsEvent, [
            StreamExpect(id: "f07f8ca4b0b26cb9c4e5e77e69f274ee", time: "2016-12-02T01:27:00.000000Z", actor: "dynamodb.amazonaws.com",
                         action: "INSERT", resource: "Example-Table/key=binary,val=data", session: "1405400000000002063282832",
                         kept: ["Keys", "NewImage", "StreamViewType", "SizeBytes", "eventSourceARN", "eventSource", "eventVersion", "userIdentity"]),
            StreamExpect(id: "f07f8ca4b0b26cb9c4e5e77e42f274ee", time: "2016-12-02T01:27:00.000000Z", actor: nil,
                         action: "INSERT", resource: "Example-Table/key=binary,val=data", session: "1405400000000002063282832",
                         kept: ["Keys", "NewImage", "StreamViewType", "SizeBytes", "eventSourceARN", "eventSource", "eventVersion"]),
        ]),
        (timeWindowEvent, [
            StreamExpect(id: "1", time: "2016-12-02T01:27:00.000000Z", actor: nil, action: "INSERT", resource: "Id=101", session: "111",
                         kept: ["Keys", "NewImage", "StreamViewType", "SizeBytes", "eventSourceARN"]),
            StreamExpect(id: "2", time: "2016-12-02T01:27:00.000000Z", actor: nil, action: "MODIFY", resource: "Id=101", session: "222",
                         kept: ["Keys", "NewImage", "OldImage", "StreamViewType", "SizeBytes", "eventSourceARN"]),
            StreamExpect(id: "3", time: "2016-12-02T01:27:00.000000Z", actor: nil, action: "REMOVE", resource: "Id=101", session: "333",
                         kept: ["Keys", "OldImage", "StreamViewType", "SizeBytes", "eventSourceARN"]),
        ]),
    ]

    static func checkStream(_ e: TrailEvent, _ x: StreamExpect, raw: String?, clock: String? = nil) throws {
        #expect(e.id == x.id)
        #expect(e.time.rfc3339 == x.time)
        #expect(e.clock == clock)
        #expect(e.received == received)
        #expect(e.source == "ledger-prod")
        #expect(e.format == "dynamodb-streams")
        #expect(e.actor == x.actor)
        #expect(e.action == x.action)
        #expect(e.resource == x.resource)
        #expect(e.outcome == .success)
        #expect(e.origin == "us-east-1")
        #expect(e.session == x.session)
        if let raw { #expect(e.raw == raw) }
        let keys = Set(e.attributes.map(\.0))
        for k in x.kept { #expect(keys.contains(k), "attribute \(k) kept") }
        for k in ["eventID", "eventName", "awsRegion", "dynamodb", "SequenceNumber", "ApproximateCreationDateTime"] {
            #expect(!keys.contains(k), "attribute \(k) consumed")
        }
        #expect(try TrailEvent.decode(line: e.canonicalLine()) == e)
    }

    @Test(arguments: corpus.indices)
    func dynamoDBCorpusFileYieldsEveryRecord(_ k: Int) throws {
        let (file, expected) = Self.corpus[k]
        let events = try Self.dynamo(file)
        #expect(events.count == expected.count)
        // Each raw is the record's exact bytes in the file, and reads back to the same record.
        guard case let .array(records)? = try JSONParser.parse(file)["Records"] else { Issue.record("no Records"); return }
        for (i, (e, x)) in zip(events, expected).enumerated() {
            try Self.checkStream(e, x, raw: nil)
            #expect(file.contains(e.raw))
            #expect(e.raw.hasPrefix("{") && e.raw.hasSuffix("}"))
            #expect(try JSONParser.parse(e.raw) == records[i])
        }
        // The typed images are kept as they are.
        let newImage = events[0].attributes.first { $0.0 == "NewImage" }?.1
        #expect(newImage == records[0]["dynamodb"]?["NewImage"])
        // The tumbling-window envelope (window, state, shardId) is not a record.
        #expect(!events.contains { $0.attributes.contains { $0.0 == "window" || $0.0 == "shardId" } })
    }

    /// Single stream records, one per line: a TTL deletion, a Kinesis-for-DynamoDB record (table name
    /// member, millisecond time), and a record with no time.
    static let streamLines: [(String, StreamExpect, String?)] = [
        (#"{"eventID":"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6","eventName":"REMOVE","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1","userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"},"dynamodb":{"ApproximateCreationDateTime":1700000000,"Keys":{"SessionId":{"S":"sess-42"},"Expires":{"N":"1699999999"}},"OldImage":{"SessionId":{"S":"sess-42"},"Expires":{"N":"1699999999"},"CardToken":{"S":"tok_1"}},"SequenceNumber":"700000000012345678901","SizeBytes":70,"StreamViewType":"OLD_IMAGE"},"eventSourceARN":"arn:aws:dynamodb:us-east-1:111122223333:table/Sessions/stream/2023-11-01T00:00:00.000"}"#,
         StreamExpect(id: "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", time: "2023-11-14T22:13:20.000000Z", actor: "dynamodb.amazonaws.com",
                      action: "REMOVE", resource: "Sessions/Expires=1699999999,SessionId=sess-42", session: "700000000012345678901",
                      kept: ["OldImage", "userIdentity", "eventSourceARN"]), nil),
        (#"{"awsRegion":"us-east-1","eventID":"b9f1c2d3-0000-4000-8000-000000000001","eventName":"MODIFY","userIdentity":null,"recordFormat":"application/json","tableName":"Orders","dynamodb":{"ApproximateCreationDateTime":1700000000123,"Keys":{"OrderId":{"S":"o-1"},"Paid":{"BOOL":true}},"NewImage":{"OrderId":{"S":"o-1"},"Paid":{"BOOL":true}},"SizeBytes":20},"eventSource":"aws:dynamodb"}"#,
         StreamExpect(id: "b9f1c2d3-0000-4000-8000-000000000001", time: "2023-11-14T22:13:20.123000Z", actor: nil, action: "MODIFY",
                      resource: "Orders/OrderId=o-1,Paid=true", session: nil, kept: ["tableName", "recordFormat", "NewImage"]), nil),
        (#"{"eventID":"c0","eventName":"INSERT","awsRegion":"us-east-1","dynamodb":{"Keys":{"pk":{"S":"a"}},"SequenceNumber":"9"},"eventSourceARN":"arn:aws:dynamodb:us-east-1:111122223333:table/T/stream/x"}"#,
         StreamExpect(id: "c0", time: "2026-09-01T12:00:00.000000Z", actor: nil, action: "INSERT", resource: "T/pk=a", session: "9", kept: ["Keys"]),
         "received"),
    ]

    @Test(arguments: streamLines.indices)
    func dynamoDBSingleRecordLines(_ k: Int) throws {
        let (line, x, clock) = Self.streamLines[k]
        let events = try Self.dynamo(line)
        #expect(events.count == 1)
        let e = try #require(events.first)
        try Self.checkStream(e, x, raw: line, clock: clock)
        let one = try Array(line.utf8).withUnsafeBytes { try DynamoDBStreamsParser().parse($0, context: Self.context) }
        #expect(one == e)
    }

    static let goodStream = #"{"eventID":"c0","eventName":"INSERT","dynamodb":{"Keys":{"pk":{"S":"a"}}}}"#
    static let badStreams: [(String, String)] = [
        ("{", "not valid JSON"),
        (#"{"Records":"x"}"#, "field Records: not an array"),
        (#"{"Records":["# + goodStream + #",{"eventID":"c1","eventName":"MODIFY"}]}"#, "record 1: field dynamodb: missing"),
        (#"{"eventName":"INSERT","dynamodb":{}}"#, "record 0: field eventID: missing"),
        (#"{"eventID":"c0","eventName":"INSERT","dynamodb":[]}"#, "record 0: field dynamodb: not an object"),
        (#"{"eventID":"c0","eventName":"INSERT","dynamodb":{"Keys":[]}}"#, "record 0: field dynamodb.Keys: not an object"),
        (#"{"eventID":"c0","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":"soon"}}"#,
         "record 0: field dynamodb.ApproximateCreationDateTime: not an epoch time"),
    ]

    @Test(arguments: badStreams.indices)
    func dynamoDBBadInputNamesRecordAndField(_ k: Int) throws {
        let (document, reason) = Self.badStreams[k]
        let f = try #require(Self.failure { try Self.dynamo(document) })
        #expect(f.reason.hasPrefix(reason), "\(f.reason)")
        #expect(!f.reason.contains("soon"))
    }

    // MARK: - QLDB journal exports

    /// Four blocks of one strand, one per line: an INSERT; an UPDATE plus a PartiQL `FROM … INSERT INTO`
    /// update of another document; a DELETE; an INSERT and UPDATE of one document in one transaction,
    /// plus a revision the block does not describe (no txTime, no statement).
    static let blocks: [String] = [
        #"{"blockAddress":{"strandId":"JdxjkR9bSYB5jMHWcI464T","sequenceNo":14},"transactionId":"B1jOBb4Wb8YGZ9pQUc2Q1c","blockTimestamp":"2019-10-25T17:20:21.009Z","blockHash":"WYLOnZAf8bzx4tfu1u3Qx/tHV2Ua7lpXA7SKMbPUMgc=","entriesHash":"xN9X96atkMvhvF3nEy6jMSVQzKjHJfz1H3bsNeg8GMA=","previousBlockHash":"IAfZ0h22ZjvcuHPSBCDy/6XNQTsqEmeY3GW0gBae8mg=","entriesHashList":["F7rQIKCNn0vXVWPexilGfJn5+MCrtsSQqqVdlQxXpS4=","C+L8gRhkzVcxt3qRJpw8w6hVEqA5A6ImGne+E7iHizo="],"transactionInfo":{"statements":[{"statement":"INSERT INTO VehicleRegistration ?","startTime":"2019-10-25T17:20:20.496Z","statementDigest":"3jeSdejOgp6spJ8huZxDRUtp2fRXRqpOMtG43V0nXg8="}],"documents":{"8F0TPCmdNQ6JTRpiLj2TmW":{"tableName":"VehicleRegistration","tableId":"BPxNiDQXCIB5l5F68KZoOz","statements":[0]}}},"revisions":[{"blockAddress":{"strandId":"JdxjkR9bSYB5jMHWcI464T","sequenceNo":14},"hash":"dWVo4nZ0uEhM28ZBXXhTvA3ZrXtDNLvF8D2Npkr0Nt4=","data":{"VIN":"1N4AL11D75C109151","LicensePlateNumber":"LEWISR261LL","State":"WA","City":"Seattle","PendingPenaltyTicketAmount":90.25,"ValidFromDate":"2017-08-21","ValidToDate":"2020-05-11","Owners":{"PrimaryOwner":{"PersonId":"GddsXfIYfDlKCEprOLOwYt"},"SecondaryOwners":[]}},"metadata":{"id":"8F0TPCmdNQ6JTRpiLj2TmW","version":0,"txTime":"2019-10-25T17:20:20.618Z","txId":"B1jOBb4Wb8YGZ9pQUc2Q1c"}}]}"#,
        #"{"blockAddress":{"strandId":"JdxjkR9bSYB5jMHWcI464T","sequenceNo":15},"transactionId":"2Xz9wq4kRcZ4Ws7bRfQ5Ny","blockTimestamp":"2019-10-25T17:25:02.411Z","blockHash":"b2xvY2staGFzaC0xNS1leGFtcGxlLWJhc2U2NC09PT0=","entriesHash":"ZW50cmllcy1oYXNoLTE1LWV4YW1wbGUtYmFzZTY0LT0=","previousBlockHash":"WYLOnZAf8bzx4tfu1u3Qx/tHV2Ua7lpXA7SKMbPUMgc=","entriesHashList":["ZW50cnktMQ==","ZW50cnktMg=="],"transactionInfo":{"statements":[{"statement":"UPDATE VehicleRegistration AS r SET r.City = 'Everett' WHERE r.VIN = ?","startTime":"2019-10-25T17:25:02.101Z","statementDigest":"c3RhdGVtZW50LWRpZ2VzdC0w"},{"statement":"FROM Person AS p WHERE p.GovId = ? INSERT INTO p.Addresses VALUE ?","startTime":"2019-10-25T17:25:02.202Z","statementDigest":"c3RhdGVtZW50LWRpZ2VzdC0x"}],"documents":{"8F0TPCmdNQ6JTRpiLj2TmW":{"tableName":"VehicleRegistration","tableId":"BPxNiDQXCIB5l5F68KZoOz","statements":[0]},"GddsXfIYfDlKCEprOLOwYt":{"tableName":"Person","tableId":"AbCdEfGhIjKlMnOpQrStUv","statements":[1]}}},"revisions":[{"blockAddress":{"strandId":"JdxjkR9bSYB5jMHWcI464T","sequenceNo":15},"hash":"cmV2aXNpb24taGFzaC1B","data":{"VIN":"1N4AL11D75C109151","LicensePlateNumber":"LEWISR261LL","State":"WA","City":"Everett","PendingPenaltyTicketAmount":90.25,"ValidFromDate":"2017-08-21","ValidToDate":"2020-05-11","Owners":{"PrimaryOwner":{"PersonId":"GddsXfIYfDlKCEprOLOwYt"},"SecondaryOwners":[]}},"metadata":{"id":"8F0TPCmdNQ6JTRpiLj2TmW","version":1,"txTime":"2019-10-25T17:25:02.300Z","txId":"2Xz9wq4kRcZ4Ws7bRfQ5Ny"}},{"blockAddress":{"strandId":"JdxjkR9bSYB5jMHWcI464T","sequenceNo":15},"hash":"cmV2aXNpb24taGFzaC1C","data":{"FirstName":"Raul","LastName":"Lewis","GovId":"LEWISR261LL","Addresses":[{"City":"Everett"}]},"metadata":{"id":"GddsXfIYfDlKCEprOLOwYt","version":3,"txTime":"2019-10-25T17:25:02.300Z","txId":"2Xz9wq4kRcZ4Ws7bRfQ5Ny"}}]}"#,
        #"{"blockAddress":{"strandId":"JdxjkR9bSYB5jMHWcI464T","sequenceNo":16},"transactionId":"9yD2pvMQkXa3HDd4c6y3Ke","blockTimestamp":"2019-10-26T08:00:00.000Z","blockHash":"YmxvY2staGFzaC0xNg==","entriesHash":"ZW50cmllcy1oYXNoLTE2","previousBlockHash":"b2xvY2staGFzaC0xNS1leGFtcGxlLWJhc2U2NC09PT0=","entriesHashList":["ZW50cnktMw=="],"transactionInfo":{"statements":[{"statement":"DELETE FROM VehicleRegistration AS r WHERE r.VIN = ?","startTime":"2019-10-26T07:59:59.870Z","statementDigest":"c3RhdGVtZW50LWRpZ2VzdC0y"}],"documents":{"8F0TPCmdNQ6JTRpiLj2TmW":{"tableName":"VehicleRegistration","tableId":"BPxNiDQXCIB5l5F68KZoOz","statements":[0]}}},"revisions":[{"blockAddress":{"strandId":"JdxjkR9bSYB5jMHWcI464T","sequenceNo":16},"hash":"cmV2aXNpb24taGFzaC1E","metadata":{"id":"8F0TPCmdNQ6JTRpiLj2TmW","version":2,"txTime":"2019-10-26T07:59:59.950Z","txId":"9yD2pvMQkXa3HDd4c6y3Ke"}}]}"#,
        #"{"blockAddress":{"strandId":"JdxjkR9bSYB5jMHWcI464T","sequenceNo":17},"transactionId":"KqNvH7cQ3xLr1pW8sT0uYz","blockTimestamp":"2019-10-26T09:30:00.5Z","blockHash":"YmxvY2staGFzaC0xNw==","entriesHash":"ZW50cmllcy1oYXNoLTE3","previousBlockHash":"YmxvY2staGFzaC0xNg==","entriesHashList":["ZW50cnktNA=="],"transactionInfo":{"statements":[{"statement":"INSERT INTO DriversLicense ?","startTime":"2019-10-26T09:29:59.100Z","statementDigest":"ZGlnZXN0LTM="},{"statement":"update DriversLicense AS d SET d.LicenseType = 'Learner' WHERE d.LicenseNumber = ?","startTime":"2019-10-26T09:29:59.300Z","statementDigest":"ZGlnZXN0LTQ="}],"documents":{"Jn1tAe3xV9cK2pR5sW8yZb":{"tableName":"DriversLicense","tableId":"Ft7uLhYp0sDq3Wx6Zc9Vbn","statements":[0,1]}}},"revisions":[{"blockAddress":{"strandId":"JdxjkR9bSYB5jMHWcI464T","sequenceNo":17},"hash":"cmV2aXNpb24taGFzaC1F","data":{"LicenseNumber":"LEWISR261LL","LicenseType":"Learner"},"metadata":{"id":"Jn1tAe3xV9cK2pR5sW8yZb","version":0,"txTime":"2019-10-26T09:29:59.400Z","txId":"KqNvH7cQ3xLr1pW8sT0uYz"}},{"blockAddress":{"strandId":"JdxjkR9bSYB5jMHWcI464T","sequenceNo":17},"hash":"cmV2aXNpb24taGFzaC1G","data":{"note":"system"},"metadata":{"id":"Qx4mZ8nB1vC6dF3gH7jK2L","version":4,"txId":"KqNvH7cQ3xLr1pW8sT0uYz"}}]}"#,
    ]

    /// What one revision must map to.
    struct RevisionExpect: Sendable, CustomTestStringConvertible {
        var block: Int
        var id: String
        var time: String
        var action: String
        var resource: String
        var session: String
        var statement: String?
        var hasData: Bool
        var revisionHash: String
        var testDescription: String { id + " " + action }
    }

    static let revisions: [RevisionExpect] = [
        RevisionExpect(block: 0, id: "8F0TPCmdNQ6JTRpiLj2TmW@0", time: "2019-10-25T17:20:20.618000Z", action: "INSERT",
                       resource: "VehicleRegistration/8F0TPCmdNQ6JTRpiLj2TmW", session: "B1jOBb4Wb8YGZ9pQUc2Q1c",
                       statement: "INSERT INTO VehicleRegistration ?", hasData: true, revisionHash: "dWVo4nZ0uEhM28ZBXXhTvA3ZrXtDNLvF8D2Npkr0Nt4="),
        RevisionExpect(block: 1, id: "8F0TPCmdNQ6JTRpiLj2TmW@1", time: "2019-10-25T17:25:02.300000Z", action: "UPDATE",
                       resource: "VehicleRegistration/8F0TPCmdNQ6JTRpiLj2TmW", session: "2Xz9wq4kRcZ4Ws7bRfQ5Ny",
                       statement: "UPDATE VehicleRegistration AS r SET r.City = 'Everett' WHERE r.VIN = ?", hasData: true,
                       revisionHash: "cmV2aXNpb24taGFzaC1B"),
        RevisionExpect(block: 1, id: "GddsXfIYfDlKCEprOLOwYt@3", time: "2019-10-25T17:25:02.300000Z", action: "UPDATE",
                       resource: "Person/GddsXfIYfDlKCEprOLOwYt", session: "2Xz9wq4kRcZ4Ws7bRfQ5Ny",
                       statement: "FROM Person AS p WHERE p.GovId = ? INSERT INTO p.Addresses VALUE ?", hasData: true,
                       revisionHash: "cmV2aXNpb24taGFzaC1C"),
        RevisionExpect(block: 2, id: "8F0TPCmdNQ6JTRpiLj2TmW@2", time: "2019-10-26T07:59:59.950000Z", action: "DELETE",
                       resource: "VehicleRegistration/8F0TPCmdNQ6JTRpiLj2TmW", session: "9yD2pvMQkXa3HDd4c6y3Ke",
                       statement: "DELETE FROM VehicleRegistration AS r WHERE r.VIN = ?", hasData: false, revisionHash: "cmV2aXNpb24taGFzaC1E"),
        RevisionExpect(block: 3, id: "Jn1tAe3xV9cK2pR5sW8yZb@0", time: "2019-10-26T09:29:59.400000Z", action: "INSERT",
                       resource: "DriversLicense/Jn1tAe3xV9cK2pR5sW8yZb", session: "KqNvH7cQ3xLr1pW8sT0uYz",
                       statement: "INSERT INTO DriversLicense ?", hasData: true, revisionHash: "cmV2aXNpb24taGFzaC1F"),
        RevisionExpect(block: 3, id: "Qx4mZ8nB1vC6dF3gH7jK2L@4", time: "2019-10-26T09:30:00.500000Z", action: "UPDATE",
                       resource: "Qx4mZ8nB1vC6dF3gH7jK2L", session: "KqNvH7cQ3xLr1pW8sT0uYz", statement: nil, hasData: true,
                       revisionHash: "cmV2aXNpb24taGFzaC1G"),
    ]

    @Test(arguments: revisions.indices)
    func qldbRevisionMapsEveryField(_ k: Int) throws {
        let x = Self.revisions[k]
        let events = try Self.qldb(Self.blocks.joined(separator: "\n") + "\n")
        #expect(events.count == Self.revisions.count)
        let e = events[k]
        let block = try JSONParser.parse(Self.blocks[x.block])
        #expect(e.id == x.id)
        #expect(e.time.rfc3339 == x.time)
        #expect(e.clock == nil)
        #expect(e.received == Self.received)
        #expect(e.source == "ledger-prod")
        #expect(e.format == "qldb-journal")
        #expect(e.actor == nil)
        #expect(e.action == x.action)
        #expect(e.resource == x.resource)
        #expect(e.outcome == .success)
        #expect(e.origin == nil)
        #expect(e.session == x.session)
        #expect(e.raw == Self.blocks[x.block])
        func attr(_ key: String) -> JSONValue? { e.attributes.first { $0.0 == key }?.1 }
        #expect(attr("blockAddress") == block["blockAddress"])
        #expect(attr("blockHash") == block["blockHash"])
        #expect(attr("entriesHash") == block["entriesHash"])
        #expect(attr("previousBlockHash") == block["previousBlockHash"])
        #expect(attr("revisionHash") == .string(x.revisionHash))
        #expect(attr("version") == .number(String(x.id.split(separator: "@")[1])))
        #expect((attr("data") != nil) == x.hasData)
        #expect(attr("statement") == x.statement.map { .string($0) })
        #expect(try TrailEvent.decode(line: e.canonicalLine()) == e)
    }

    @Test func qldbDocumentShapes() throws {
        let lines = try Self.qldb(Self.blocks.joined(separator: "\n"))
        // CRLF and blank lines, one block alone, a pretty-printed block, and a JSON array of blocks.
        let crlf = try Self.qldb("\r\n" + Self.blocks.joined(separator: "\r\n\r\n") + "\r\n")
        #expect(crlf == lines)
        #expect(try Self.qldb(Self.blocks[1]).map(\.id) == ["8F0TPCmdNQ6JTRpiLj2TmW@1", "GddsXfIYfDlKCEprOLOwYt@3"])
        let pretty = Self.blocks[2].replacingOccurrences(of: #","revisions""#, with: ",\n  \"revisions\"")
        #expect(try Self.qldb(pretty).map(\.raw) == [pretty])
        let array = "[\n" + Self.blocks.joined(separator: ",\n") + "\n]"
        #expect(try Self.qldb(array) == lines)
        #expect(try Self.qldb("  \n").isEmpty)
        // The INSERT-then-UPDATE document lists both statements.
        let both = lines[4].attributes.first { $0.0 == "statements" }?.1
        #expect(both == .array([.string("INSERT INTO DriversLicense ?"),
                                .string("update DriversLicense AS d SET d.LicenseType = 'Learner' WHERE d.LicenseNumber = ?")]))
        // A block without revisions yields no events.
        #expect(try Self.qldb(#"{"transactionId":"t","blockTimestamp":"2019-10-26T09:30:00Z"}"#).isEmpty)
    }

    @Test func qldbStatementKinds() {
        #expect(QLDBJournalParser.statementKind("insert into T ?") == "INSERT")
        #expect(QLDBJournalParser.statementKind("  UPDATE T SET a = 1") == "UPDATE")
        #expect(QLDBJournalParser.statementKind("FROM T AS t WHERE t.id = ? REMOVE t.a") == "UPDATE")
        #expect(QLDBJournalParser.statementKind("DELETE FROM T") == "DELETE")
        #expect(QLDBJournalParser.statementKind("CREATE TABLE Person") == "CREATE TABLE")
        #expect(QLDBJournalParser.statementKind("drop index on T") == "DROP INDEX")
    }

    static let goodRevision = #"{"hash":"h","data":{},"metadata":{"id":"d1","version":0,"txTime":"2019-10-25T17:20:20Z"}}"#
    static let badBlocks: [(String, String)] = [
        (blocks[0] + "\n{\"transactionId\":", "block 1: not valid JSON"),
        (#"[1]"#, "block 0: not a JSON object"),
        (#"{"revisions":[]}"#, "block 0: field transactionId: missing or not a string"),
        (#"{"transactionId":"t","revisions":{}}"#, "block 0: field revisions: not an array"),
        (#"{"transactionId":"t","revisions":["# + goodRevision + #",{"data":{}}]}"#, "block 0, revision 1: field metadata: missing"),
        (#"{"transactionId":"t","revisions":[{"metadata":{"version":0}}]}"#, "block 0, revision 0: field metadata.id: missing or not a string"),
        (#"{"transactionId":"t","revisions":[{"metadata":{"id":"d","version":"2"}}]}"#, "block 0, revision 0: field metadata.version: missing or not a number"),
        (#"{"transactionId":"t","revisions":[{"metadata":{"id":"d","version":2,"txTime":"tuesday"}}]}"#, "block 0, revision 0: field metadata.txTime: not an RFC 3339 time"),
        (#"{"transactionId":"t","revisions":[{"metadata":{"id":"d","version":2}}]}"#, "block 0, revision 0: field metadata.txTime: missing"),
        (#"{"transactionId":"t","transactionInfo":{"statements":[],"documents":{"d1":{"statements":[3]}}},"revisions":["# + goodRevision + "]}",
         "block 0, revision 0: field transactionInfo.documents.statements: not an index of a statement"),
    ]

    @Test(arguments: badBlocks.indices)
    func qldbBadInputNamesBlockAndField(_ k: Int) throws {
        let (document, reason) = Self.badBlocks[k]
        let f = try #require(Self.failure { try Self.qldb(document) })
        #expect(f.reason.hasPrefix(reason), "\(f.reason)")
        #expect(!f.reason.contains("tuesday"))
    }
}
