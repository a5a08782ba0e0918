-- name: privilege-changes
-- description: Privileges granted and removed in a period: app role grants/revokes, Linux group membership, AWS IAM policy and group changes, PostgreSQL GRANT/REVOKE; who changed what for whom, citing the change ticket when there is one.
-- params: from:time, to:time
-- controls: pci-dss@4.0:10.2.1.5, pci-dss@4.0:10.2.1.2, pci-dss@4.0:7.2.1, soc2@2017:CC6.2, soc2@2017:CC6.3, gdpr:32(1)(b)
SELECT time, source, actor, action,
       CASE WHEN action IN ('role.grant', 'group.member-add', 'ROLE:GRANT', 'iam.amazonaws.com:AttachUserPolicy',
                            'iam.amazonaws.com:AttachRolePolicy', 'iam.amazonaws.com:AttachGroupPolicy',
                            'iam.amazonaws.com:PutUserPolicy', 'iam.amazonaws.com:PutRolePolicy',
                            'iam.amazonaws.com:PutGroupPolicy', 'iam.amazonaws.com:AddUserToGroup')
            THEN 'grant' ELSE 'remove' END AS change,
       CASE WHEN format = 'cloudtrail'
            THEN coalesce(json_extract(attributes, '$.requestParameters.policyArn'),
                          json_extract(attributes, '$.requestParameters.policyName'),
                          json_extract(attributes, '$.requestParameters.groupName'), resource)
            ELSE resource END AS privilege,
       coalesce(json_extract(attributes, '$.grantee'), json_extract(attributes, '$.member'),
                json_extract(attributes, '$.requestParameters.userName'),
                json_extract(attributes, '$.requestParameters.roleName'),
                json_extract(attributes, '$.requestParameters.groupName'),
                json_extract(attributes, '$.statement')) AS subject,
       json_extract(attributes, '$.change') AS change_ref,
       outcome, origin, session
FROM events
WHERE action IN ('role.grant', 'role.revoke', 'group.member-add', 'group.member-remove', 'ROLE:GRANT', 'ROLE:REVOKE',
                 'iam.amazonaws.com:AttachUserPolicy', 'iam.amazonaws.com:DetachUserPolicy',
                 'iam.amazonaws.com:AttachRolePolicy', 'iam.amazonaws.com:DetachRolePolicy',
                 'iam.amazonaws.com:AttachGroupPolicy', 'iam.amazonaws.com:DetachGroupPolicy',
                 'iam.amazonaws.com:PutUserPolicy', 'iam.amazonaws.com:DeleteUserPolicy',
                 'iam.amazonaws.com:PutRolePolicy', 'iam.amazonaws.com:DeleteRolePolicy',
                 'iam.amazonaws.com:PutGroupPolicy', 'iam.amazonaws.com:DeleteGroupPolicy',
                 'iam.amazonaws.com:AddUserToGroup', 'iam.amazonaws.com:RemoveUserFromGroup')
  AND time >= :from AND time < :to
ORDER BY time, rowid
