-- name: new-access-keys
-- description: AWS IAM access keys created in a period (CloudTrail CreateAccessKey): who created a key for which user, the new key id, and whether it was made for someone other than the caller.
-- params: from:time, to:time
-- controls: pci-dss@4.0:10.2.1.5, pci-dss@4.0:8.2.4, pci-dss@4.0:8.6.3, soc2@2017:CC6.2, soc2@2017:CC6.1
SELECT time, actor,
       coalesce(json_extract(attributes, '$.responseElements.accessKey.userName'), resource) AS user,
       json_extract(attributes, '$.responseElements.accessKey.accessKeyId') AS access_key_id,
       CASE WHEN actor GLOB ('arn:aws:iam::*:user/' || coalesce(json_extract(attributes, '$.responseElements.accessKey.userName'), resource))
            THEN 0 ELSE 1 END AS for_other_user,
       outcome, json_extract(attributes, '$.errorCode') AS error, origin,
       json_extract(attributes, '$.userAgent') AS user_agent, id
FROM events
WHERE action = 'iam.amazonaws.com:CreateAccessKey' AND time >= :from AND time < :to
ORDER BY time, rowid
