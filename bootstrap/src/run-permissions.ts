import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { AwsScope, arn, formatArn } from "../../src/constructs/iam/arn";
import { Layer, RUN_ROLE_PATH } from "../../src/naming";

/** What the permissions of one environment's run roles are scoped to. */
export interface RunScope extends AwsScope {
  /** `<project>-<env>`: every resource a layer creates is named with it (LayerStack.namePrefix). */
  readonly namePrefix: string;
  /** The environment's name: its `Environment` tag (LayerStack's default tags). */
  readonly environment: string;
  /** The permissions boundary every role a layer creates carries (runBoundaryPolicyArn). */
  readonly boundaryPolicyArn: string;
  /** The Secrets Manager secret of the environment's agent token: no run role may touch it. */
  readonly agentTokenSecretName: string;
}

/**
 * What both run roles may read: the configuration reads Terraform needs to
 * refresh the resource types this project manages, and nothing else. An
 * allow list, not ReadOnlyAccess minus a deny list: no secret values, no
 * objects, items, log events or messages, and no services the project does
 * not use. A resource type added to a layer may need its reads added here.
 */
export const READ_ACTIONS = [
  "application-autoscaling:Describe*",
  "application-autoscaling:ListTagsForResource",
  "autoscaling:Describe*",
  "cloudwatch:Describe*",
  "cloudwatch:ListTagsForResource",
  "dynamodb:Describe*",
  "dynamodb:ListTables",
  "dynamodb:ListTagsOfResource",
  "ec2:Describe*",
  "ec2:GetLaunchTemplateData",
  "eks:Describe*",
  "eks:List*",
  "elasticache:Describe*",
  "elasticache:ListTagsForResource",
  "es:Describe*",
  "es:GetCompatibleVersions",
  "es:ListDomainNames",
  "es:ListTags",
  "iam:GetOpenIDConnectProvider",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
  "iam:ListOpenIDConnectProviders",
  "iam:ListRolePolicies",
  "iam:ListRoleTags",
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:ListResourceTags",
  "logs:DescribeLogGroups",
  "logs:DescribeResourcePolicies",
  "logs:ListTagsForResource",
  "logs:ListTagsLogGroup",
  "rds:Describe*",
  "rds:ListTagsForResource",
  "s3:GetAccelerateConfiguration",
  "s3:GetBucket*",
  "s3:GetEncryptionConfiguration",
  "s3:GetLifecycleConfiguration",
  "s3:GetReplicationConfiguration",
  "s3:ListAllMyBuckets",
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetResourcePolicy",
  "sns:GetTopicAttributes",
  "sns:ListTagsForResource",
  "ssm:GetParameter",
  "sts:GetCallerIdentity",
  "wafv2:Get*",
  "wafv2:List*",
];

/** IAM path of the run roles (src/naming.ts); no layer's apply role may touch roles under it. */
export { RUN_ROLE_PATH };

/**
 * Data-plane reads Terraform never needs to refresh what this project
 * manages: reading objects, items, records, messages and log events. Not in
 * READ_ACTIONS, and denied to both run roles as well, so no write statement
 * (`s3:*` on the layer's buckets) can bring them back to a plan or apply.
 */
export const DENIED_DATA_READS = [
  "athena:GetQueryResults",
  "dynamodb:BatchGetItem",
  "dynamodb:GetItem",
  "dynamodb:GetRecords",
  "dynamodb:Query",
  "dynamodb:Scan",
  "kinesis:GetRecords",
  "logs:FilterLogEvents",
  "logs:GetLogEvents",
  "logs:GetQueryResults",
  "logs:StartQuery",
  "s3:GetObject",
  "s3:GetObjectVersion",
  "secretsmanager:GetSecretValue",
  "sqs:ReceiveMessage",
];

/** Managed policies an apply role may never attach: that would make it an administrator. */
export const FORBIDDEN_MANAGED_POLICY_NAMES = ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"];

