-- name: disabled-user-activity
-- description: Events in a period by an actor after that actor was disabled, deleted or locked (user.disable / user.delete / user.lock on a resource equal to the actor name) and not re-enabled, unlocked or re-created since; each row names the status change it follows.
-- params: from:time, to:time
-- controls: pci-dss@4.0:8.2.5, pci-dss@4.0:8.2.6, pci-dss@4.0:10.2.1.5, soc2@2017:CC6.2, soc2@2017:CC6.1
WITH changes AS MATERIALIZED (
    -- Every successful status change of an account, with the time of the account's next one
    -- (the next distinct time: changes at the same instant do not end each other).
    SELECT resource AS account, time, actor, action,
           first_value(time) OVER (PARTITION BY resource ORDER BY time GROUPS BETWEEN 1 FOLLOWING AND 1 FOLLOWING) AS until
    FROM events
    WHERE action IN ('user.enable', 'user.unlock', 'user.create', 'user.disable', 'user.delete', 'user.lock')
      AND +outcome = 'success' AND time < :to
)
SELECT e.time, e.actor, e.action, e.resource, e.outcome, e.origin, e.session, e.source,
       x.time AS disabled_at, x.actor AS disabled_by, x.action AS status_change
FROM changes x
JOIN events e ON e.actor = x.account AND e.time > x.time AND (x.until IS NULL OR e.time <= x.until)
             AND e.time >= :from AND e.time < :to
WHERE x.action IN ('user.disable', 'user.delete', 'user.lock')
ORDER BY e.time, e.rowid
