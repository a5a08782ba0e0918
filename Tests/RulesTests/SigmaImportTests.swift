import Collectors
import Foundation
import Rules
import Testing
import TrailModel

/// Sigma CloudTrail rules (written for these tests, in the style of the public SigmaHQ AWS rules)
/// converted, loaded, and run on events made by `CloudTrailParser` from CloudTrail records.
@Suite struct SigmaImportTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var sigma: String
        var id: String
        /// Text the converted rule file must hold.
        var shows: [String] = []
        /// Whether tests are generated (a regular expression gets none).
        var tested = true
        var hits: [String]
        var misses: [String]
        var testDescription: String { name }
    }

    static let alice = #"{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::123456789012:user/alice","accountId":"123456789012","userName":"alice"}"#
    static let root = #"{"type":"Root","principalId":"123456789012","arn":"arn:aws:iam::123456789012:root","accountId":"123456789012"}"#
    static let sso = #"{"type":"AssumedRole","principalId":"AROAEXAMPLE:bob","arn":"arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin/bob","sessionContext":{"sessionIssuer":{"type":"Role","userName":"AWSReservedSSO_Admin"}}}"#

    /// A CloudTrail record as AWS writes it (the fields a rule does not care about included).
    static func record(_ source: String, _ name: String, identity: String = alice, ip: String = "203.0.113.7",
                       agent: String = "aws-cli/2.15.3 Python/3.11.6 Linux/6.5.0", params: String = "null",
                       extra: String = "") -> String {
        #"{"eventVersion":"1.09","userIdentity":\#(identity),"eventTime":"2026-03-01T10:00:00Z","eventSource":"\#(source)","#
            + #""eventName":"\#(name)","awsRegion":"eu-west-1","sourceIPAddress":"\#(ip)","userAgent":"\#(agent)","#
            + #""requestParameters":\#(params),"responseElements":null,"requestID":"4f1c2d3e-0000-4000-8000-\#(UUID().uuidString.suffix(12))","#
            + #""eventID":"\#(UUID().uuidString.lowercased())","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"#
            + #""recipientAccountId":"123456789012","eventCategory":"Management"\#(extra)}"#
    }

    static func header(_ title: String, _ id: String, level: String = "high") -> String {
        """
        title: \(title)
        id: \(id)
        status: test
        description: Written for Sealtrail's tests.
        author: Sealtrail tests
        date: 2026-01-15
        tags:
            - attack.defense-evasion
            - attack.t1562.008
        logsource:
            product: aws
            service: cloudtrail
        level: \(level)

        """
    }

    static let cases: [Case] = [
        Case(name: "CloudTrail logging stopped or trail removed",
             sigma: header("CloudTrail Logging Stopped Or Trail Removed", "7d4a1f3e-5b2c-4e8a-9f61-2c3d4e5f6a7b") + """
                 references:
                     - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
                 falsepositives:
                     - Planned trail maintenance
                 detection:
                     selection:
                         eventSource: cloudtrail.amazonaws.com
                         eventName:
                             - StopLogging
                             - DeleteTrail
                             - UpdateTrail
                     condition: selection
                 """,
             id: "sigma-7d4a1f3e-cloudtrail-logging-stopped-or-trail-removed",
             shows: [#"action: {in: ["cloudtrail.amazonaws.com:StopLogging", "cloudtrail.amazonaws.com:DeleteTrail", "cloudtrail.amazonaws.com:UpdateTrail"], nocase: true}"#,
                     "ATT&CK: defense-evasion, t1562.008.", "False positives: Planned trail maintenance.", "References: https://docs.aws.amazon.com/",
                     "status test; author Sealtrail tests; date 2026-01-15", "severity: high", #"controls: ["soc2@2017:CC7.2"]"#],
             hits: [record("cloudtrail.amazonaws.com", "StopLogging", params: #"{"name":"org-trail"}"#),
                    record("cloudtrail.amazonaws.com", "DeleteTrail"), record("cloudtrail.amazonaws.com", "updatetrail")],
             misses: [record("cloudtrail.amazonaws.com", "StartLogging"), record("cloudtrail.amazonaws.com", "CreateTrail"),
                      record("s3.amazonaws.com", "DeleteTrail")]),
        Case(name: "root account used",
             sigma: header("Root Account Used", "1a2b3c4d-0000-4000-8000-000000000001", level: "medium") + """
                 detection:
                     selection:
                         userIdentity.type: Root
                     filter_service:
                         eventType: AwsServiceEvent
                     condition: selection and not filter_service
                 """,
             id: "sigma-1a2b3c4d-root-account-used",
             shows: [#"attributes.userIdentity.type: {equals: "Root", nocase: true}"#],
             hits: [record("signin.amazonaws.com", "ConsoleLogin", identity: root), record("s3.amazonaws.com", "ListBuckets", identity: root)],
             misses: [record("s3.amazonaws.com", "ListBuckets"),
                      record("sts.amazonaws.com", "AssumeRole", identity: root).replacingOccurrences(of: "AwsApiCall", with: "AwsServiceEvent")]),
        Case(name: "IAM user or access key created (1 of, exists)",
             sigma: header("IAM User Or Access Key Created", "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4", level: "medium") + """
                 detection:
                     selection_user:
                         eventSource: iam.amazonaws.com
                         eventName: CreateUser
                     selection_key:
                         eventSource: iam.amazonaws.com
                         eventName:
                             - CreateAccessKey
                             - CreateLoginProfile
                     filter_failed:
                         errorCode|exists: true
                     condition: 1 of selection_* and not filter_failed
                 """,
             id: "sigma-9e8d7c6b-iam-user-or-access-key-created",
             hits: [record("iam.amazonaws.com", "CreateUser", params: #"{"userName":"mallory"}"#),
                    record("iam.amazonaws.com", "CreateAccessKey", params: #"{"userName":"alice"}"#)],
             misses: [record("iam.amazonaws.com", "CreateUser", extra: #","errorCode":"AccessDenied","errorMessage":"not authorized""#),
                      record("iam.amazonaws.com", "DeleteUser")]),
        Case(name: "security group rules changed outside the corporate network (startswith, cidr)",
             sigma: header("Security Group Rules Changed Outside The Corporate Network", "c0ffee00-1111-4222-8333-444455556666") + """
                 detection:
                     selection:
                         eventSource: ec2.amazonaws.com
                         eventName|startswith:
                             - AuthorizeSecurityGroup
                             - RevokeSecurityGroup
                     filter_corp:
                         sourceIPAddress|cidr:
                             - 10.0.0.0/8
                             - 2001:db8::/32
                     condition: selection and not filter_corp
                 """,
             id: "sigma-c0ffee00-security-group-rules-changed-outside-the-corporate-network",
             shows: [#"origin: {cidr: ["10.0.0.0/8", "2001:db8::/32"]}"#],
             hits: [record("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", ip: "198.51.100.4", params: #"{"groupId":"sg-0123456789abcdef0"}"#),
                    record("ec2.amazonaws.com", "RevokeSecurityGroupEgress", ip: "2001:db9::1")],
             misses: [record("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", ip: "10.20.30.40"),
                      record("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", ip: "2001:db8::5"),
                      record("ec2.amazonaws.com", "CreateSecurityGroup", ip: "198.51.100.4")]),
        Case(name: "S3 public access block removed or weakened (list of maps, parentheses, nested paths)",
             sigma: header("S3 Bucket Public Access Block Removed Or Weakened", "5eb0a1c2-d3e4-4f50-8617-28394a5b6c7d") + """
                 detection:
                     selection_delete:
                         eventSource: s3.amazonaws.com
                         eventName: DeleteBucketPublicAccessBlock
                     selection_put:
                         eventSource: s3.amazonaws.com
                         eventName: PutBucketPublicAccessBlock
                     weakened:
                         - requestParameters.PublicAccessBlockConfiguration.BlockPublicAcls: false
                         - requestParameters.PublicAccessBlockConfiguration.BlockPublicPolicy: false
                     condition: selection_delete or (selection_put and weakened)
                 """,
             id: "sigma-5eb0a1c2-s3-bucket-public-access-block-removed-or-weakened",
             hits: [record("s3.amazonaws.com", "DeleteBucketPublicAccessBlock", params: #"{"bucketName":"payments-exports","publicAccessBlock":""}"#),
                    record("s3.amazonaws.com", "PutBucketPublicAccessBlock", params: block(acls: true, policy: false))],
             misses: [record("s3.amazonaws.com", "PutBucketPublicAccessBlock", params: block(acls: true, policy: true)),
                      record("s3.amazonaws.com", "GetBucketPublicAccessBlock", params: block(acls: false, policy: false))]),
        Case(name: "KMS key deletion (null, all of them)",
             sigma: header("KMS Key Scheduled For Deletion Or Disabled", "0a1b2c3d-4e5f-4061-8273-8495a6b7c8d9") + """
                 detection:
                     selection:
                         eventSource: kms.amazonaws.com
                         eventName:
                             - ScheduleKeyDeletion
                             - DisableKey
                         errorCode: null
                     condition: all of them
                 """,
             id: "sigma-0a1b2c3d-kms-key-scheduled-for-deletion-or-disabled",
             shows: ["attributes.errorCode: {exists: false}"],
             hits: [record("kms.amazonaws.com", "ScheduleKeyDeletion", params: #"{"keyId":"1234abcd-12ab-34cd-56ef-1234567890ab","pendingWindowInDays":7}"#)],
             misses: [record("kms.amazonaws.com", "ScheduleKeyDeletion", extra: #","errorCode":"AccessDeniedException""#),
                      record("kms.amazonaws.com", "CancelKeyDeletion")]),
        Case(name: "old CLI listing buckets (contains|all, ? and * wildcards, regex)",
             sigma: header("Buckets Listed From An Old Or Offensive Client", "abcdef01-2345-4678-89ab-cdef01234567", level: "low") + """
                 detection:
                     selection_agent:
                         userAgent|re: '(?i)(kali|parrot|pentoo)'
                     selection_call:
                         eventName|contains|all:
                             - List
                             - Buckets
                     selection_cli:
                         userAgent: '*aws-cli/1.??.*'
                     condition: selection_agent or (selection_call and selection_cli)
                 """,
             id: "sigma-abcdef01-buckets-listed-from-an-old-or-offensive-client",
             shows: [#"attributes.userAgent: {regex: "(?s)^.*aws-cli/1\\...\\..*$", nocase: true}"#],
             hits: [record("s3.amazonaws.com", "ListBuckets", agent: "[aws-cli/1.27.3 Python/3.8.10]"),
                    record("s3.amazonaws.com", "GetObject", agent: "aws-cli/2.15.3 Linux/6.5.0-kali3-amd64")],
             misses: [record("s3.amazonaws.com", "ListBuckets"), record("s3.amazonaws.com", "ListObjects", agent: "aws-cli/1.27.3"),
                      record("s3.amazonaws.com", "GetObject", agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2)")]),
        Case(name: "penetration testing distributions (regex only: no tests)",
             sigma: header("Calls From Penetration Testing Distributions", "fedcba98-7654-4321-8fed-cba987654321", level: "informational") + """
                 detection:
                     selection:
                         userAgent|re: '(kali|parrot|pentoo)'
                     condition: selection
                 """,
             id: "sigma-fedcba98-calls-from-penetration-testing-distributions",
             shows: ["severity: info", "# no tests: no example value is built for the regular expression on userAgent"], tested: false,
             hits: [record("sts.amazonaws.com", "GetCallerIdentity", agent: "aws-cli/2.15.3 Linux/6.5.0-kali3-amd64")],
             misses: [record("sts.amazonaws.com", "GetCallerIdentity", agent: "aws-cli/2.15.3 Linux/6.5.0-KALI3-amd64")]),
        Case(name: "console login without MFA (cased, all of, sso filter)",
             sigma: header("Console Login Without MFA", "11112222-3333-4444-8555-666677778888", level: "medium") + """
                 detection:
                     selection:
                         eventSource: signin.amazonaws.com
                         eventName: ConsoleLogin
                         additionalEventData.MFAUsed: 'No'
                         responseElements.ConsoleLogin|cased: Success
                     filter_sso_arn:
                         userIdentity.arn|contains: ':assumed-role/'
                     filter_sso_issuer:
                         userIdentity.sessionContext.sessionIssuer.type: Role
                     condition: selection and not all of filter_sso_*
                 """,
             id: "sigma-11112222-console-login-without-mfa",
             shows: [#"attributes.responseElements.ConsoleLogin: "Success""#],
             hits: [login(alice, mfa: "No", result: "Success")],
             misses: [login(alice, mfa: "Yes", result: "Success"), login(alice, mfa: "No", result: "SUCCESS"),
                      login(sso, mfa: "No", result: "Success")]),
    ]

    static func block(acls: Bool, policy: Bool) -> String {
        #"{"bucketName":"payments-exports","PublicAccessBlockConfiguration":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/","#
            + #""BlockPublicAcls":\#(acls),"IgnorePublicAcls":true,"BlockPublicPolicy":\#(policy),"RestrictPublicBuckets":true}}"#
    }

    static func login(_ identity: String, mfa: String, result: String) -> String {
        record("signin.amazonaws.com", "ConsoleLogin", identity: identity,
               extra: #","additionalEventData":{"LoginTo":"https://console.aws.amazon.com/","MobileVersion":"No","MFAUsed":"\#(mfa)"}"#)
            .replacingOccurrences(of: #""responseElements":null"#, with: #""responseElements":{"ConsoleLogin":"\#(result)"}"#)
    }

    static func event(_ json: String) throws -> TrailEvent {
        let context = ParseContext(source: "aws", received: Timestamp(seconds: 1_772_359_200))
        return try Array(json.utf8).withUnsafeBytes { try CloudTrailParser().parse($0, context: context) }
    }

    @Test(arguments: cases) func converts(_ c: Case) throws {
        let report = SigmaImport().convert(files: [(path: "sigma/\(c.id).yml", text: c.sigma)])
        #expect(report.skipped.map(\.description) == [])
        let yaml = report.yaml
        for s in c.shows { #expect(yaml.contains(s), "missing \(s) in\n\(yaml)") }
        let rules = try RuleSet.parse(yaml, path: "sigma.yaml")
        #expect(rules.map(\.id) == [c.id])

        let events = try (c.hits + c.misses).map(Self.event)
        let stream = RuleSet(rules: rules).stream(from: Timestamp(seconds: 0))
        for (k, e) in events.enumerated() { stream.observe(EvalEvent(event: e, ref: "\(k)")) }
        let found = stream.finish(to: Timestamp(seconds: 2_000_000_000)).flatMap(\.events).compactMap { Int($0) }.sorted()
        #expect(found == Array(0..<c.hits.count), "\(yaml)")

        let outcomes = RuleTester.run(RuleSet(rules: rules), scratch: NSTemporaryDirectory() + "sigma-tests")
        if c.tested {
            #expect(report.converted.first?.untested == nil)
            #expect(outcomes.count == 2 && outcomes.allSatisfy { $0.failure == nil }, "\(outcomes.compactMap(\.failure))\n\(yaml)")
        } else {
            #expect(report.converted.first?.untested != nil)
            #expect(outcomes.map(\.failure) == ["the rule has no tests"])
        }
    }

    static let supported = "(supported: contains, startswith, endswith, all, re (with i, m, s), cidr, exists, cased)"

    /// Rules that cannot be translated exactly: each is skipped with this exact message.
    static let refusals: [(detection: String, logsource: String, message: String)] = [
        ("selection: {eventName: AssumeRole, errorCode: AccessDenied}\n    condition: selection | count() by userIdentity.arn > 10", "",
         "condition 'selection | count() by userIdentity.arn > 10': aggregations ('| count() …') count events over time; write a threshold rule by hand"),
        ("selection: {eventName: PutRolePolicy, requestParameters.policyDocument|base64offset|contains: Allow}\n    condition: selection", "",
         "field 'requestParameters.policyDocument|base64offset|contains': unsupported modifier 'base64offset' \(supported)"),
        ("selection: {userAgent|windash|contains: -x}\n    condition: selection", "",
         "field 'userAgent|windash|contains': unsupported modifier 'windash' \(supported)"),
        ("selection: {requestParameters.roleArn|expand: '%admin_role%'}\n    condition: selection", "",
         "field 'requestParameters.roleArn|expand': unsupported modifier 'expand' \(supported)"),
        ("selection: {EventID: 4624}\n    condition: selection", "{product: windows, service: security}",
         "logsource {product: windows, service: security}: only product: aws, service: cloudtrail is supported"),
        ("keywords: [StopLogging, DeleteTrail]\n    condition: keywords", "",
         "selection 'keywords': keyword (full-text) searches are not supported: rules test named fields"),
        ("selection: {tableName: payments}\n    condition: selection", "",
         "field 'tableName': not a CloudTrail record field Sealtrail keeps (see docs/rules.md, \"Importing Sigma rules\")"),
        ("selection: {eventName: StopLogging}\n    timeframe: 5m\n    condition: selection", "",
         "detection.timeframe: time windows belong to correlations, which a match rule cannot express"),
        ("selection: {requestParameters.ipPermissions.items.ipRanges.items.cidrIp: 0.0.0.0/0}\n    condition: selection", "",
         "field 'requestParameters.ipPermissions.items.ipRanges.items.cidrIp': the path goes into a list (CloudTrail 'items' or 'resources'); attribute paths do not look inside lists"),
        ("selection: {eventName|re: '^Delete.*'}\n    condition: selection", "",
         "field 'eventName': only text values and wildcards can be applied to the action (eventSource:eventName)"),
        ("selection_a: {eventName: StopLogging}\n    selection_b: {eventName: DeleteTrail}\n    condition: 2 of selection_*", "",
         "condition '2 of selection_*': '2 of' is not supported (use '1 of' or 'all of')"),
        ("selection: {eventName: StopLogging}\n    other: {eventName: DeleteTrail}\n    condition: selection near other", "",
         "condition 'selection near other': 'near' needs event correlation, which a match rule cannot express"),
        ("selection: {eventName: StopLogging}\n    condition: selection and filter", "",
         "condition 'selection and filter': 'filter' is not a selection of the detection"),
    ]

    @Test func refusesWhatCannotBeTranslated() {
        for (k, r) in Self.refusals.enumerated() {
            let text = """
                title: Refused \(k)
                id: 00000000-0000-4000-8000-00000000000\(k % 10)
                logsource: \(r.logsource.isEmpty ? "{product: aws, service: cloudtrail}" : r.logsource)
                level: high
                detection:
                    \(r.detection)
                """
            let report = SigmaImport().convert(files: [(path: "refuse.yml", text: text)])
            #expect(report.converted.isEmpty)
            #expect(report.skipped.map(\.description) == ["refuse.yml: rule Refused \(k): cannot translate \(r.message)"])
        }
    }

    @Test func collectionsMissingLevelAndDuplicateIdsAreRefused() {
        let rule = Self.header("Trail Deleted", "7d4a1f3e-aaaa-4bbb-8ccc-dddddddddddd") + "detection: {selection: {eventName: DeleteTrail}, condition: selection}\n"
        let report = SigmaImport().convert(files: [
            (path: "a.yml", text: rule), (path: "b.yml", text: rule),
            (path: "c.yml", text: "action: global\ntitle: Shared\n---\n" + rule),
            (path: "d.yml", text: rule.replacingOccurrences(of: "level: high\n", with: "")),
        ])
        #expect(report.converted.map(\.id) == ["sigma-7d4a1f3e-trail-deleted"])
        #expect(report.skipped.map(\.description) == [
            "b.yml: rule Trail Deleted: cannot translate id: 'sigma-7d4a1f3e-trail-deleted' is also the id of a rule from a.yml",
            "c.yml: rule (collection): cannot translate action: rule collections (action: global, reset, repeat) are not supported; write each rule as one document",
            "d.yml: rule Trail Deleted: cannot translate level: missing; a rule needs a severity",
        ])
        #expect(report.summary.first == "import-sigma: converted 1, skipped 3")
    }

    @Test func controlsTitlesAndValuesAreCarriedSafely() throws {
        let title = #"Trail "org": deleted \ or # stopped"#
        let text = Self.header("'" + title.replacingOccurrences(of: "'", with: "''") + "'", "deadbeef-0000-4000-8000-000000000000") + """
            detection:
                selection:
                    eventName: 'Delete\\*Trail'
                    requestParameters.name|endswith: ": {x}, [y] # z\u{2028}"
                condition: selection
            """
        let report = SigmaImport(controls: ["pci-dss@4.0:10.2.1.7", "soc2@2017:CC7.2"]).convert(files: [(path: "q.yml", text: text)])
        #expect(report.skipped.map(\.description) == [])
        let rules = try RuleSet.parse(report.yaml, path: "q.yaml")
        #expect(rules.first?.title == title)
        #expect(rules.first?.controls == ["pci-dss@4.0:10.2.1.7", "soc2@2017:CC7.2"])
        #expect(rules.first?.id == "sigma-deadbeef-trail-org-deleted-or-stopped")
        #expect(report.yaml.contains(#"action: {endswith: ":Delete*Trail", nocase: true}"#))
        let outcomes = RuleTester.run(RuleSet(rules: rules), scratch: NSTemporaryDirectory() + "sigma-tests")
        #expect(outcomes.count == 2 && outcomes.allSatisfy { $0.failure == nil }, "\(outcomes.compactMap(\.failure))\n\(report.yaml)")
        #expect(SigmaImport.invalidControls(["soc2"]) == "'soc2' must be framework@version:control")
    }
}
