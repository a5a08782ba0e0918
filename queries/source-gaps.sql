-- name: source-gaps
-- description: Silences of at least min_gap_minutes (one minute or more) in one source's events within a period, including a silent start or end of the period: journal or collector outages and paused logging.
-- params: source:text, from:time, to:time, min_gap_minutes:real=15
-- controls: pci-dss@4.0:10.2.1.6, pci-dss@4.0:10.7.2, soc2@2017:CC7.2, soc2@2017:CC4.1
WITH b AS (
    -- Per calendar minute, its first and last event: a silence of a minute or more always lies
    -- between two minutes, so the window below runs over at most one row per minute, not per event.
    SELECT min(time) AS first, max(time) AS last
    FROM events WHERE source = :source AND time >= :from AND time < :to
    GROUP BY substr(time, 1, 16)
    UNION ALL SELECT :from, :from
    UNION ALL SELECT :to, :to
),
g AS (
    -- Milliseconds, rounded: the float error of julianday (~0.04 ms) cannot move a gap across the threshold.
    SELECT prev, time, round((julianday(time) - julianday(prev)) * 86400000.0) AS ms
    FROM (SELECT first AS time, lag(last) OVER (ORDER BY first, last) AS prev FROM b)
    WHERE prev IS NOT NULL
)
SELECT prev AS gap_start, time AS gap_end, round(ms / 60000.0, 1) AS gap_minutes,
       CASE WHEN prev = :from AND time = :to THEN 'whole period' WHEN prev = :from THEN 'from period start'
            WHEN time = :to THEN 'to period end' ELSE 'between events' END AS kind
FROM g
WHERE ms >= :min_gap_minutes * 60000
ORDER BY gap_start
