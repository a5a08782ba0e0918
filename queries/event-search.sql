-- name: event-search
-- description: Full-text search (FTS5 syntax: words, "phrases", prefix*, AND/OR/NOT, column:term) over actor, action, resource and the raw record, in a period, oldest first.
-- params: terms:text, from:time, to:time, limit:int=200
-- controls: pci-dss@4.0:10.4.1, soc2@2017:CC7.3, gdpr:30(1)
SELECT e.time, e.source, e.actor, e.action, e.resource, e.outcome, e.origin, e.session,
       CASE WHEN e.sealed = 1 THEN e.segment || ':' || e.record ELSE 'open:' || e.source || ':' || e.record END AS ref
FROM events_fts f JOIN events e ON e.rowid = f.rowid
WHERE events_fts MATCH :terms AND e.time >= :from AND e.time < :to
ORDER BY e.time, e.rowid
LIMIT :limit
