import Foundation
@testable import Collectors
import Testing
import TrailModel

/// Access-log parsers: every mapped field for each format, a real Apache log, refused lines with the
/// field they name, and log-format compile errors.
@Suite struct AccessLogTests {
    static let received = Timestamp.utc(year: 2026, month: 9, day: 1, hour: 12)
    static let context = ParseContext(source: "edge", received: received)

    /// Which parser a case uses: a built-in name, or a custom nginx `log_format` with its format name.
    enum Which: Sendable {
        case named(String)
        case custom(String, name: String)

        func parser() throws -> AccessLogParser {
            switch self {
            case let .named(n):
                guard let p = AccessLogParser(named: n) else { throw ParseFailure("no built-in format \(n)") }
                return p
            case let .custom(f, name): return try AccessLogParser(logFormat: f, format: name)
            }
        }
    }

    static func parse(_ which: Which, _ line: String, context: ParseContext = context) throws -> TrailEvent {
        let p = try which.parser()
        return try Array(line.utf8).withUnsafeBytes { try p.parse($0, context: context) }
    }

    /// The log format from the brief: combined plus timings, forwarded-for and the request id.
    static let customFormat = #"'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time "$http_x_forwarded_for" $request_id'"#

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var which: Which
        var line: String
        var format: String
        var id: String? = nil
        /// Defaults to `id` (nginx `$request_id`, S3 request id); ALB trace ids are sessions only.
        var session: String? = nil
        var time: String
        var clock: String? = nil
        var actor: String? = nil
        var action: String?
        var resource: String?
        var outcome: Outcome
        var origin: String?
        /// The attributes object in canonical JSON (keys sorted).
        var attributes: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "nginx combined, user, query string dropped from the path", which: .named("nginx-combined"),
             line: #"203.0.113.7 - alice [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif?size=large HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#,
             format: "nginx-combined", time: "2000-10-10T20:55:36.000000Z", actor: "alice", action: "GET /apache_pb.gif",
             resource: "/apache_pb.gif", outcome: .success, origin: "203.0.113.7",
             attributes: #"{"body_bytes_sent":2326,"http_referer":"http://www.example.com/start.html","http_user_agent":"Mozilla/4.08 [en] (Win98; I ;Nav)","request":"GET /apache_pb.gif?size=large HTTP/1.0","status":200}"#),
        Case(name: "apache combined, 403 is a failure", which: .named("apache-combined"),
             line: #"198.51.100.23 - frank [01/Jan/2026:00:00:00 +0100] "POST /admin/login HTTP/1.1" 403 199 "https://intranet.example.org/admin/" "curl/8.5.0""#,
             format: "apache-combined", time: "2025-12-31T23:00:00.000000Z", actor: "frank", action: "POST /admin/login",
             resource: "/admin/login", outcome: .failure, origin: "198.51.100.23",
             attributes: #"{"body_bytes_sent":199,"http_referer":"https://intranet.example.org/admin/","http_user_agent":"curl/8.5.0","request":"POST /admin/login HTTP/1.1","status":403}"#),
        Case(name: "apache combined with an identd name", which: .named("apache-combined"),
             line: #"198.51.100.23 ident42 frank [01/Jan/2026:00:00:00 +0100] "GET /me HTTP/1.1" 200 17 "-" "-""#,
             format: "apache-combined", time: "2025-12-31T23:00:00.000000Z", actor: "frank", action: "GET /me",
             resource: "/me", outcome: .success, origin: "198.51.100.23",
             attributes: #"{"body_bytes_sent":17,"remote_ident":"ident42","request":"GET /me HTTP/1.1","status":200}"#),
        Case(name: "apache common, 401 with no body", which: .named("apache-common"),
             line: #"192.0.2.10 - - [29/Feb/2024:23:59:59 +0000] "DELETE /v1/cards/42 HTTP/1.1" 401 -"#,
             format: "apache-common", time: "2024-02-29T23:59:59.000000Z", action: "DELETE /v1/cards/42",
             resource: "/v1/cards/42", outcome: .failure, origin: "192.0.2.10",
             attributes: #"{"request":"DELETE /v1/cards/42 HTTP/1.1","status":401}"#),
        Case(name: "apache common keeps trailing fields", which: .named("apache-common"),
             line: #"192.0.2.10 - - [29/Feb/2024:23:59:59 +0000] "GET / HTTP/1.1" 200 512 "-" "x""#,
             format: "apache-common", time: "2024-02-29T23:59:59.000000Z", action: "GET /", resource: "/",
             outcome: .success, origin: "192.0.2.10",
             attributes: #"{"body_bytes_sent":512,"extra_fields":"\"-\" \"x\"","request":"GET / HTTP/1.1","status":200}"#),
        Case(name: "nginx combined, IPv6, escaped quotes and UTF-8, 502", which: .named("nginx-combined"),
             line: #"2001:db8::2a - - [15/Mar/2026:08:30:00 +0530] "GET /search?q=%22x%22 HTTP/2.0" 502 157 "-" "Mozilla/5.0 \"quoted\" caf\xC3\xA9""#,
             format: "nginx-combined", time: "2026-03-15T03:00:00.000000Z", action: "GET /search", resource: "/search",
             outcome: .failure, origin: "2001:db8::2a",
             attributes: #"{"body_bytes_sent":157,"http_user_agent":"Mozilla/5.0 \"quoted\" café","request":"GET /search?q=%22x%22 HTTP/2.0","status":502}"#),
        Case(name: "nginx combined, TLS bytes on an HTTP port: no action", which: .named("nginx-combined"),
             line: #"198.51.100.77 - - [15/Mar/2026:08:30:01 +0000] "\x16\x03\x01\x00\xA5\x01\x00\x00\xA1\x03\x03" 400 157 "-" "-""#,
             format: "nginx-combined", time: "2026-03-15T08:30:01.000000Z", action: nil, resource: nil,
             outcome: .failure, origin: "198.51.100.77",
             attributes: #"{"body_bytes_sent":157,"request":"\\x16\\x03\\x01\\x00\\xA5\\x01\\x00\\x00\\xA1\\x03\\x03","status":400}"#),
        Case(name: "nginx combined, absolute-form target, 304", which: .named("nginx-combined"),
             line: #"192.0.2.99 - - [15/Mar/2026:08:30:02 +0000] "GET http://example.com:8080/a/b?c=d HTTP/1.1" 304 0 "-" "probe/1.0""#,
             format: "nginx-combined", time: "2026-03-15T08:30:02.000000Z", action: "GET /a/b", resource: "/a/b",
             outcome: .success, origin: "192.0.2.99",
             attributes: #"{"body_bytes_sent":0,"http_user_agent":"probe/1.0","request":"GET http://example.com:8080/a/b?c=d HTTP/1.1","status":304}"#),
        Case(name: "custom log_format with request id and two upstream times", which: .custom(customFormat, name: "nginx-custom"),
             line: #"10.1.2.3 - svc-deploy [15/Mar/2026:08:30:03 +0000] "PUT /v1/keys/k1?force=true HTTP/1.1" 201 64 "-" "deploy-bot/2.1" 0.045 0.012, 0.031 "203.0.113.50, 10.0.0.1" 9f1c2ab4e0d34c6f8a1b2c3d4e5f6a7b"#,
             format: "nginx-custom", id: "9f1c2ab4e0d34c6f8a1b2c3d4e5f6a7b", time: "2026-03-15T08:30:03.000000Z",
             actor: "svc-deploy", action: "PUT /v1/keys/k1", resource: "/v1/keys/k1", outcome: .success, origin: "10.1.2.3",
             attributes: #"{"body_bytes_sent":64,"http_user_agent":"deploy-bot/2.1","http_x_forwarded_for":"203.0.113.50, 10.0.0.1","request":"PUT /v1/keys/k1?force=true HTTP/1.1","request_time":0.045,"status":201,"upstream_response_time":"0.012, 0.031"}"#),
        Case(name: "custom log_format: $msec wins over $time_iso8601", which: .custom(#"$msec $time_iso8601 $remote_addr "$request" $status $request_id"#, name: "edge-nginx"),
             line: #"1751364000.123 2025-07-01T12:00:00+02:00 192.0.2.5 "GET /health HTTP/1.1" 200 -"#,
             format: "edge-nginx", time: "2025-07-01T10:00:00.123000Z", action: "GET /health", resource: "/health",
             outcome: .success, origin: "192.0.2.5",
             attributes: #"{"request":"GET /health HTTP/1.1","status":200,"time_iso8601":"2025-07-01T12:00:00+02:00"}"#),
        Case(name: "custom log_format: $time_iso8601, 429", which: .custom(#"${time_iso8601} $remote_addr "$request" $status"#, name: "edge-nginx"),
             line: #"2026-03-15T10:00:00+02:00 192.0.2.6 "POST /login HTTP/1.1" 429"#,
             format: "edge-nginx", time: "2026-03-15T08:00:00.000000Z", action: "POST /login", resource: "/login",
             outcome: .failure, origin: "192.0.2.6", attributes: #"{"request":"POST /login HTTP/1.1","status":429}"#),
        Case(name: "custom log_format without a time takes the received time", which: .custom(#"$remote_addr "$request" $status"#, name: "nginx-custom"),
             line: #"192.0.2.7 "GET /ping HTTP/1.1" 101"#,
             format: "nginx-custom", time: "2026-09-01T12:00:00.000000Z", clock: "received", action: "GET /ping",
             resource: "/ping", outcome: .success, origin: "192.0.2.7", attributes: #"{"request":"GET /ping HTTP/1.1","status":101}"#),
        Case(name: "ALB http", which: .named("aws-alb"),
             line: #"http 2026-03-15T08:30:00.186641Z app/edge-alb/50dc6c495c0c9188 192.0.2.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/orders?id=7 HTTP/1.1" "curl/8.5.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/web/73e2d6bc24d8a067 "Root=1-65f40a3c-36d228ad5d99923122bbe354" "-" "-" 0 2026-03-15T08:29:59.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-""#,
             format: "aws-alb", session: "Root=1-65f40a3c-36d228ad5d99923122bbe354", time: "2026-03-15T08:30:00.186641Z",
             action: "GET /orders", resource: "/orders", outcome: .success, origin: "192.0.2.39",
             attributes: #"{"actions_executed":"forward","client_port":2817,"elb":"app/edge-alb/50dc6c495c0c9188","elb_status_code":200,"matched_rule_priority":0,"received_bytes":34,"request":"GET http://www.example.com:80/orders?id=7 HTTP/1.1","request_creation_time":"2026-03-15T08:29:59.364000Z","request_processing_time":0.000,"response_processing_time":0.000,"sent_bytes":366,"target":"10.0.0.1:80","target_group_arn":"arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/web/73e2d6bc24d8a067","target_port_list":"10.0.0.1:80","target_processing_time":0.001,"target_status_code":200,"target_status_code_list":"200","type":"http","user_agent":"curl/8.5.0"}"#),
        Case(name: "ALB https blocked by WAF, IPv6 client, a newer trailing field", which: .named("aws-alb"),
             line: #"https 2026-03-15T08:31:00.000001Z app/edge-alb/50dc6c495c0c9188 2001:db8::7:50412 - 0.001 -1 -1 403 - 120 272 "POST https://api.example.com:443/v1/admin/users HTTP/2.0" "python-requests/2.31.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 - "Root=1-65f40a78-1d84f3d73c47ec4e58577259" "api.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 0 2026-03-15T08:31:00.000000Z "waf" "-" "-" "-" "-" "-" "-" TID_1a2b3c4d"#,
             format: "aws-alb", session: "Root=1-65f40a78-1d84f3d73c47ec4e58577259", time: "2026-03-15T08:31:00.000001Z",
             action: "POST /v1/admin/users", resource: "/v1/admin/users", outcome: .failure, origin: "2001:db8::7",
             attributes: #"{"actions_executed":"waf","chosen_cert_arn":"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012","client_port":50412,"domain_name":"api.example.com","elb":"app/edge-alb/50dc6c495c0c9188","elb_status_code":403,"extra_fields":"TID_1a2b3c4d","matched_rule_priority":0,"received_bytes":120,"request":"POST https://api.example.com:443/v1/admin/users HTTP/2.0","request_creation_time":"2026-03-15T08:31:00.000000Z","request_processing_time":0.001,"response_processing_time":-1,"sent_bytes":272,"ssl_cipher":"ECDHE-RSA-AES128-GCM-SHA256","ssl_protocol":"TLSv1.2","target_processing_time":-1,"type":"https","user_agent":"python-requests/2.31.0"}"#),
        Case(name: "ALB redirect, bracketed IPv6 client", which: .named("aws-alb"),
             line: #"https 2026-03-15T08:32:00.500000Z app/edge-alb/50dc6c495c0c9188 [2001:db8::8]:40001 - 0.000 0.000 0.000 301 - 0 0 "GET https://www.example.com:443/old HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 - "Root=1-65f40ab4-aaaabbbbccccddddeeeeffff" "www.example.com" "-" 2 2026-03-15T08:32:00.499000Z "redirect" "https://www.example.com:443/new" "-" "-" "-" "Acceptable" "-""#,
             format: "aws-alb", session: "Root=1-65f40ab4-aaaabbbbccccddddeeeeffff", time: "2026-03-15T08:32:00.500000Z",
             action: "GET /old", resource: "/old", outcome: .success, origin: "2001:db8::8",
             attributes: #"{"actions_executed":"redirect","classification":"Acceptable","client_port":40001,"domain_name":"www.example.com","elb":"app/edge-alb/50dc6c495c0c9188","elb_status_code":301,"matched_rule_priority":2,"received_bytes":0,"redirect_url":"https://www.example.com:443/new","request":"GET https://www.example.com:443/old HTTP/1.1","request_creation_time":"2026-03-15T08:32:00.499000Z","request_processing_time":0.000,"response_processing_time":0.000,"sent_bytes":0,"ssl_cipher":"ECDHE-RSA-AES128-GCM-SHA256","ssl_protocol":"TLSv1.2","target_processing_time":0.000,"type":"https","user_agent":"Mozilla/5.0"}"#),
        Case(name: "S3 GET object by an IAM user", which: .named("aws-s3-access"),
             line: #"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be audit-archive [15/Mar/2026:08:40:00 +0000] 192.0.2.3 arn:aws:iam::123456789012:user/alice 3E57427F3EXAMPLE REST.GET.OBJECT reports/2026/q1.pdf "GET /audit-archive/reports/2026/q1.pdf?versionId=3HL4kqtJvjVBH40Nrjfkd HTTP/1.1" 200 - 2662992 3462992 70 10 "-" "aws-cli/2.15.0" 3HL4kqtJvjVBH40Nrjfkd s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader audit-archive.s3.us-west-1.amazonaws.com TLSv1.2 - -"#,
             format: "aws-s3-access", id: "3E57427F3EXAMPLE", time: "2026-03-15T08:40:00.000000Z",
             actor: "arn:aws:iam::123456789012:user/alice", action: "REST.GET.OBJECT", resource: "audit-archive/reports/2026/q1.pdf",
             outcome: .success, origin: "192.0.2.3",
             attributes: #"{"authentication_type":"AuthHeader","bucket_owner":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be","bytes_sent":2662992,"cipher_suite":"ECDHE-RSA-AES128-GCM-SHA256","host_header":"audit-archive.s3.us-west-1.amazonaws.com","host_id":"s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=","http_status":200,"object_size":3462992,"request_uri":"GET /audit-archive/reports/2026/q1.pdf?versionId=3HL4kqtJvjVBH40Nrjfkd HTTP/1.1","signature_version":"SigV4","tls_version":"TLSv1.2","total_time":70,"turn_around_time":10,"user_agent":"aws-cli/2.15.0","version_id":"3HL4kqtJvjVBH40Nrjfkd"}"#),
        Case(name: "S3 anonymous request denied, with a newer trailing field", which: .named("aws-s3-access"),
             line: #"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be audit-archive [15/Mar/2026:08:41:00 -0500] 203.0.113.66 - 891CE47D2EXAMPLE REST.GET.OBJECT private/keys%2Fmaster.pem "GET /private/keys%2Fmaster.pem HTTP/1.1" 403 AccessDenied 243 - 12 - "-" "curl/7.88.1" - 9vKBE6vMhrNiWHZmb2L0mXOcqPGzQOI5XLnCtZNPxev+Hf+7tpT6sxDwDty4LHBUOZJG96N1234= - - - audit-archive.s3.amazonaws.com - - - us-east-1"#,
             format: "aws-s3-access", id: "891CE47D2EXAMPLE", time: "2026-03-15T13:41:00.000000Z", actor: nil,
             action: "REST.GET.OBJECT", resource: "audit-archive/private/keys%2Fmaster.pem", outcome: .failure, origin: "203.0.113.66",
             attributes: #"{"bucket_owner":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be","bytes_sent":243,"error_code":"AccessDenied","extra_fields":"us-east-1","host_header":"audit-archive.s3.amazonaws.com","host_id":"9vKBE6vMhrNiWHZmb2L0mXOcqPGzQOI5XLnCtZNPxev+Hf+7tpT6sxDwDty4LHBUOZJG96N1234=","http_status":403,"request_uri":"GET /private/keys%2Fmaster.pem HTTP/1.1","total_time":12,"user_agent":"curl/7.88.1"}"#),
        Case(name: "S3 bucket operation (no key) through an access point", which: .named("aws-s3-access"),
             line: #"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be audit-archive [15/Mar/2026:08:42:00 +0000] 192.0.2.3 arn:aws:sts::123456789012:assumed-role/Admin/bob A1206F460EXAMPLE REST.PUT.BUCKETPOLICY - "PUT /audit-archive?policy HTTP/1.1" 204 - - - 35 - "-" "S3Console/0.4" - BNaBsXZQQDbssi6xMBdBU2sLt+Yf5kZDmeBUP35sFoKa3sLLeMC78iwEIWxs99CRUrbS4n11234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader audit-archive.s3.us-west-1.amazonaws.com TLSv1.2 arn:aws:s3:us-west-1:123456789012:accesspoint/audit-ap Yes"#,
             format: "aws-s3-access", id: "A1206F460EXAMPLE", time: "2026-03-15T08:42:00.000000Z",
             actor: "arn:aws:sts::123456789012:assumed-role/Admin/bob", action: "REST.PUT.BUCKETPOLICY", resource: "audit-archive",
             outcome: .success, origin: "192.0.2.3",
             attributes: #"{"access_point_arn":"arn:aws:s3:us-west-1:123456789012:accesspoint/audit-ap","acl_required":"Yes","authentication_type":"AuthHeader","bucket_owner":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be","cipher_suite":"ECDHE-RSA-AES128-GCM-SHA256","host_header":"audit-archive.s3.us-west-1.amazonaws.com","host_id":"BNaBsXZQQDbssi6xMBdBU2sLt+Yf5kZDmeBUP35sFoKa3sLLeMC78iwEIWxs99CRUrbS4n11234=","http_status":204,"request_uri":"PUT /audit-archive?policy HTTP/1.1","signature_version":"SigV4","tls_version":"TLSv1.2","total_time":35,"user_agent":"S3Console/0.4"}"#),
    ]

    @Test(arguments: cases)
    func mapsEveryField(_ c: Case) throws {
        let e = try Self.parse(c.which, c.line)
        #expect(e.format == c.format)
        #expect(e.id == c.id)
        #expect(e.session == (c.session ?? c.id))
        #expect(e.time.rfc3339 == c.time)
        #expect(e.clock == c.clock)
        #expect(e.actor == c.actor)
        #expect(e.action == c.action)
        #expect(e.resource == c.resource)
        #expect(e.outcome == c.outcome)
        #expect(e.origin == c.origin)
        #expect(CanonicalJSON.string(.object(e.attributes)) == c.attributes)
        #expect(e.raw == c.line)
        #expect(!e.rawIsBase64)
        #expect(e.source == "edge")
        #expect(e.received == Self.received)
        // The stored line reads back to the same event (numbers are valid JSON).
        #expect(try TrailEvent.decode(line: e.canonicalLine()) == e)
    }

    // MARK: Refused lines

    struct Bad: Sendable, CustomTestStringConvertible {
        var name: String
        var which: Which
        var line: String
        /// Text the reason must contain (it names the field).
        var reason: String
        var offset: Int?
        var testDescription: String { name }
    }

    static let combinedLine = #"83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /index.html HTTP/1.1" 200 203023 "http://semicomplete.com/" "Mozilla/5.0""#

    static let bad: [Bad] = [
        Bad(name: "empty", which: .named("nginx-combined"), line: "", reason: "empty line"),
        Bad(name: "truncated after status", which: .named("nginx-combined"),
            line: #"83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /index.html HTTP/1.1" 200"#,
            reason: "line ends early: expected ' ' before body_bytes_sent", offset: 76),
        Bad(name: "truncated inside the request", which: .named("nginx-combined"),
            line: #"83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /index.ht"#,
            reason: "missing closing '\"' of request", offset: 47),
        Bad(name: "truncated inside the time", which: .named("apache-combined"),
            line: #"83.149.9.216 - - [17/May/2015:10:0"#, reason: "line ends inside time_local", offset: 18),
        Bad(name: "truncated after the address", which: .named("nginx-combined"),
            line: "83.149.9.216", reason: "line ends early: expected ' - ' before remote_user"),
        Bad(name: "bad month", which: .named("nginx-combined"),
            line: combinedLine.replacingOccurrences(of: "17/May/2015", with: "17/Mai/2015"),
            reason: "time_local is not a time like 10/Oct/2000:13:55:36 -0700", offset: 18),
        Bad(name: "no such day", which: .named("nginx-combined"),
            line: combinedLine.replacingOccurrences(of: "17/May/2015", with: "30/Feb/2015"), reason: "time_local is not a time"),
        Bad(name: "bad offset", which: .named("nginx-combined"),
            line: combinedLine.replacingOccurrences(of: "+0000", with: "+0x00"), reason: "time_local is not a time"),
        Bad(name: "status not a number", which: .named("nginx-combined"),
            line: combinedLine.replacingOccurrences(of: "\" 200 ", with: "\" 2x0 "),
            reason: "status is not a 3-digit HTTP status code", offset: 73),
        Bad(name: "status of four digits", which: .named("apache-common"),
            line: #"192.0.2.10 - - [29/Feb/2024:23:59:59 +0000] "GET / HTTP/1.1" 2000 5"#, reason: "status is not a 3-digit HTTP status code"),
        Bad(name: "bytes not a number", which: .named("nginx-combined"),
            line: combinedLine.replacingOccurrences(of: "203023", with: "20k"), reason: "body_bytes_sent is not a whole number"),
        Bad(name: "missing opening quote of the request", which: .named("nginx-combined"),
            line: combinedLine.replacingOccurrences(of: "\"GET", with: "GET"), reason: "expected '] \"' before request", offset: 44),
        Bad(name: "missing opening quote of the referer", which: .named("nginx-combined"),
            line: combinedLine.replacingOccurrences(of: "\"http:", with: "http:"), reason: "expected ' \"' before http_referer"),
        Bad(name: "missing opening quote of the user agent", which: .named("nginx-combined"),
            line: combinedLine.replacingOccurrences(of: "\"Mozilla", with: "Mozilla"), reason: "expected '\" \"' before http_user_agent"),
        Bad(name: "missing closing quote of the user agent", which: .named("nginx-combined"),
            line: String(combinedLine.dropLast()), reason: "missing closing '\"' of http_user_agent"),
        // Line 8,899 of the corpus file (see `apacheCombinedSample`) really is cut off like this.
        Bad(name: "real truncated line", which: .named("nginx-combined"),
            line: #"46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /scripts/grok-py-test/configlib.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html"#,
            reason: "missing closing '\"' of http_user_agent", offset: 111),
        Bad(name: "custom format: literal text differs", which: .custom("$remote_addr | $status", name: "x"),
            line: "192.0.2.1 - 200", reason: "expected ' | ' before status", offset: 9),
        Bad(name: "custom format: request_time not a number", which: .custom(customFormat, name: "x"),
            line: #"10.1.2.3 - - [15/Mar/2026:08:30:03 +0000] "GET / HTTP/1.1" 200 64 "-" "-" fast 0.012 "-" abc"#,
            reason: "request_time is not a number"),
        Bad(name: "custom format: a field missing", which: .custom(customFormat, name: "x"),
            line: #"10.1.2.3 - - [15/Mar/2026:08:30:03 +0000] "GET / HTTP/1.1" 200 64 "-" "-" 0.045 0.012 "-""#,
            reason: "line ends early: expected '\" ' before request_id"),
        Bad(name: "custom format: text after the last field", which: .custom(#"$remote_addr "$request" $status"#, name: "x"),
            line: #"192.0.2.7 "GET / HTTP/1.1" 200 512"#, reason: "status is not a 3-digit HTTP status code"),
        Bad(name: "custom format: text after the last quote", which: .custom(#"$remote_addr "$request""#, name: "x"),
            line: #"192.0.2.7 "GET / HTTP/1.1" 200"#, reason: "unexpected text after request", offset: 26),
        Bad(name: "custom format: bad $msec", which: .custom(#"$msec $remote_addr"#, name: "x"),
            line: "17513640x0.123 192.0.2.5", reason: "msec is not an epoch time in seconds", offset: 0),
        Bad(name: "custom format: bad $time_iso8601", which: .custom(#"$time_iso8601 $remote_addr"#, name: "x"),
            line: "2025-13-01T12:00:00+02:00 192.0.2.5", reason: "time_iso8601 is not an ISO 8601 time", offset: 0),
        Bad(name: "ALB: bad time", which: .named("aws-alb"),
            line: albLine.replacingOccurrences(of: "2026-03-15T08:30:00.186641Z", with: "2026-03-15T25:30:00Z"), reason: "time is not an ISO 8601 time"),
        Bad(name: "ALB: bad status", which: .named("aws-alb"),
            line: albLine.replacingOccurrences(of: " 200 200 ", with: " OK 200 "), reason: "elb_status_code is not a 3-digit HTTP status code"),
        Bad(name: "ALB: classification fields missing", which: .named("aws-alb"),
            line: String(albLine.dropLast(8)), reason: "line ends early: expected '\" \"' before classification"),
        Bad(name: "ALB: truncated inside the user agent", which: .named("aws-alb"),
            line: String(albLine[..<albLine.range(of: "curl/8")!.upperBound]), reason: "missing closing '\"' of user_agent"),
        Bad(name: "S3: bad time", which: .named("aws-s3-access"),
            line: s3Line.replacingOccurrences(of: "06/Feb/2019:00:00:38", with: "06/Feb/2019:24:00:38"), reason: "time is not a time like"),
        Bad(name: "S3: truncated", which: .named("aws-s3-access"),
            line: String(s3Line[..<s3Line.range(of: "HTTP/1.1\" 200")!.upperBound]), reason: "line ends early: expected ' ' before error_code"),
        Bad(name: "S3: bad byte count", which: .named("aws-s3-access"),
            line: s3Line.replacingOccurrences(of: " 113 ", with: " 1.5 "), reason: "bytes_sent is not a whole number"),
    ]

    static let albLine = #"http 2026-03-15T08:30:00.186641Z app/edge-alb/50dc6c495c0c9188 192.0.2.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/orders?id=7 HTTP/1.1" "curl/8.5.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/web/73e2d6bc24d8a067 "Root=1-65f40a3c-36d228ad5d99923122bbe354" "-" "-" 0 2026-03-15T08:29:59.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-""#
    static let s3Line = #"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be audit-archive [06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /audit-archive?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader audit-archive.s3.us-west-1.amazonaws.com TLSv1.2 - -"#

    @Test(arguments: bad)
    func refusesWithTheFieldNamed(_ c: Bad) throws {
        let p = try c.which.parser()
        let error = try #require(throws: ParseFailure.self) {
            try Array(c.line.utf8).withUnsafeBytes { try p.parse($0, context: Self.context) }
        }
        #expect(error.reason.contains(c.reason), "reason was: \(error.reason)")
        if let offset = c.offset { #expect(error.offset == offset, "reason was: \(error.description)") }
        #expect(error.offset != nil || c.reason == "empty line")
    }

    @Test func templatesForBadLinesAreGood() throws {
        _ = try Self.parse(.named("nginx-combined"), Self.combinedLine)
        _ = try Self.parse(.named("aws-alb"), Self.albLine)
        _ = try Self.parse(.named("aws-s3-access"), Self.s3Line)
    }

    // MARK: Formats, raw bytes, line endings

    @Test(arguments: AccessLogParser.builtInFormats)
    func builtInNamesGiveTheirFormat(_ name: String) throws {
        #expect(AccessLogParser(named: name)?.format == name)
    }

    @Test func unknownNameIsNil() {
        #expect(AccessLogParser(named: "nginx") == nil)
    }

    @Test func nonUTF8LineIsKeptAsBase64() throws {
        var bytes = Array(Self.combinedLine.utf8)
        let at = bytes.count - 8  // inside the user agent, "Mozilla/5.0"
        bytes.insert(0xFF, at: at)
        let e = try bytes.withUnsafeBytes { try AccessLogParser.nginxCombined.parse($0, context: Self.context) }
        #expect(e.rawIsBase64)
        #expect(Data(base64Encoded: e.raw).map { [UInt8]($0) } == bytes)
        #expect(e.action == "GET /index.html")
        #expect(try TrailEvent.decode(line: e.canonicalLine()) == e)
    }

    @Test func lineEndingIsIgnoredButKeptInRaw() throws {
        let line = Self.combinedLine + "\r\n"
        let e = try Self.parse(.named("nginx-combined"), line)
        #expect(e.raw == line)
        #expect(e.attributes.first { $0.0 == "http_user_agent" }?.1 == .string("Mozilla/5.0"))
    }

    @Test func configQuotingIsAccepted() throws {
        let p = try AccessLogParser(logFormat: "  '$remote_addr [$time_local] '\n    '\"$request\" $status';  ")
        let e = try Array(#"192.0.2.1 [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200"#.utf8).withUnsafeBytes {
            try p.parse($0, context: Self.context)
        }
        #expect(e.action == "GET /")
        #expect(e.format == "nginx-custom")
    }

    @Test func trailingFieldsCanBeAllowedInCustomFormats() throws {
        let p = try AccessLogParser(logFormat: #"$remote_addr "$request""#, allowTrailingFields: true)
        let e = try Array(#"192.0.2.7 "GET / HTTP/1.1" 200 512"#.utf8).withUnsafeBytes { try p.parse($0, context: Self.context) }
        #expect(e.attributes.first { $0.0 == "extra_fields" }?.1 == .string("200 512"))
    }

    @Test func zonelessISOTimeTakesTheCollectorZone() throws {
        let ctx = ParseContext(source: "edge", received: Self.received, timeZone: TimeZone(identifier: "Europe/Berlin"))
        let e = try Self.parse(.custom("$time_iso8601 $status", name: "x"), "2026-07-01T12:00:00 200", context: ctx)
        #expect(e.time.rfc3339 == "2026-07-01T10:00:00.000000Z")
        #expect(e.clock == "assumed:Europe/Berlin")
    }

    static let formatErrors: [(String, String)] = [
        ("$remote_addr$remote_user", "$remote_addr and $remote_user have no text between them"),
        ("just text", "no $variables"),
        ("$status $status", "$status appears more than once"),
        ("${status", "unterminated '${'"),
        ("'$status", "unterminated '"),
        ("'$status' x", "text outside the quoted pieces"),
    ]

    @Test(arguments: formatErrors)
    func badLogFormatsAreRefused(_ format: String, _ reason: String) {
        do {
            _ = try AccessLogParser(logFormat: format)
            Issue.record("compiled: \(format)")
        } catch {
            #expect(error.reason.contains(reason), "reason was: \(error.reason)")
        }
    }

    // MARK: A real log

    /// Every one of the first 200 lines of a public Apache combined log parses, and its fields agree
    /// with a regular-expression reading and Foundation's date parser.
    @Test(arguments: ["nginx-combined", "apache-combined"])
    func realApacheLogParses(_ name: String) throws {
        let lines = Self.apacheCombinedSample.split(separator: "\n").map(String.init)
        #expect(lines.count == 200)
        let shape = try Regex(#"^(\S+) (\S+) (\S+) \[([^\]]+)\] "(\S+) ([^ ?"]+)(\?[^ "]*)? (HTTP/[0-9.]+)" (\d{3}) (\S+) "([^"]*)" "([^"]*)"$"#)
        let dates = DateFormatter()
        dates.locale = Locale(identifier: "en_US_POSIX")
        dates.dateFormat = "dd/MMM/yyyy:HH:mm:ss Z"
        let parser = AccessLogParser(named: name)!
        for (n, line) in lines.enumerated() {
            let e = try Array(line.utf8).withUnsafeBytes { try parser.parse($0, context: Self.context) }
            guard let m = try shape.wholeMatch(in: line) else { Issue.record("line \(n + 1) is not combined"); continue }
            func g(_ i: Int) -> String? { m.output[i].substring.map(String.init) }
            let status = Int(g(9)!)!
            #expect(e.origin == g(1), "line \(n + 1)")
            #expect(e.actor == (g(3) == "-" ? nil : g(3)), "line \(n + 1)")
            #expect(e.action == g(5)! + " " + g(6)!, "line \(n + 1)")
            #expect(e.resource == g(6), "line \(n + 1)")
            #expect(e.outcome == (status < 400 ? .success : .failure), "line \(n + 1)")
            let date = try #require(dates.date(from: g(4)!))
            #expect(e.time == Timestamp(seconds: Int64(date.timeIntervalSince1970)), "line \(n + 1)")
            #expect(e.id == nil && e.session == nil && e.clock == nil)
            #expect(e.format == name)
            #expect(e.raw == line)
            func attr(_ k: String) -> JSONValue? { e.attributes.first { $0.0 == k }?.1 }
            #expect(attr("status") == .number(String(status)), "line \(n + 1)")
            #expect(attr("request") == .string(g(5)! + " " + g(6)! + (g(7) ?? "") + " " + g(8)!), "line \(n + 1)")
            #expect(attr("body_bytes_sent") == (g(10) == "-" ? nil : .number(g(10)!)), "line \(n + 1)")
            #expect(attr("http_referer") == (g(11) == "-" ? nil : .string(g(11)!)), "line \(n + 1)")
            #expect(attr("http_user_agent") == (g(12) == "-" ? nil : .string(g(12)!)), "line \(n + 1)")
            #expect(attr("extra_fields") == nil)
        }
        // The first line, spelled out.
        let first = try Array(lines[0].utf8).withUnsafeBytes { try parser.parse($0, context: Self.context) }
        #expect(first.time.rfc3339 == "2015-05-17T10:05:03.000000Z")
        #expect(first.action == "GET /presentations/logstash-monitorama-2013/images/kibana-search.png")
        #expect(CanonicalJSON.string(.object(first.attributes)) == #"{"body_bytes_sent":203023,"http_referer":"http://semicomplete.com/presentations/logstash-monitorama-2013/","http_user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36","request":"GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1","status":200}"#)
    }
}

extension AccessLogTests {
    /// The first 200 lines of `access/apache_combined_access.log` from the project's shared corpus
    /// (`shared/corpus/SOURCES.md`):
    ///
    ///     | access/apache_combined_access.log | elastic/examples · `Common Data Formats/apache_logs/apache_logs` · 6d86454 | Apache-2.0 | Apache/NCSA combined access log (same layout as nginx `combined`) | 10,000 lines |
    ///
    /// Source: https://github.com/elastic/examples/blob/6d86454/Common%20Data%20Formats/apache_logs/apache_logs
    /// (repository elastic/examples, path `Common Data Formats/apache_logs/apache_logs`, commit 6d86454).
    /// Licence: Apache License, Version 2.0 (Apache-2.0); copied unchanged.
    static let apacheCombinedSample = #"""
83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:43 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-dashboard3.png HTTP/1.1" 200 171717 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:47 +0000] "GET /presentations/logstash-monitorama-2013/plugin/highlight/highlight.js HTTP/1.1" 200 26185 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:12 +0000] "GET /presentations/logstash-monitorama-2013/plugin/zoom-js/zoom.js HTTP/1.1" 200 7697 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:07 +0000] "GET /presentations/logstash-monitorama-2013/plugin/notes/notes.js HTTP/1.1" 200 2892 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:34 +0000] "GET /presentations/logstash-monitorama-2013/images/sad-medic.png HTTP/1.1" 200 430406 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:57 +0000] "GET /presentations/logstash-monitorama-2013/css/fonts/Roboto-Bold.ttf HTTP/1.1" 200 38720 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:50 +0000] "GET /presentations/logstash-monitorama-2013/css/fonts/Roboto-Regular.ttf HTTP/1.1" 200 41820 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:24 +0000] "GET /presentations/logstash-monitorama-2013/images/frontend-response-codes.png HTTP/1.1" 200 52878 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:50 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-dashboard.png HTTP/1.1" 200 321631 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:46 +0000] "GET /presentations/logstash-monitorama-2013/images/Dreamhost_logo.svg HTTP/1.1" 200 2126 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:11 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-dashboard2.png HTTP/1.1" 200 394967 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:19 +0000] "GET /presentations/logstash-monitorama-2013/images/apache-icon.gif HTTP/1.1" 200 8095 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:33 +0000] "GET /presentations/logstash-monitorama-2013/images/nagios-sms5.png HTTP/1.1" 200 78075 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:00 +0000] "GET /presentations/logstash-monitorama-2013/images/redis.png HTTP/1.1" 200 25230 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:25 +0000] "GET /presentations/logstash-monitorama-2013/images/elasticsearch.png HTTP/1.1" 200 8026 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:59 +0000] "GET /presentations/logstash-monitorama-2013/images/logstashbook.png HTTP/1.1" 200 54662 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:30 +0000] "GET /presentations/logstash-monitorama-2013/images/github-contributions.png HTTP/1.1" 200 34245 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:53 +0000] "GET /presentations/logstash-monitorama-2013/css/print/paper.css HTTP/1.1" 200 4254 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:24 +0000] "GET /presentations/logstash-monitorama-2013/images/1983_delorean_dmc-12-pic-38289.jpeg HTTP/1.1" 200 220562 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:54 +0000] "GET /presentations/logstash-monitorama-2013/images/simple-inputs-filters-outputs.jpg HTTP/1.1" 200 1168622 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:33 +0000] "GET /presentations/logstash-monitorama-2013/images/tiered-outputs-to-inputs.jpg HTTP/1.1" 200 1079983 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
83.149.9.216 - - [17/May/2015:10:05:56 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"
24.236.252.67 - - [17/May/2015:10:05:40 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0"
93.114.45.13 - - [17/May/2015:10:05:14 +0000] "GET /articles/dynamic-dns-with-dhcp/ HTTP/1.1" 200 18848 "http://www.google.ro/url?sa=t&rct=j&q=&esrc=s&source=web&cd=2&ved=0CCwQFjAB&url=http%3A%2F%2Fwww.semicomplete.com%2Farticles%2Fdynamic-dns-with-dhcp%2F&ei=W88AU4n9HOq60QXbv4GwBg&usg=AFQjCNEF1X4Rs52UYQyLiySTQxa97ozM4g&bvm=bv.61535280,d.d2k" "Mozilla/5.0 (X11; Linux x86_64; rv:25.0) Gecko/20100101 Firefox/25.0"
93.114.45.13 - - [17/May/2015:10:05:04 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/articles/dynamic-dns-with-dhcp/" "Mozilla/5.0 (X11; Linux x86_64; rv:25.0) Gecko/20100101 Firefox/25.0"
93.114.45.13 - - [17/May/2015:10:05:45 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/articles/dynamic-dns-with-dhcp/" "Mozilla/5.0 (X11; Linux x86_64; rv:25.0) Gecko/20100101 Firefox/25.0"
93.114.45.13 - - [17/May/2015:10:05:14 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:25.0) Gecko/20100101 Firefox/25.0"
93.114.45.13 - - [17/May/2015:10:05:17 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/articles/dynamic-dns-with-dhcp/" "Mozilla/5.0 (X11; Linux x86_64; rv:25.0) Gecko/20100101 Firefox/25.0"
93.114.45.13 - - [17/May/2015:10:05:21 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/style2.css" "Mozilla/5.0 (X11; Linux x86_64; rv:25.0) Gecko/20100101 Firefox/25.0"
66.249.73.135 - - [17/May/2015:10:05:40 +0000] "GET /blog/tags/ipv6 HTTP/1.1" 200 12251 "-" "Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 Mobile/10A5376e Safari/8536.25 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
50.16.19.13 - - [17/May/2015:10:05:10 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "http://www.semicomplete.com/blog/tags/puppet?flav=rss20" "Tiny Tiny RSS/1.11 (http://tt-rss.org/)"
66.249.73.185 - - [17/May/2015:10:05:37 +0000] "GET / HTTP/1.1" 200 37932 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
110.136.166.128 - - [17/May/2015:10:05:35 +0000] "GET /projects/xdotool/ HTTP/1.1" 200 12292 "http://www.google.com/url?sa=t&rct=j&q=&esrc=s&source=web&cd=5&cad=rja&sqi=2&ved=0CFYQFjAE&url=http%3A%2F%2Fwww.semicomplete.com%2Fprojects%2Fxdotool%2F&ei=6cwAU_bRHo6urAeI0YD4Ag&usg=AFQjCNE3V_aCf3-gfNcbS924S6jZ6FqffA&bvm=bv.61535280,d.bmk" "Mozilla/5.0 (Windows NT 6.2; WOW64; rv:28.0) Gecko/20100101 Firefox/28.0"
46.105.14.53 - - [17/May/2015:10:05:03 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/"
110.136.166.128 - - [17/May/2015:10:05:06 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (Windows NT 6.2; WOW64; rv:28.0) Gecko/20100101 Firefox/28.0"
110.136.166.128 - - [17/May/2015:10:05:03 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (Windows NT 6.2; WOW64; rv:28.0) Gecko/20100101 Firefox/28.0"
110.136.166.128 - - [17/May/2015:10:05:41 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (Windows NT 6.2; WOW64; rv:28.0) Gecko/20100101 Firefox/28.0"
110.136.166.128 - - [17/May/2015:10:05:32 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (Windows NT 6.2; WOW64; rv:28.0) Gecko/20100101 Firefox/28.0"
123.125.71.35 - - [17/May/2015:10:05:46 +0000] "GET /blog/tags/release HTTP/1.1" 200 40693 "-" "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
110.136.166.128 - - [17/May/2015:10:05:08 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/style2.css" "Mozilla/5.0 (Windows NT 6.2; WOW64; rv:28.0) Gecko/20100101 Firefox/28.0"
50.150.204.184 - - [17/May/2015:10:05:46 +0000] "GET /images/googledotcom.png HTTP/1.1" 200 65748 "http://www.google.com/search?q=https//:google.com&source=lnms&tbm=isch&sa=X&ei=4-r8UvDrKZOgkQe7x4CICw&ved=0CAkQ_AUoAA&biw=320&bih=441" "Mozilla/5.0 (Linux; U; Android 4.0.4; en-us; LG-MS770 Build/IMM76I) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30"
207.241.237.225 - - [17/May/2015:10:05:58 +0000] "GET /blog/tags/examples HTTP/1.0" 200 9208 "http://www.semicomplete.com/blog/tags/C" "Mozilla/5.0 (compatible; archive.org_bot +http://www.archive.org/details/archive.org_bot)"
200.49.190.101 - - [17/May/2015:10:05:36 +0000] "GET /reset.css HTTP/1.1" 200 1015 "-" "-"
200.49.190.100 - - [17/May/2015:10:05:38 +0000] "GET /blog/tags/web HTTP/1.1" 200 44019 "-" "QS304 Profile/MIDP-2.0 Configuration/CLDC-1.1"
200.49.190.101 - - [17/May/2015:10:05:11 +0000] "GET /style2.css HTTP/1.1" 200 4877 "-" "-"
200.49.190.101 - - [17/May/2015:10:05:37 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "-" "QS304 Profile/MIDP-2.0 Configuration/CLDC-1.1"
66.249.73.185 - - [17/May/2015:10:05:00 +0000] "GET /reset.css HTTP/1.1" 200 1015 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
66.249.73.135 - - [17/May/2015:10:05:16 +0000] "GET /blog/tags/munin HTTP/1.1" 200 9746 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
66.249.73.135 - - [17/May/2015:10:05:33 +0000] "GET /blog/tags/firefox?flav=rss20 HTTP/1.1" 200 16021 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
66.249.73.135 - - [17/May/2015:10:05:17 +0000] "GET /blog/geekery/eventdb-ideas.html HTTP/1.1" 200 11418 "-" "Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 Mobile/10A5376e Safari/8536.25 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
67.214.178.190 - - [17/May/2015:10:05:48 +0000] "GET / HTTP/1.0" 200 37932 "http://www.semicomplete.com/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.7; rv:21.0) Gecko/20100101 Firefox/21.0"
67.214.178.190 - - [17/May/2015:10:05:18 +0000] "GET /blog/geekery/installing-windows-8-consumer-preview.html HTTP/1.0" 200 8948 "http://www.semicomplete.com/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.7; rv:21.0) Gecko/20100101 Firefox/21.0"
207.241.237.220 - - [17/May/2015:10:05:28 +0000] "GET /blog/tags/projects HTTP/1.0" 200 28370 "http://www.semicomplete.com/blog/tags/C" "Mozilla/5.0 (compatible; archive.org_bot +http://www.archive.org/details/archive.org_bot)"
46.105.14.53 - - [17/May/2015:10:05:44 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/"
207.241.237.227 - - [17/May/2015:10:05:47 +0000] "GET /blog/geekery/soekris-gpio.html HTTP/1.0" 200 9587 "http://www.semicomplete.com/blog/tags/C" "Mozilla/5.0 (compatible; archive.org_bot +http://www.archive.org/details/archive.org_bot)"
91.177.205.119 - - [17/May/2015:10:05:22 +0000] "GET /blog/geekery/xvfb-firefox.html HTTP/1.1" 200 10975 "http://en.wikipedia.org/wiki/Xvfb" "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; WOW64; Trident/6.0)"
91.177.205.119 - - [17/May/2015:10:05:34 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://semicomplete.com/blog/geekery/xvfb-firefox.html" "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; WOW64; Trident/6.0)"
91.177.205.119 - - [17/May/2015:10:05:37 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://semicomplete.com/blog/geekery/xvfb-firefox.html" "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; WOW64; Trident/6.0)"
91.177.205.119 - - [17/May/2015:10:05:54 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://semicomplete.com/blog/geekery/xvfb-firefox.html" "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; WOW64; Trident/6.0)"
91.177.205.119 - - [17/May/2015:10:05:31 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://semicomplete.com/blog/geekery/xvfb-firefox.html" "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; WOW64; Trident/6.0)"
91.177.205.119 - - [17/May/2015:10:05:32 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Win64; x64; Trident/6.0)"
66.249.73.185 - - [17/May/2015:10:05:22 +0000] "GET /doc/index.html?org/elasticsearch/action/search/SearchResponse.html HTTP/1.1" 404 294 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
207.241.237.228 - - [17/May/2015:10:05:40 +0000] "GET /blog/tags/defcon HTTP/1.0" 200 24142 "http://www.semicomplete.com/blog/tags/C" "Mozilla/5.0 (compatible; archive.org_bot +http://www.archive.org/details/archive.org_bot)"
207.241.237.101 - - [17/May/2015:10:05:51 +0000] "GET /blog/tags/regex HTTP/1.0" 200 14888 "http://www.semicomplete.com/blog/tags/C" "Mozilla/5.0 (compatible; archive.org_bot +http://www.archive.org/details/archive.org_bot)"
87.169.99.232 - - [17/May/2015:10:05:59 +0000] "GET /presentations/puppet-at-loggly/puppet-at-loggly.pdf.html HTTP/1.1" 200 24747 "https://www.google.de/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
209.85.238.199 - - [17/May/2015:10:05:30 +0000] "GET /blog/tags/firefox?flav=rss20 HTTP/1.1" 200 16021 "-" "Feedfetcher-Google; (+http://www.google.com/feedfetcher.html; 3 subscribers; feed-id=14171215010336145331)"
209.85.238.199 - - [17/May/2015:10:05:15 +0000] "GET /test.xml HTTP/1.1" 200 1370 "-" "Feedfetcher-Google; (+http://www.google.com/feedfetcher.html; 1 subscribers; feed-id=11390274670024826467)"
81.220.24.207 - - [17/May/2015:10:05:13 +0000] "GET /blog/geekery/ssl-latency.html HTTP/1.1" 200 17147 "http://www.google.fr/url?sa=t&rct=j&q=&esrc=s&source=web&cd=5&ved=0CE4QFjAE&url=http%3A%2F%2Fwww.semicomplete.com%2Fblog%2Fgeekery%2Fssl-latency.html&ei=ZdEAU9mGGuWX1AW09IDoBw&usg=AFQjCNHw6zioJpizqX8Q0YpKKaF4zdCSEg&bvm=bv.61535280,d.d2k" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.73.11 (KHTML, like Gecko) Version/7.0.1 Safari/537.73.11"
81.220.24.207 - - [17/May/2015:10:05:44 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/blog/geekery/ssl-latency.html" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.73.11 (KHTML, like Gecko) Version/7.0.1 Safari/537.73.11"
81.220.24.207 - - [17/May/2015:10:05:26 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/blog/geekery/ssl-latency.html" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.73.11 (KHTML, like Gecko) Version/7.0.1 Safari/537.73.11"
81.220.24.207 - - [17/May/2015:10:05:39 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/blog/geekery/ssl-latency.html" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.73.11 (KHTML, like Gecko) Version/7.0.1 Safari/537.73.11"
81.220.24.207 - - [17/May/2015:10:05:52 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/blog/geekery/ssl-latency.html" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.73.11 (KHTML, like Gecko) Version/7.0.1 Safari/537.73.11"
81.220.24.207 - - [17/May/2015:10:05:21 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "http://www.semicomplete.com/blog/geekery/ssl-latency.html" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.73.11 (KHTML, like Gecko) Version/7.0.1 Safari/537.73.11"
66.249.73.135 - - [17/May/2015:11:05:17 +0000] "GET /blog/geekery/vmware-cpu-performance.html HTTP/1.1" 200 12908 "-" "Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 Mobile/10A5376e Safari/8536.25 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
46.105.14.53 - - [17/May/2015:11:05:42 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/"
218.30.103.62 - - [17/May/2015:11:05:11 +0000] "GET /robots.txt HTTP/1.1" 200 - "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"
218.30.103.62 - - [17/May/2015:11:05:46 +0000] "GET /robots.txt HTTP/1.1" 200 - "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"
218.30.103.62 - - [17/May/2015:11:05:45 +0000] "GET /projects/fex/ HTTP/1.1" 200 14352 "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"
74.125.40.20 - - [17/May/2015:11:05:59 +0000] "GET /?flav=rss20 HTTP/1.1" 200 29941 "-" "FeedBurner/1.0 (http://www.FeedBurner.com)"
71.212.224.97 - - [17/May/2015:11:05:05 +0000] "GET /projects/xdotool/ HTTP/1.1" 200 12292 "http://suckless.org/rocks" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_2) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
71.212.224.97 - - [17/May/2015:11:05:15 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_2) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
71.212.224.97 - - [17/May/2015:11:05:22 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_2) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
71.212.224.97 - - [17/May/2015:11:05:11 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_2) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
71.212.224.97 - - [17/May/2015:11:05:28 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_2) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
218.30.103.62 - - [17/May/2015:11:05:17 +0000] "GET /projects/xdotool/xdotool.xhtml HTTP/1.1" 304 - "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"
108.174.55.234 - - [17/May/2015:11:05:26 +0000] "GET /?flav=rss20 HTTP/1.1" 200 29941 "-" "-"
218.30.103.62 - - [17/May/2015:11:05:37 +0000] "GET /blog/geekery/c-vs-python-bdb.html HTTP/1.1" 200 11388 "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"
121.107.188.202 - - [17/May/2015:11:05:09 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-dashboard3.png HTTP/1.1" 200 171717 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
218.30.103.62 - - [17/May/2015:11:05:39 +0000] "GET /blog/productivity/better-zsh-xterm-title-fix.html HTTP/1.1" 200 10185 "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"
218.30.103.62 - - [17/May/2015:11:05:11 +0000] "GET /blog/geekery/xvfb-firefox.html HTTP/1.1" 200 10975 "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"
218.30.103.62 - - [17/May/2015:11:05:00 +0000] "GET /blog/geekery/puppet-facts-into-mcollective.html HTTP/1.1" 200 9872 "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"
198.46.149.143 - - [17/May/2015:11:05:10 +0000] "GET /blog/geekery/disabling-battery-in-ubuntu-vms.html?utm_source=feedburner&utm_medium=feed&utm_campaign=Feed%3A+semicomplete%2Fmain+%28semicomplete.com+-+Jordan+Sissel%29 HTTP/1.1" 200 9316 "-" "Tiny Tiny RSS/1.11 (http://tt-rss.org/)"
198.46.149.143 - - [17/May/2015:11:05:48 +0000] "GET /blog/geekery/solving-good-or-bad-problems.html?utm_source=feedburner&utm_medium=feed&utm_campaign=Feed%3A+semicomplete%2Fmain+%28semicomplete.com+-+Jordan+Sissel%29 HTTP/1.1" 200 10756 "-" "Tiny Tiny RSS/1.11 (http://tt-rss.org/)"
218.30.103.62 - - [17/May/2015:11:05:28 +0000] "GET /blog/geekery/jquery-interface-puffer.html%20target= HTTP/1.1" 200 202 "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"
218.30.103.62 - - [17/May/2015:11:05:05 +0000] "GET /blog/geekery/ec2-reserved-vs-ondemand.html HTTP/1.1" 200 11834 "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"
66.249.73.135 - - [17/May/2015:11:05:31 +0000] "GET /blog/web/firefox-scrolling-fix.html HTTP/1.1" 200 8956 "-" "Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 Mobile/10A5376e Safari/8536.25 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
86.1.76.62 - - [17/May/2015:11:05:36 +0000] "GET /projects/xdotool/ HTTP/1.1" 200 12292 "http://www.haskell.org/haskellwiki/Xmonad/Frequently_asked_questions" "Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20140205 Firefox/24.0 Iceweasel/24.3.0"
86.1.76.62 - - [17/May/2015:11:05:25 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20140205 Firefox/24.0 Iceweasel/24.3.0"
86.1.76.62 - - [17/May/2015:11:05:19 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20140205 Firefox/24.0 Iceweasel/24.3.0"
86.1.76.62 - - [17/May/2015:11:05:03 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20140205 Firefox/24.0 Iceweasel/24.3.0"
86.1.76.62 - - [17/May/2015:11:05:28 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20140205 Firefox/24.0 Iceweasel/24.3.0"
86.1.76.62 - - [17/May/2015:11:05:07 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/style2.css" "Mozilla/5.0 (X11; Linux x86_64; rv:24.0) Gecko/20140205 Firefox/24.0 Iceweasel/24.3.0"
66.249.73.135 - - [17/May/2015:11:05:58 +0000] "GET /blog/tags/bdb HTTP/1.1" 200 23099 "-" "DoCoMo/2.0 N905i(c100;TB;W24H16) (compatible; Googlebot-Mobile/2.1; +http://www.google.com/bot.html)"
107.170.41.69 - - [17/May/2015:11:05:31 +0000] "GET /?flav=atom HTTP/1.1" 200 32352 "-" "Feedbin - 1 subscribers"
50.16.19.13 - - [17/May/2015:11:05:14 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "http://www.semicomplete.com/blog/tags/puppet?flav=rss20" "Tiny Tiny RSS/1.11 (http://tt-rss.org/)"
46.105.14.53 - - [17/May/2015:11:05:02 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/"
208.115.111.72 - - [17/May/2015:11:05:26 +0000] "GET /blog/rants/fedora-yum.html HTTP/1.1" 200 8328 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:32 +0000] "GET /blog/tags/grok HTTP/1.1" 200 30346 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:12 +0000] "GET /blog/tags/is%20it%20done%20yet HTTP/1.1" 200 10544 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:07 +0000] "GET /blog/tags/statistics HTTP/1.1" 200 29706 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
50.180.79.170 - - [17/May/2015:11:05:50 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.5; rv:16.0) Gecko/20100101 Firefox/16.0"
208.115.111.72 - - [17/May/2015:11:05:05 +0000] "GET /blog/tags/subversion HTTP/1.1" 200 12557 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:52 +0000] "GET /blog/web/194.html HTTP/1.1" 200 8251 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:23 +0000] "GET /files/blogposts/20070901/?C=D;O=A HTTP/1.1" 200 980 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:15 +0000] "GET /files/blogposts/20080109/boost_xpressive_test.cpp HTTP/1.1" 200 1533 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:38 +0000] "GET /files/blogposts/20090520/ HTTP/1.1" 200 966 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:41 +0000] "GET /files/fastsplit/?C=M;O=D HTTP/1.1" 200 958 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:19 +0000] "GET /files/xdotool/docs/man/?C=M;O=D HTTP/1.1" 200 959 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:16 +0000] "GET /scripts/python/wrap/?C=N;O=D HTTP/1.1" 200 2631 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:32 +0000] "GET /files/images/?C=S;O=D HTTP/1.1" 200 944 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:00 +0000] "GET /files/blogposts/20080611/ HTTP/1.1" 200 1175 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:16 +0000] "GET /files/logstash/?C=D;O=D HTTP/1.1" 200 13316 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:53 +0000] "GET /presentations/hackday06/ HTTP/1.1" 200 6719 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:29 +0000] "GET /scripts/grok-py-test/ HTTP/1.1" 200 2362 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:08 +0000] "GET /?N=A&page=21 HTTP/1.1" 200 33514 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:49 +0000] "GET /blog/geekery/oniguruma-named-capture-example.html?commentlimit=0 HTTP/1.1" 200 9208 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:01 +0000] "GET /blog/geekery/ssh-key-invalid-hack.html?commentlimit=0 HTTP/1.1" 200 9335 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:31 +0000] "GET /blog/geekery/server-side-javascript.html HTTP/1.1" 200 8587 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
208.115.111.72 - - [17/May/2015:11:05:15 +0000] "GET /blog/geekery/yahoo-hackday-08.html HTTP/1.1" 200 9882 "-" "Mozilla/5.0 (compatible; Ezooms/1.0; help@moz.com)"
105.235.130.196 - - [17/May/2015:11:05:01 +0000] "GET /images/googledotcom.png HTTP/1.1" 200 65748 "-" "Dalvik/1.6.0 (Linux; U; Android 4.1.2; GT-S5282 Build/JZO54K)"
174.37.205.76 - - [17/May/2015:11:05:19 +0000] "GET /blog HTTP/1.1" 200 37936 "-" "Mozilla/5.0 (X11; U; Linux x86_64; en-US; rv:1.9.0.19; aggregator:Spinn3r (Spinn3r 3.1); http://spinn3r.com/robot) Gecko/2010040121 Firefox/3.0.19"
54.255.13.204 - - [17/May/2015:11:05:03 +0000] "GET /articles/ssh-security/ HTTP/1.1" 200 16543 "http://www.google.com/url?sa=t&rct=j&q=&esrc=s&source=web&cd=1&sqi=2&ved=0CCQQFjAA&url=http%3A%2F%2Fwww.semicomplete.com%2Farticles%2Fssh-security%2F&ei=vdMAU8LgLcPorQfR9oHwDQ&usg=AFQjCNHWyA_svkWgk70ovEbZidQhlAC84w&bvm=bv.61535280,d.bmk&cad=rja" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.8; rv:27.0) Gecko/20100101 Firefox/27.0"
105.235.130.196 - - [17/May/2015:11:05:45 +0000] "GET /blog/tags/X11 HTTP/1.1" 200 32742 "-" "Mozilla/5.0 (Linux; Android 4.1.2; GT-S5282 Build/JZO54K) AppleWebKit/537.31 (KHTML, like Gecko) Chrome/26.0.1410.58 Mobile Safari/537.31"
54.255.13.204 - - [17/May/2015:11:05:55 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/articles/ssh-security/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.8; rv:27.0) Gecko/20100101 Firefox/27.0"
54.255.13.204 - - [17/May/2015:11:05:32 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/articles/ssh-security/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.8; rv:27.0) Gecko/20100101 Firefox/27.0"
54.255.13.204 - - [17/May/2015:11:05:10 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.8; rv:27.0) Gecko/20100101 Firefox/27.0"
105.235.130.196 - - [17/May/2015:11:05:20 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/blog/tags/X11" "Mozilla/5.0 (Linux; Android 4.1.2; GT-S5282 Build/JZO54K) AppleWebKit/537.31 (KHTML, like Gecko) Chrome/26.0.1410.58 Mobile Safari/537.31"
54.255.13.204 - - [17/May/2015:11:05:46 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/articles/ssh-security/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.8; rv:27.0) Gecko/20100101 Firefox/27.0"
54.255.13.204 - - [17/May/2015:11:05:17 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/style2.css" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.8; rv:27.0) Gecko/20100101 Firefox/27.0"
105.235.130.196 - - [17/May/2015:11:05:47 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/blog/tags/X11" "Mozilla/5.0 (Linux; Android 4.1.2; GT-S5282 Build/JZO54K) AppleWebKit/537.31 (KHTML, like Gecko) Chrome/26.0.1410.58 Mobile Safari/537.31"
105.235.130.196 - - [17/May/2015:11:05:37 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/blog/tags/X11" "Mozilla/5.0 (Linux; Android 4.1.2; GT-S5282 Build/JZO54K) AppleWebKit/537.31 (KHTML, like Gecko) Chrome/26.0.1410.58 Mobile Safari/537.31"
105.235.130.196 - - [17/May/2015:11:05:22 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/blog/tags/X11" "Mozilla/5.0 (Linux; Android 4.1.2; GT-S5282 Build/JZO54K) AppleWebKit/537.31 (KHTML, like Gecko) Chrome/26.0.1410.58 Mobile Safari/537.31"
134.76.249.10 - - [17/May/2015:11:05:01 +0000] "GET /projects/xdotool/ HTTP/1.1" 200 12292 "http://www.google.de/url?sa=t&rct=j&q=&esrc=s&source=web&cd=3&ved=0CDwQFjAC&url=http%3A%2F%2Fwww.semicomplete.com%2Fprojects%2Fxdotool%2F&ei=zNMAU5qaEcantAbD3YHIAQ&usg=AFQjCNE3V_aCf3-gfNcbS924S6jZ6FqffA&bvm=bv.61535280,d.Yms&cad=rja" "Mozilla/5.0 (X11; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0"
134.76.249.10 - - [17/May/2015:11:05:09 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (X11; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0"
134.76.249.10 - - [17/May/2015:11:05:57 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (X11; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0"
134.76.249.10 - - [17/May/2015:11:05:23 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0"
134.76.249.10 - - [17/May/2015:11:05:40 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/projects/xdotool/" "Mozilla/5.0 (X11; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0"
134.76.249.10 - - [17/May/2015:11:05:50 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/style2.css" "Mozilla/5.0 (X11; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0"
134.76.249.10 - - [17/May/2015:11:05:47 +0000] "GET /projects/xdotool HTTP/1.1" 301 339 "http://tuxradar.com/content/xdotool-script-your-mouse" "Mozilla/5.0 (X11; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0"
134.76.249.10 - - [17/May/2015:11:05:13 +0000] "GET /projects/xdotool/ HTTP/1.1" 200 12292 "http://tuxradar.com/content/xdotool-script-your-mouse" "Mozilla/5.0 (X11; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0"
66.249.73.135 - - [17/May/2015:11:05:26 +0000] "GET /?flav=atom HTTP/1.1" 200 32352 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
207.241.237.220 - - [17/May/2015:11:05:24 +0000] "GET /blog/tags/C?page=2 HTTP/1.0" 200 16311 "http://www.semicomplete.com/blog/tags/C" "Mozilla/5.0 (compatible; archive.org_bot +http://www.archive.org/details/archive.org_bot)"
68.184.202.186 - - [17/May/2015:11:05:28 +0000] "GET /projects/xpathtool/ HTTP/1.1" 200 10745 "https://www.google.com/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
68.184.202.186 - - [17/May/2015:11:05:02 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/projects/xpathtool/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
68.184.202.186 - - [17/May/2015:11:05:05 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/projects/xpathtool/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
68.184.202.186 - - [17/May/2015:11:05:02 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/projects/xpathtool/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
68.184.202.186 - - [17/May/2015:11:05:37 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/projects/xpathtool/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
68.184.202.186 - - [17/May/2015:11:05:58 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
46.105.14.53 - - [17/May/2015:11:05:29 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/"
66.249.73.135 - - [17/May/2015:11:05:00 +0000] "GET /?flav=rss20 HTTP/1.1" 200 29941 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
24.233.162.179 - - [17/May/2015:11:05:31 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:25.0) Gecko/20100101 Firefox/25.0"
123.125.71.117 - - [17/May/2015:11:05:16 +0000] "GET / HTTP/1.1" 200 36824 "-" "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
220.181.108.153 - - [17/May/2015:11:05:09 +0000] "GET / HTTP/1.1" 200 36824 "-" "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
65.19.138.34 - - [17/May/2015:11:05:40 +0000] "GET / HTTP/1.1" 200 37932 "-" "Feedly/1.0 (+http://www.feedly.com/fetcher.html; like FeedFetcher-Google)"
66.249.73.135 - - [17/May/2015:11:05:32 +0000] "GET /blog/geekery/rhapsody-on-linux.html HTTP/1.1" 200 9109 "-" "Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 Mobile/10A5376e Safari/8536.25 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
97.116.185.190 - - [17/May/2015:11:05:59 +0000] "GET /articles/dynamic-dns-with-dhcp/ HTTP/1.1" 200 18848 "http://ubuntuforums.org/showthread.php?t=2003644" "Mozilla/5.0 (Windows NT 5.2; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
97.116.185.190 - - [17/May/2015:11:05:39 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/articles/dynamic-dns-with-dhcp/" "Mozilla/5.0 (Windows NT 5.2; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
97.116.185.190 - - [17/May/2015:11:05:29 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/articles/dynamic-dns-with-dhcp/" "Mozilla/5.0 (Windows NT 5.2; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
97.116.185.190 - - [17/May/2015:11:05:39 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/articles/dynamic-dns-with-dhcp/" "Mozilla/5.0 (Windows NT 5.2; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
97.116.185.190 - - [17/May/2015:11:05:02 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/articles/dynamic-dns-with-dhcp/" "Mozilla/5.0 (Windows NT 5.2; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
97.116.185.190 - - [17/May/2015:11:05:35 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (Windows NT 5.2; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
5.255.72.168 - - [17/May/2015:11:05:21 +0000] "GET / HTTP/1.0" 200 37932 "http://www.semicomplete.com/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.7; rv:21.0) Gecko/20100101 Firefox/21.0"
5.255.72.168 - - [17/May/2015:11:05:08 +0000] "GET /blog/geekery/installing-windows-8-consumer-preview.html HTTP/1.0" 200 8948 "http://www.semicomplete.com/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.7; rv:21.0) Gecko/20100101 Firefox/21.0"
46.105.14.53 - - [17/May/2015:11:05:33 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/"
5.102.173.71 - - [17/May/2015:11:05:13 +0000] "GET /robots.txt HTTP/1.1" 200 - "-" "Mozilla/5.0 (compatible; MojeekBot/0.6; http://www.mojeek.com/bot.html)"
5.102.173.71 - - [17/May/2015:11:05:06 +0000] "GET /projects/xdotool/ HTTP/1.1" 200 12292 "-" "Mozilla/5.0 (compatible; MojeekBot/0.6; http://www.mojeek.com/bot.html)"
208.91.156.11 - - [17/May/2015:11:05:05 +0000] "GET /files/logstash/logstash-1.3.2-monolithic.jar HTTP/1.1" 404 324 "-" "Chef Client/10.18.2 (ruby-1.9.3-p327; ohai-6.16.0; x86_64-linux; +http://opscode.com)"
66.249.73.185 - - [17/May/2015:11:05:58 +0000] "GET /presentations/logstash-1/ HTTP/1.1" 304 - "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
74.125.176.81 - - [17/May/2015:11:05:28 +0000] "GET /?flav=rss20 HTTP/1.1" 200 29941 "-" "FeedBurner/1.0 (http://www.FeedBurner.com)"
66.249.73.135 - - [17/May/2015:11:05:14 +0000] "GET /blog/geekery/xdotool-2.20110530.html HTTP/1.1" 200 11936 "-" "Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 Mobile/10A5376e Safari/8536.25 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
187.45.193.158 - - [17/May/2015:11:05:54 +0000] "GET /presentations/logstash-1/file/about-me/tequila-face.jpg HTTP/1.1" 200 196054 "-" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.2; SV1; .NET CLR 2.0.50727; InfoPath.1)"
90.220.199.149 - - [17/May/2015:11:05:18 +0000] "GET /blog/geekery/puppet-manage-homedirectory-contents.html HTTP/1.1" 200 10001 "https://www.google.co.uk/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
90.220.199.149 - - [17/May/2015:11:05:24 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/blog/geekery/puppet-manage-homedirectory-contents.html" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
90.220.199.149 - - [17/May/2015:11:05:50 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/blog/geekery/puppet-manage-homedirectory-contents.html" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
90.220.199.149 - - [17/May/2015:12:05:37 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/blog/geekery/puppet-manage-homedirectory-contents.html" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
90.220.199.149 - - [17/May/2015:12:05:21 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/blog/geekery/puppet-manage-homedirectory-contents.html" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
90.220.199.149 - - [17/May/2015:12:05:17 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
36.38.8.174 - - [17/May/2015:12:05:24 +0000] "GET /blog/geekery/ssl-latency.html HTTP/1.1" 200 17147 "https://www.google.co.kr/" "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
36.38.8.174 - - [17/May/2015:12:05:36 +0000] "GET /reset.css HTTP/1.1" 200 1015 "http://www.semicomplete.com/blog/geekery/ssl-latency.html" "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
36.38.8.174 - - [17/May/2015:12:05:14 +0000] "GET /style2.css HTTP/1.1" 200 4877 "http://www.semicomplete.com/blog/geekery/ssl-latency.html" "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
36.38.8.174 - - [17/May/2015:12:05:44 +0000] "GET /images/jordan-80.png HTTP/1.1" 200 6146 "http://www.semicomplete.com/blog/geekery/ssl-latency.html" "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
36.38.8.174 - - [17/May/2015:12:05:17 +0000] "GET /images/web/2009/banner.png HTTP/1.1" 200 52315 "http://www.semicomplete.com/blog/geekery/ssl-latency.html" "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
36.38.8.174 - - [17/May/2015:12:05:39 +0000] "GET /favicon.ico HTTP/1.1" 200 3638 "-" "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.107 Safari/537.36"
71.207.12.53 - - [17/May/2015:12:05:17 +0000] "GET /favicon.ico HTTP/1.0" 200 3638 "-" "Safari/9537.73.11 CFNetwork/673.0.3 Darwin/13.0.0 (x86_64) (MacBookPro8%2C1)"
220.241.45.142 - - [17/May/2015:12:05:07 +0000] "GET /robots.txt HTTP/1.0" 200 - "-" "Mozilla/5.0 (compatible; MJ12bot/v1.4.4; http://www.majestic12.co.uk/bot.php?+)"
220.241.45.142 - - [17/May/2015:12:05:30 +0000] "GET /projects/firefox-tabsearch/ HTTP/1.0" 200 9661 "-" "Mozilla/5.0 (compatible; MJ12bot/v1.4.4; http://www.majestic12.co.uk/bot.php?+)"
209.85.238.199 - - [17/May/2015:12:05:21 +0000] "GET /?flav=atom HTTP/1.1" 200 32352 "-" "Feedfetcher-Google; (+http://www.google.com/feedfetcher.html; 16 subscribers; feed-id=3389821348893992437)"
46.105.14.53 - - [17/May/2015:12:05:53 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/"
66.249.73.135 - - [17/May/2015:12:05:28 +0000] "GET /blog/tags/noise HTTP/1.1" 200 8985 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
"""#
}
