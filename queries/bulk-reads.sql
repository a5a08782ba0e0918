-- name: bulk-reads
-- description: Actors whose data reads and exports in a period reach a threshold: card detokenize calls, exports, S3 object reads, secret reads, DynamoDB scans, PostgreSQL SELECTs (pgaudit READ).
-- params: from:time, to:time, threshold:int=100
-- controls: pci-dss@4.0:10.2.1.1, pci-dss@4.0:10.4.1.1, soc2@2017:CC7.2, soc2@2017:CC6.1, gdpr:32(1)(b), gdpr:33(1)
SELECT actor,
       count(*) AS reads,
       sum(outcome = 'success') AS succeeded,
       count(DISTINCT resource) AS resources,
       group_concat(DISTINCT action) AS actions,
       count(DISTINCT session) AS sessions,
       min(time) AS first_time,
       max(time) AS last_time
FROM events
WHERE action IN ('card.detokenize', 'data.export', 'customer.export', 'report.export',
                 's3.amazonaws.com:GetObject', 'secretsmanager.amazonaws.com:GetSecretValue',
                 'dynamodb.amazonaws.com:Scan', 'READ:SELECT')
  AND time >= :from AND time < :to
GROUP BY actor
HAVING count(*) >= :threshold
ORDER BY reads DESC, actor
