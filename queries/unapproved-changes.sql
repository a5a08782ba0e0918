-- name: unapproved-changes
-- description: Role grants and configuration changes in a period with no approval by someone other than the person who made them: no change reference, a change nobody approved (no change.approve on change:<ref> before it), or one approved only by the requester.
-- params: from:time, to:time
-- controls: pci-dss@4.0:6.5.1, pci-dss@4.0:7.2.1, pci-dss@4.0:10.2.1.2, soc2@2017:CC8.1, soc2@2017:CC6.3
WITH c AS (
    SELECT rowid AS rid, time, actor, action, resource, origin, session, json_extract(attributes, '$.change') AS change_ref
    FROM events
    WHERE action IN ('role.grant', 'config.change') AND +outcome = 'success' AND time >= :from AND time < :to
)
SELECT time, actor, action, resource, change_ref,
       CASE WHEN change_ref IS NULL THEN 'no change reference'
            WHEN NOT EXISTS (SELECT 1 FROM events a WHERE a.resource = 'change:' || c.change_ref
                               AND +a.action = 'change.approve' AND +a.outcome = 'success' AND a.time <= c.time)
            THEN 'change not approved'
            ELSE 'approved only by the requester' END AS problem,
       origin, session
FROM c
WHERE change_ref IS NULL
   OR NOT EXISTS (SELECT 1 FROM events a WHERE a.resource = 'change:' || c.change_ref AND +a.action = 'change.approve'
                    AND +a.outcome = 'success' AND a.time <= c.time AND a.actor IS NOT c.actor)
ORDER BY time, rid
