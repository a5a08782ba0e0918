-- name: sessions-by-origin
-- description: Every session seen from one network origin (IP or host) in a period: actors, events, failures, first and last time.
-- params: origin:text, from:time, to:time
-- controls: pci-dss@4.0:10.2.2, psd2-rts:29, soc2@2017:CC7.2, soc2@2017:CC6.6
SELECT session,
       group_concat(DISTINCT actor) AS actors,
       count(*) AS events,
       sum(outcome = 'failure') AS failures,
       group_concat(DISTINCT source) AS sources,
       min(time) AS first_time,
       max(time) AS last_time
FROM events
WHERE origin = :origin AND time >= :from AND time < :to
GROUP BY session
ORDER BY first_time, session
