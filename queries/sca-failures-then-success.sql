-- name: sca-failures-then-success
-- description: Sessions where strong customer authentication (sca.verify) failed at least min_failures times before it succeeded: possible guessing of the second factor.
-- params: from:time, to:time, min_failures:int=1
-- controls: psd2-rts:4(3)(b), psd2-rts:2(1), psd2-rts:29, pci-dss@4.0:10.2.1.4, soc2@2017:CC7.2
WITH v AS (
    SELECT session, actor, resource, outcome, time, origin, json_extract(attributes, '$.reason') AS reason
    FROM events
    WHERE action = 'sca.verify' AND time >= :from AND time < :to AND session IS NOT NULL
),
ok AS (
    SELECT session, resource, min(time) AS success_time FROM v WHERE outcome = 'success' GROUP BY session, resource
)
SELECT v.session, min(v.actor) AS actor, v.resource,
       count(*) AS failures,
       min(v.time) AS first_failure,
       ok.success_time,
       group_concat(DISTINCT v.reason) AS reasons,
       group_concat(DISTINCT v.origin) AS origins
FROM v JOIN ok ON ok.session = v.session AND ok.resource IS v.resource
WHERE v.outcome = 'failure' AND v.time < ok.success_time
GROUP BY v.session, v.resource
HAVING count(*) >= :min_failures
ORDER BY first_failure, v.session
