-- name: admin-off-hours
-- description: Actions by administrators outside business hours (UTC hours [business_start, business_end); a window that wraps midnight works too), and on Saturdays and Sundays unless weekends=0. Administrators are the actors matching the GLOB pattern `admins`.
-- params: from:time, to:time, business_start:int=8, business_end:int=18, weekends:int=1, admins:text=admin:*
-- controls: pci-dss@4.0:10.2.1.2, pci-dss@4.0:10.4.1, soc2@2017:CC6.1, soc2@2017:CC7.2
SELECT time, actor, action, resource, outcome, origin, session,
       CAST(substr(time, 12, 2) AS INTEGER) AS hour_utc,
       CASE strftime('%w', substr(time, 1, 10)) WHEN '0' THEN 'Sun' WHEN '6' THEN 'Sat' ELSE 'weekday' END AS day
FROM events
WHERE actor GLOB :admins AND +time >= :from AND +time < :to
  AND (
        CASE WHEN :business_start <= :business_end
             THEN NOT (CAST(substr(time, 12, 2) AS INTEGER) >= :business_start AND CAST(substr(time, 12, 2) AS INTEGER) < :business_end)
             ELSE NOT (CAST(substr(time, 12, 2) AS INTEGER) >= :business_start OR CAST(substr(time, 12, 2) AS INTEGER) < :business_end)
        END
        OR (:weekends = 1 AND strftime('%w', substr(time, 1, 10)) IN ('0', '6'))
      )
ORDER BY time, rowid
