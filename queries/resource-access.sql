-- name: resource-access
-- description: Who touched one resource in a period: one row per actor with how often, which actions, how many failed, and when.
-- params: resource:text, from:time, to:time
-- controls: pci-dss@4.0:10.2.1.1, pci-dss@4.0:10.2.2, soc2@2017:CC6.1, soc2@2017:CC7.2, gdpr:30(1)
SELECT actor,
       count(*) AS events,
       sum(outcome = 'failure') AS failures,
       group_concat(DISTINCT action) AS actions,
       count(DISTINCT origin) AS origins,
       min(time) AS first_time,
       max(time) AS last_time
FROM events
WHERE resource = :resource AND time >= :from AND time < :to
GROUP BY actor
ORDER BY first_time, actor
