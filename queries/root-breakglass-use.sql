-- name: root-breakglass-use
-- description: Use of the AWS root identity (CloudTrail userIdentity arn ...:root) and of named root / break-glass accounts (exact actor names in `accounts`, separated by spaces: Linux root, emergency app accounts).
-- params: from:time, to:time, accounts:text=root break-glass breakglass admin:break-glass
-- controls: pci-dss@4.0:10.2.1.2, pci-dss@4.0:8.2.2, pci-dss@4.0:8.6.1, soc2@2017:CC6.1, soc2@2017:CC6.3
WITH RECURSIVE names(name, rest) AS (
    SELECT NULL, :accounts || ' '
    UNION ALL
    SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM names WHERE rest <> ''
)
SELECT time, source, actor, action, resource, outcome, origin, session, 'aws-root' AS kind
FROM events
WHERE actor GLOB 'arn:aws:iam::*:root' AND +time >= :from AND +time < :to
UNION ALL
SELECT e.time, e.source, e.actor, e.action, e.resource, e.outcome, e.origin, e.session, 'named-account' AS kind
FROM names JOIN events e ON e.actor = names.name
WHERE names.name <> '' AND e.time >= :from AND e.time < :to
ORDER BY time, source