/** The ARNs of {@link FORBIDDEN_MANAGED_POLICY_NAMES} in the scope's partition. */
export function forbiddenManagedPolicies(scope: AwsScope): string[] {
  return FORBIDDEN_MANAGED_POLICY_NAMES.map((name) => formatArn(scope, { service: "iam", region: "", account: "aws", resource: `policy/${name}` }));
}

type Statement = DataAwsIamPolicyDocumentStatement;

const inRegion = (scope: RunScope) => ({ test: "StringEquals", variable: "aws:RequestedRegion", values: [scope.region] });

function regional(sid: string, scope: RunScope, actions: string[]): Statement {
  return { sid, effect: "Allow", actions, resources: ["*"], condition: [inRegion(scope)] };
}

/** What no run role, and no role a layer creates, may touch: the delivery identity itself. */
export function deliveryIdentityArns(scope: RunScope, hostname: string): string[] {
  return [
    arn(scope, "iam", `role${RUN_ROLE_PATH}*`, ""),
    arn(scope, "iam", `policy${RUN_ROLE_PATH}*`, ""),
    arn(scope, "iam", `oidc-provider/${hostname}`, ""),
    arn(scope, "secretsmanager", `secret:${scope.agentTokenSecretName}-*`),
  ];
}

/** IAM actions that would create, widen or unbound a role. */
export const ROLE_CHANGING_ACTIONS = [
  "iam:AttachRolePolicy",
  "iam:CreateRole",
  "iam:DeleteRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:PutRolePolicy",
  "iam:UpdateAssumeRolePolicy",
];

/**
 * Statements every run role carries: no data-plane reads, hands off the
 * delivery plumbing, and no role without the environment's boundary.
 */
export function guardStatements(scope: RunScope, hostname: string): Statement[] {
  return [
    { sid: "DenyDataPlaneReads", effect: "Deny", actions: DENIED_DATA_READS, resources: ["*"] },
    { sid: "DenyTouchingDeliveryIdentity", effect: "Deny", actions: ["*"], resources: deliveryIdentityArns(scope, hostname) },
    {
      sid: "DenyAdministratorPolicies",
      effect: "Deny",
      actions: ["iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"],
      resources: ["*"],
      condition: [{ test: "ArnEquals", variable: "iam:PolicyARN", values: forbiddenManagedPolicies(scope) }],
    },
    {
      // Absent or another boundary: denied, whatever an Allow says.
      sid: "DenyRolesWithoutBoundary",
      effect: "Deny",
      actions: ROLE_CHANGING_ACTIONS,
      resources: ["*"],
      condition: [{ test: "StringNotEquals", variable: "iam:PermissionsBoundary", values: [scope.boundaryPolicyArn] }],
    },
    { sid: "DenyRemovingBoundary", effect: "Deny", actions: ["iam:DeleteRolePermissionsBoundary"], resources: ["*"] },
  ];
}

/**
 * The ceiling of every role a layer creates (its permissions boundary): what
 * the role's own policies allow, except managing IAM identities, touching the
 * delivery identity, destroying or re-keying KMS keys, and the organization.
 */
