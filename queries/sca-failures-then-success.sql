-- name: sca-failures-then-success
-- description: Sessions where strong customer authentication (sca.verify) failed at least min_failures times before it first succeeded in the same session (on any payment of it): possible guessing of the second factor.
-- params: from:time, to:time, min_failures:int=1
-- controls: psd2-rts:4(3)(b), psd2-rts:2(1), psd2-rts:29, pci-dss@4.0:10.2.1.4, soc2@2017:CC7.2
WITH v AS (
    -- One pass: each verify with the first success of its session (a window, not a self-join).
    SELECT session, actor, resource, outcome, time, origin, json_extract(attributes, '$.reason') AS reason,
           min(CASE WHEN outcome = 'success' THEN time END) OVER (PARTITION BY session) AS success_time
    FROM events
    WHERE action = 'sca.verify' AND time >= :from AND time < :to AND session IS NOT NULL
)
SELECT session, min(actor) AS actor,
       count(*) AS failures,
       min(time) AS first_failure,
       success_time,
       group_concat(DISTINCT resource) AS resources,
       group_concat(DISTINCT reason) AS reasons,
       group_concat(DISTINCT origin) AS origins
FROM v
WHERE outcome = 'failure' AND time < success_time
GROUP BY session
HAVING count(*) >= :min_failures
ORDER BY first_failure, session
