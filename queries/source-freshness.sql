-- name: source-freshness
-- description: Per source, the newest event time and how old it is at as_of ('now' or an RFC 3339 time), flagged stale past max_age_minutes: a collector that stopped sending shows here first.
-- params: as_of:text=now, max_age_minutes:real=60
-- controls: pci-dss@4.0:10.7.2, pci-dss@4.0:10.2.1, soc2@2017:CC7.2, soc2@2017:CC4.1
WITH s AS (
    -- Age in milliseconds, rounded so the float error of julianday cannot flip the status at the threshold.
    SELECT *, round((julianday(:as_of) - julianday(last_time)) * 86400000.0) AS age_ms FROM sources
)
SELECT source, formats, events, sealed_events, events - sealed_events AS open_events, first_time, last_time,
       round(age_ms / 60000.0, 1) AS age_minutes,
       CASE WHEN julianday(:as_of) IS NULL THEN 'invalid as_of'
            WHEN last_time IS NULL THEN 'no events'
            WHEN age_ms > :max_age_minutes * 60000 THEN 'stale'
            ELSE 'fresh' END AS status
FROM s
ORDER BY last_time, source
