-- name: card-detokenize-by-actor
-- description: Card-number detokenize calls (access to cardholder data) per actor in a period: calls, failures, distinct cards, stated purposes, sessions.
-- params: from:time, to:time
-- controls: pci-dss@4.0:10.2.1.1, pci-dss@4.0:3.4.1, pci-dss@4.0:7.2.1, soc2@2017:CC6.1, gdpr:30(1), gdpr:32(1)(b)
SELECT actor,
       count(*) AS calls,
       sum(outcome = 'failure') AS failures,
       count(DISTINCT resource) AS cards,
       group_concat(DISTINCT json_extract(attributes, '$.purpose')) AS purposes,
       count(DISTINCT session) AS sessions,
       min(time) AS first_time,
       max(time) AS last_time
FROM events
WHERE action = 'card.detokenize' AND time >= :from AND time < :to
GROUP BY actor
ORDER BY calls DESC, actor
