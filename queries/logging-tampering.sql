-- name: logging-tampering
-- description: Attempts to stop, pause or alter audit logging, and signs of lost log records: CloudTrail trails stopped, deleted or re-scoped and CloudWatch log groups deleted; journald/auditd/rsyslog stopping, losing or suppressing records (journal and syslog collectors); sudo commands aimed at the logging daemons; app changes to audit.* configuration.
-- params: from:time, to:time
-- controls: pci-dss@4.0:10.2.1.6, pci-dss@4.0:10.3.2, pci-dss@4.0:10.7.2, soc2@2017:CC7.2, soc2@2017:CC7.3, gdpr:32(1)(b)
SELECT time, source, actor, action, resource, outcome, origin, 'cloud' AS kind,
       json_extract(attributes, '$.requestParameters') AS detail
FROM events
WHERE action IN ('cloudtrail.amazonaws.com:StopLogging', 'cloudtrail.amazonaws.com:DeleteTrail',
                 'cloudtrail.amazonaws.com:UpdateTrail', 'cloudtrail.amazonaws.com:PutEventSelectors',
                 'cloudtrail.amazonaws.com:PutInsightSelectors', 'logs.amazonaws.com:DeleteLogGroup',
                 'logs.amazonaws.com:DeleteLogStream', 'logs.amazonaws.com:PutRetentionPolicy')
  AND time >= :from AND time < :to
UNION ALL
SELECT time, source, actor, action, resource, outcome, origin, 'log-daemon' AS kind,
       coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) AS detail
FROM events
WHERE action IN ('systemd-journald.message', 'auditd.message', 'rsyslogd.message', 'syslog-ng.message', 'kernel.message')
  AND time >= :from AND time < :to
  AND (coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE 'Journal stopped%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%SIGTERM%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%uncleanly shut down%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE 'Suppressed % messages%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%missed % messages%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%audit daemon is exiting%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%suspending logging%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%no space left%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE 'audit: audit_lost=%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE 'audit: backlog limit exceeded%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%exiting on signal%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%shutting down%')
UNION ALL
SELECT time, source, actor, action, resource, outcome, origin, 'service' AS kind,
       coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) AS detail
FROM events
WHERE action = 'systemd.message' AND time >= :from AND time < :to
  AND (json_extract(attributes, '$.UNIT') IN ('auditd.service', 'systemd-journald.service', 'rsyslog.service', 'syslog-ng.service')
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%auditd.service%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%Security Auditing Service%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%Journal Service%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%System Logging Service%')
  AND (coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE 'Stopp%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%Deactivated%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%Failed%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%Killed%'
    OR coalesce(json_extract(attributes, '$.MESSAGE'), json_extract(attributes, '$.message')) LIKE '%exited%')
UNION ALL
SELECT time, source, actor, action, resource, outcome, origin, 'sudo' AS kind,
       json_extract(attributes, '$.command') AS detail
FROM events
WHERE action = 'sudo.command' AND time >= :from AND time < :to
  AND (json_extract(attributes, '$.command') LIKE '%auditctl%' OR json_extract(attributes, '$.command') LIKE '%auditd%'
    OR json_extract(attributes, '$.command') LIKE '%journald%' OR json_extract(attributes, '$.command') LIKE '%journalctl%--vacuum%'
    OR json_extract(attributes, '$.command') LIKE '%rsyslog%' OR json_extract(attributes, '$.command') LIKE '%syslog-ng%')
UNION ALL
SELECT time, source, actor, action, resource, outcome, origin, 'config' AS kind,
       json_extract(attributes, '$.old') || ' -> ' || json_extract(attributes, '$.new') AS detail
FROM events
WHERE action = 'config.change' AND resource GLOB 'config:audit.*' AND time >= :from AND time < :to
ORDER BY time, source
