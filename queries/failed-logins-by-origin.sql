-- name: failed-logins-by-origin
-- description: Failed logins (app users and admins, SSH, AWS console) per network origin, with how many accounts were tried and how many logins from that origin succeeded after the first failure.
-- params: from:time, to:time, min_failures:int=1
-- controls: pci-dss@4.0:10.2.1.4, pci-dss@4.0:8.3.4, psd2-rts:4(3)(b), soc2@2017:CC6.1, soc2@2017:CC7.2
WITH failed AS (
    SELECT origin, count(*) AS failures, count(DISTINCT actor) AS accounts,
           group_concat(DISTINCT actor) AS account_list, group_concat(DISTINCT action) AS actions,
           min(time) AS first_time, max(time) AS last_time
    FROM events
    WHERE outcome = 'failure' AND time >= :from AND time < :to
      AND +action IN ('user.login', 'admin.login', 'ssh.login', 'signin.amazonaws.com:ConsoleLogin')
    GROUP BY origin
    HAVING count(*) >= :min_failures
)
SELECT origin, failures, accounts, account_list, actions, first_time, last_time,
       (SELECT count(*) FROM events s
        WHERE s.origin = failed.origin AND s.time > failed.first_time AND s.time < :to AND +s.outcome = 'success'
          AND s.action IN ('user.login', 'admin.login', 'ssh.login', 'signin.amazonaws.com:ConsoleLogin')) AS successes_after
FROM failed
ORDER BY failures DESC, origin
