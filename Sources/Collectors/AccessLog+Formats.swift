/// The built-in access-log layouts and the meaning of each variable name.
extension AccessLogParser {
    /// Names accepted by `AccessLogParser(named:)`, in the order the docs list them.
    public static let builtInFormats = ["nginx-combined", "apache-combined", "apache-common", "aws-alb", "aws-s3-access"]

    /// nginx's predefined `combined` format.
    static let nginxCombinedLayout =
        #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#
    /// Apache `LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"" combined`.
    static let apacheCombinedLayout =
        #"$remote_addr $remote_ident $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#
    /// Apache `LogFormat "%h %l %u %t \"%r\" %>s %b" common`.
    static let apacheCommonLayout = #"$remote_addr $remote_ident $remote_user [$time_local] "$request" $status $body_bytes_sent"#
    /// ALB access log entry fields, in the order AWS documents them.
    static let albLayout = #"$type $time $elb $client $target $request_processing_time $target_processing_time "#
        + #"$response_processing_time $elb_status_code $target_status_code $received_bytes $sent_bytes "$request" "#
        + #""$user_agent" $ssl_cipher $ssl_protocol $target_group_arn "$trace_id" "$domain_name" "$chosen_cert_arn" "#
        + #"$matched_rule_priority $request_creation_time "$actions_executed" "$redirect_url" "$error_reason" "#
        + #""$target_port_list" "$target_status_code_list" "$classification" "$classification_reason""#
    /// S3 server access log record fields, in the order AWS documents them.
    static let s3Layout = #"$bucket_owner $bucket [$time] $remote_ip $requester $request_id $operation $key "$request_uri" "#
        + #"$http_status $error_code $bytes_sent $object_size $total_time $turn_around_time "$referer" "$user_agent" "#
        + #"$version_id $host_id $signature_version $cipher_suite $authentication_type $host_header $tls_version "#
        + #"$access_point_arn $acl_required"#

    public static let nginxCombined = builtIn(nginxCombinedLayout, "nginx-combined", nginxVocabulary)
    public static let apacheCombined = builtIn(apacheCombinedLayout, "apache-combined", nginxVocabulary)
    public static let apacheCommon = builtIn(apacheCommonLayout, "apache-common", nginxVocabulary)
    public static let awsALB = builtIn(albLayout, "aws-alb", albVocabulary)
    public static let awsS3Access = builtIn(s3Layout, "aws-s3-access", s3Vocabulary)

    /// The parser for a built-in format name, or nil for an unknown name.
    public init?(named name: String) {
        switch name {
        case "nginx-combined": self = Self.nginxCombined
        case "apache-combined": self = Self.apacheCombined
        case "apache-common": self = Self.apacheCommon
        case "aws-alb": self = Self.awsALB
        case "aws-s3-access": self = Self.awsS3Access
        default: return nil
        }
    }

    private static func builtIn(_ layout: String, _ name: String,
                                _ vocabulary: (String) -> (AccessLogPattern.Kind, AccessLogPattern.Role)) -> AccessLogParser {
        do {
            return AccessLogParser(pattern: try AccessLogPattern(format: layout, tolerant: true, vocabulary: vocabulary), format: name)
        } catch {
            fatalError("built-in access log layout \(name) does not compile: \(error)")
        }
    }

    /// nginx variables (and Apache's `%l` as `$remote_ident`): what each holds and becomes.
    static func nginxVocabulary(_ name: String) -> (AccessLogPattern.Kind, AccessLogPattern.Role) {
        switch name {
        case "remote_addr": return (.text, .origin)
        case "remote_user": return (.text, .actor)
        case "request": return (.text, .request)
        case "status": return (.status(dash: false), .status)
        case "request_id": return (.text, .id)
        case "time_local": return (.timeLocal, .time)
        case "time_iso8601": return (.timeISO, .time)
        case "msec": return (.epoch, .time)
        case "body_bytes_sent", "bytes_sent", "request_length": return (.count, .attribute)
        case "request_time": return (.decimal, .attribute)
        case "upstream_response_time", "upstream_connect_time", "upstream_header_time", "upstream_status",
             "upstream_response_length", "upstream_bytes_received", "upstream_bytes_sent", "connection",
             "connection_requests", "remote_port", "server_port", "content_length", "gzip_ratio":
            return (.looseNumber, .attribute)
        default: return (.text, .attribute)
        }
    }

    static func albVocabulary(_ name: String) -> (AccessLogPattern.Kind, AccessLogPattern.Role) {
        switch name {
        case "time": return (.timeISO, .time)
        case "client": return (.text, .originWithPort)
        case "request": return (.text, .request)
        // A client can send its own X-Amzn-Trace-Id, so the trace id is a session, never a dedupe id.
        case "trace_id": return (.text, .session)
        case "elb_status_code": return (.status(dash: true), .status)
        case "target_status_code": return (.status(dash: true), .attribute)
        case "request_processing_time", "target_processing_time", "response_processing_time": return (.decimal, .attribute)
        case "received_bytes", "sent_bytes": return (.count, .attribute)
        case "matched_rule_priority": return (.looseNumber, .attribute)
        default: return (.text, .attribute)
        }
    }

    static func s3Vocabulary(_ name: String) -> (AccessLogPattern.Kind, AccessLogPattern.Role) {
        switch name {
        case "time": return (.timeLocal, .time)
        case "remote_ip": return (.text, .origin)
        case "requester": return (.text, .actor)
        case "request_id": return (.text, .id)
        case "operation": return (.text, .operation)
        case "bucket": return (.text, .bucket)
        case "key": return (.text, .key)
        case "http_status": return (.status(dash: true), .status)
        case "bytes_sent", "object_size", "total_time", "turn_around_time": return (.count, .attribute)
        default: return (.text, .attribute)
        }
    }
}
