-- name: quarantine-summary
-- description: Input that could not be parsed and was quarantined, grouped by source, format and reason: how many records, how many are still unresolved (not yet stored by a retry), from how many files.
-- params: none
-- controls: pci-dss@4.0:10.7.2, pci-dss@4.0:10.2.1, soc2@2017:CC7.2, soc2@2017:CC4.1
SELECT source, format, reason,
       count(*) AS records,
       sum(resolved IS NULL) AS unresolved,
       count(DISTINCT file) AS files,
       sum(length) AS bytes,
       min(ref) AS first_ref
FROM quarantine
GROUP BY source, format, reason
ORDER BY unresolved DESC, records DESC, source, format, reason
