-- name: audit-trail-access
-- description: Reads of the audit trail itself in a period: Sealtrail query runs (source sealtrail, trail.query, with the saved query or ad hoc SQL, parameters and rows), the app's own audit.query events, and CloudTrail LookupEvents calls.
-- params: from:time, to:time
-- controls: pci-dss@4.0:10.2.1.3, pci-dss@4.0:10.3.1, soc2@2017:CC7.2, gdpr:30(1), gdpr:32(1)(b)
SELECT time, actor, source,
       coalesce('saved:' || json_extract(attributes, '$.saved'), 'adhoc: ' || json_extract(attributes, '$.sql')) AS query,
       json_extract(attributes, '$.params') AS params,
       json_extract(attributes, '$.rows') AS rows,
       outcome, origin
FROM events
WHERE action = 'trail.query' AND source = 'sealtrail' AND time >= :from AND time < :to
UNION ALL
SELECT time, actor, source, json_extract(attributes, '$.query') AS query, NULL AS params,
       json_extract(attributes, '$.rows') AS rows, outcome, origin
FROM events
WHERE action = 'audit.query' AND time >= :from AND time < :to
UNION ALL
SELECT time, actor, source, 'LookupEvents' AS query, json_extract(attributes, '$.requestParameters') AS params,
       NULL AS rows, outcome, origin
FROM events
WHERE action = 'cloudtrail.amazonaws.com:LookupEvents' AND time >= :from AND time < :to
ORDER BY time, source
