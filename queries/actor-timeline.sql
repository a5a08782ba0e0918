-- name: actor-timeline
-- description: Everything one actor did in a period, oldest first, with a reference to each record (SEGMENT:RECORD for `sealtrail show`).
-- params: actor:text, from:time, to:time, limit:int=1000
-- controls: pci-dss@4.0:10.2.1, pci-dss@4.0:10.2.2, soc2@2017:CC7.2, soc2@2017:CC7.3, gdpr:30(1)
SELECT time, source, action, resource, outcome, origin, session,
       CASE WHEN sealed = 1 THEN segment || ':' || record ELSE 'open:' || source || ':' || record END AS ref
FROM events
WHERE actor = :actor AND time >= :from AND time < :to
ORDER BY time, rowid
LIMIT :limit
