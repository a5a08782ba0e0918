-- name: disabled-user-activity
-- description: Events in a period by an actor after that actor was disabled, deleted or locked (user.disable / user.delete / user.lock on a resource equal to the actor name) and not re-enabled, unlocked or re-created since; each row names the status change it follows.
-- params: from:time, to:time
-- controls: pci-dss@4.0:8.2.5, pci-dss@4.0:8.2.6, pci-dss@4.0:10.2.1.5, soc2@2017:CC6.2, soc2@2017:CC6.1
SELECT e.time, e.actor, e.action, e.resource, e.outcome, e.origin, e.session, e.source,
       d.time AS disabled_at, d.actor AS disabled_by, d.action AS status_change
FROM events d
JOIN events e ON e.actor = d.resource AND e.time > d.time AND e.time >= :from AND e.time < :to
WHERE d.action IN ('user.disable', 'user.delete', 'user.lock') AND +d.outcome = 'success' AND d.time < :to
  AND NOT EXISTS (
      SELECT 1 FROM events r
      WHERE r.resource = d.resource AND r.time > d.time AND r.time < e.time AND +r.outcome = 'success'
        AND r.action IN ('user.enable', 'user.unlock', 'user.create', 'user.disable', 'user.delete', 'user.lock'))
ORDER BY e.time, e.rowid