export function boundaryStatements(scope: RunScope, hostname: string): Statement[] {
  return [
    { sid: "AllowWithinCeiling", effect: "Allow", actions: ["*"], resources: ["*"] },
    {
      sid: "DenyIdentityManagement",
      effect: "Deny",
      actions: [
        ...ROLE_CHANGING_ACTIONS,
        "iam:AddUserToGroup",
        "iam:AttachGroupPolicy",
        "iam:AttachUserPolicy",
        "iam:CreateAccessKey",
        "iam:CreateLoginProfile",
        "iam:CreatePolicy",
        "iam:CreatePolicyVersion",
        "iam:CreateUser",
        "iam:DeleteRolePermissionsBoundary",
        "iam:PutGroupPolicy",
        "iam:PutUserPolicy",
        "iam:SetDefaultPolicyVersion",
        "iam:UpdateLoginProfile",
      ],
      resources: ["*"],
    },
    {
      sid: "DenyDeliveryIdentity",
      effect: "Deny",
      actions: ["*"],
      resources: deliveryIdentityArns(scope, hostname).filter((resource) => !resource.includes(":secretsmanager:")),
    },
    {
      // The agents' execution role reads the agent token (its own policy names it); nothing may change it.
      sid: "DenyChangingAgentToken",
      effect: "Deny",
      notActions: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
      resources: [arn(scope, "secretsmanager", `secret:${scope.agentTokenSecretName}-*`)],
    },
    {
      sid: "DenyKeyDestruction",
      effect: "Deny",
      actions: ["kms:DisableKey", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"],
      resources: ["*"],
    },
    { sid: "DenyOrganization", effect: "Deny", actions: ["account:*", "organizations:*"], resources: ["*"] },
  ];
}

const KEY_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:CreateGrant",
  "kms:Decrypt",
  "kms:DeleteAlias",
  "kms:DisableKeyRotation",
  "kms:EnableKeyRotation",
  "kms:Encrypt",
  "kms:GenerateDataKey*",
  "kms:PutKeyPolicy",
  "kms:RetireGrant",
  "kms:RevokeGrant",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

/**
 * The layer's own customer-managed keys only: created with its `Layer` and
 * `Environment` tags (LayerStack's default tags travel with CreateKey), and
 * used, re-keyed or scheduled for deletion only while they carry them, so the
 * edge layer cannot decrypt or delete the data layer's keys. Aliases within
 * the environment's prefix; an alias change also needs rights on its keys.
 */
function kms(scope: RunScope, layer: Layer): Statement[] {
  const owned = (prefix: "aws:RequestTag" | "aws:ResourceTag") => [
    { test: "StringEquals", variable: `${prefix}/Layer`, values: [layer] },
    { test: "StringEquals", variable: `${prefix}/Environment`, values: [scope.environment] },
  ];
  return [
    { sid: "CreateOwnKeys", effect: "Allow", actions: ["kms:CreateKey"], resources: ["*"], condition: [inRegion(scope), ...owned("aws:RequestTag")] },
    { sid: "ManageOwnKeys", effect: "Allow", actions: KEY_ACTIONS, resources: [arn(scope, "kms", "key/*")], condition: owned("aws:ResourceTag") },
    {
      sid: "KeepOwnKeyTags",
      effect: "Allow",
      actions: ["kms:UntagResource"],
      resources: [arn(scope, "kms", "key/*")],
      condition: [...owned("aws:ResourceTag"), { test: "ForAllValues:StringNotEquals", variable: "aws:TagKeys", values: ["Layer", "Environment"] }],
    },
    {
      sid: "ManageOwnKeyAliases",
      effect: "Allow",
      actions: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
      resources: [arn(scope, "kms", `alias/${scope.namePrefix}*`)],
    },
  ];
}

function logs(scope: RunScope): Statement {
  return regional("ManageLogGroups", scope, [
    "logs:AssociateKmsKey",
    "logs:CreateLogDelivery",
    "logs:CreateLogGroup",
    "logs:DeleteLogDelivery",
    "logs:DeleteLogGroup",
    "logs:DeleteResourcePolicy",
    "logs:DeleteRetentionPolicy",
    "logs:DisassociateKmsKey",
    "logs:PutResourcePolicy",
    "logs:PutRetentionPolicy",
    "logs:TagLogGroup",
    "logs:TagResource",
    "logs:UntagLogGroup",
    "logs:UntagResource",
    "logs:UpdateLogDelivery",
  ]);
}

interface RoleRights {
  /** Services the layer's roles are passed to. Default: none. */
  readonly passedTo?: string[];
  /** Services whose service-linked roles the layer may create. Default: none. */
  readonly serviceLinked?: string[];
}

/**
 * Roles named `<project>-<env>-*`, created and changed only with the
 * environment's permissions boundary (and the guard denies any other), and
 * passed only to the services given. The run roles themselves live under
 * another path and name, and the guard denies touching them.
 */
function iamRoles(scope: RunScope, rights: RoleRights = {}): Statement[] {
  const ownRoles = [arn(scope, "iam", `role/${scope.namePrefix}-*`, "")];
  const withBoundary = [{ test: "StringEquals", variable: "iam:PermissionsBoundary", values: [scope.boundaryPolicyArn] }];
  const statements: Statement[] = [
    { sid: "ChangeOwnRolesWithinBoundary", effect: "Allow", actions: ROLE_CHANGING_ACTIONS, resources: ownRoles, condition: withBoundary },
    {
      sid: "ManageOwnRoles",
      effect: "Allow",
      actions: ["iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateRole", "iam:UpdateRoleDescription"],
      resources: ownRoles,
    },
  ];
  return [...statements, ...passAndServiceLinked(scope, rights)];
}

function passAndServiceLinked(scope: RunScope, { passedTo = [], serviceLinked = [] }: RoleRights): Statement[] {
  const statements: Statement[] = [];
  if (passedTo.length > 0) {
    statements.push({
      sid: "PassOwnRoles",
      effect: "Allow",
      actions: ["iam:PassRole"],
      resources: [arn(scope, "iam", `role/${scope.namePrefix}-*`, "")],
      condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: passedTo }],
    });
  }
  if (serviceLinked.length > 0) {
    statements.push({
      sid: "CreateServiceLinkedRoles",
      effect: "Allow",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: ["*"],
      condition: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: serviceLinked }],
    });
  }
  return statements;
}

/**
 * What every layer that creates AWS resources shares: its log groups and its
 * own customer-managed keys; its own IAM roles only if it creates roles.
 */
function logsKeysAndRoles(scope: RunScope, layer: Layer, rights: RoleRights & { readonly createsRoles: boolean }): Statement[] {
  return [logs(scope), ...kms(scope, layer), ...(rights.createsRoles ? iamRoles(scope, rights) : passAndServiceLinked(scope, rights))];
}

const SECURITY_GROUP_ACTIONS = [
  "ec2:AuthorizeSecurityGroupEgress",
  "ec2:AuthorizeSecurityGroupIngress",
  "ec2:CreateSecurityGroup",
  "ec2:CreateTags",
  "ec2:DeleteSecurityGroup",
  "ec2:DeleteTags",
  "ec2:ModifySecurityGroupRules",
  "ec2:RevokeSecurityGroupEgress",
  "ec2:RevokeSecurityGroupIngress",
  "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
  "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
];

/**
 * The write permissions of one layer's apply role, on top of read-only access:
 * only the services that layer manages, in the environment's region, and IAM
 * only on roles and policies named with the environment's prefix.
 */
export function applyStatements(layer: Layer, scope: RunScope): Statement[] {
  const own = (service: string, resource: string, region = scope.region) => arn(scope, service, resource, region);
  switch (layer) {
    case "network":
      return [
        regional("ManageNetwork", scope, [
          ...SECURITY_GROUP_ACTIONS,
          "ec2:*Address*",
          "ec2:*DhcpOptions*",
          "ec2:*FlowLogs*",
          "ec2:*InternetGateway*",
          "ec2:*NatGateway*",
          "ec2:*NetworkAcl*",
          "ec2:*Route*",
          "ec2:*Subnet*",
          "ec2:*Vpc",
          "ec2:*VpcAttribute",
          "ec2:*VpcEndpoint*",
          "ec2:*VpcCidrBlock",
          // The Terraform Cloud agents' Fargate service (src/constructs/delivery).
          "ecs:*",
        ]),
        ...logsKeysAndRoles(scope, layer, {
          createsRoles: true,
          passedTo: ["vpc-flow-logs.amazonaws.com", "ecs-tasks.amazonaws.com"],
          serviceLinked: ["ecs.amazonaws.com"],
        }),
      ];
    case "data":
      return [
        regional("ManageDataServices", scope, [
          ...SECURITY_GROUP_ACTIONS,
          "application-autoscaling:*",
          "cloudwatch:DeleteAlarms",
          "cloudwatch:PutMetricAlarm",
          "cloudwatch:TagResource",
          "cloudwatch:UntagResource",
          "elasticache:*",
          "es:*",
          "rds:*",
        ]),
        { sid: "ManageOwnTables", effect: "Allow", actions: ["dynamodb:*"], resources: [own("dynamodb", `table/${scope.namePrefix}-*`)] },
        {
          sid: "ManageOwnBuckets",
          effect: "Allow",
          actions: ["s3:*"],
          resources: [formatArn(scope, { service: "s3", region: "", account: "", resource: `${scope.namePrefix}-*` })],
        },
        {
          sid: "ManageOwnSecrets",
          effect: "Allow",
          actions: ["secretsmanager:*"],
          // `rds!*`: the master password secrets RDS manages on the caller's behalf.
          resources: [own("secretsmanager", `secret:${scope.namePrefix}-*`), own("secretsmanager", "secret:rds!*")],
        },
        { sid: "ManageOwnTopics", effect: "Allow", actions: ["sns:*"], resources: [own("sns", `${scope.namePrefix}-*`)] },
        ...logsKeysAndRoles(scope, layer, {
          createsRoles: true,
          passedTo: ["monitoring.rds.amazonaws.com", "es.amazonaws.com"],
          serviceLinked: [
            "rds.amazonaws.com",
            "elasticache.amazonaws.com",
            "opensearchservice.amazonaws.com",
            "dynamodb.application-autoscaling.amazonaws.com",
          ],
        }),
      ];
    case "cluster":
      return [
        regional("ManageCluster", scope, [
          ...SECURITY_GROUP_ACTIONS,
          "ec2:CreateLaunchTemplate",
          "ec2:CreateLaunchTemplateVersion",
          "ec2:DeleteLaunchTemplate",
          "ec2:DeleteLaunchTemplateVersions",
          "ec2:ModifyLaunchTemplate",
          "ec2:RunInstances",
          "eks:*",
        ]),
        {
          sid: "ManageClusterOidcProvider",
          effect: "Allow",
          actions: [
            "iam:AddClientIDToOpenIDConnectProvider",
            "iam:CreateOpenIDConnectProvider",
            "iam:DeleteOpenIDConnectProvider",
            "iam:TagOpenIDConnectProvider",
            "iam:UntagOpenIDConnectProvider",
            "iam:UpdateOpenIDConnectProviderThumbprint",
          ],
          resources: [arn(scope, "iam", `oidc-provider/oidc.eks.${scope.region}.amazonaws.com/*`, "")],
        },
        ...logsKeysAndRoles(scope, layer, {
          createsRoles: true,
          passedTo: ["eks.amazonaws.com", "ec2.amazonaws.com"],
          serviceLinked: ["eks.amazonaws.com", "eks-nodegroup.amazonaws.com", "autoscaling.amazonaws.com", "spot.amazonaws.com"],
        }),
      ];
    case "edge":
      return [
        regional("ManageWebAcl", scope, ["wafv2:*"]),
        // No IAM roles: the web ACL's logging needs only WAF's service-linked role.
        ...logsKeysAndRoles(scope, layer, { createsRoles: false, serviceLinked: ["wafv2.amazonaws.com"] }),
      ];
    case "workloads":
      // The application's IRSA role; Kubernetes objects are authorized in the cluster, not by IAM.
      return iamRoles(scope);
  }
}
