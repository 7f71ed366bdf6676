import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { AwsScope, arn } from "../../src/constructs/iam/arn";
import { Layer, RUN_ROLE_PATH } from "../../src/naming";

/** What the permissions of one environment's run roles are scoped to. */
export interface RunScope extends AwsScope {
  /** `<project>-<env>`: every resource a layer creates is named with it (LayerStack.namePrefix). */
  readonly namePrefix: string;
}

/** AWS managed policy both run roles start from: read everything Terraform refreshes. */
export const READ_ONLY_POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";

/** IAM path of the run roles (src/naming.ts); no layer's apply role may touch roles under it. */
export { RUN_ROLE_PATH };

/**
 * Data-plane reads ReadOnlyAccess grants that Terraform never needs to refresh
 * what this project manages: reading objects, items, records, messages and log
 * events. Denied to both run roles, so a plan cannot exfiltrate application data.
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
  "sqs:ReceiveMessage",
];

/** Managed policies an apply role may never attach: that would make it an administrator. */
export const FORBIDDEN_MANAGED_POLICIES = [
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:iam::aws:policy/IAMFullAccess",
  "arn:aws:iam::aws:policy/PowerUserAccess",
];

type Statement = DataAwsIamPolicyDocumentStatement;

const inRegion = (scope: RunScope) => ({ test: "StringEquals", variable: "aws:RequestedRegion", values: [scope.region] });

function regional(sid: string, scope: RunScope, actions: string[]): Statement {
  return { sid, effect: "Allow", actions, resources: ["*"], condition: [inRegion(scope)] };
}

/** Statements every run role carries: no data-plane reads, hands off the delivery plumbing itself. */
export function guardStatements(scope: RunScope, hostname: string): Statement[] {
  return [
    { sid: "DenyDataPlaneReads", effect: "Deny", actions: DENIED_DATA_READS, resources: ["*"] },
    {
      sid: "DenyTouchingDeliveryIdentity",
      effect: "Deny",
      actions: ["iam:*"],
      resources: [
        arn(scope, "iam", `role${RUN_ROLE_PATH}*`, ""),
        arn(scope, "iam", `oidc-provider/${hostname}`, ""),
      ],
    },
    {
      sid: "DenyAdministratorPolicies",
      effect: "Deny",
      actions: ["iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"],
      resources: ["*"],
      condition: [{ test: "ArnEquals", variable: "iam:PolicyARN", values: FORBIDDEN_MANAGED_POLICIES }],
    },
  ];
}

function kms(scope: RunScope): Statement {
  return regional("ManageCustomerManagedKeys", scope, [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:CreateGrant",
    "kms:CreateKey",
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
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
  ]);
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

/** Roles and policies named `<project>-<env>-*` only; passed only to the services given. */
function iamRoles(scope: RunScope, passedTo: string[], serviceLinked: string[] = []): Statement[] {
  const own = (kind: string) => arn(scope, "iam", `${kind}/${scope.namePrefix}-*`, "");
  const statements: Statement[] = [
    {
      sid: "ManageOwnRoles",
      effect: "Allow",
      actions: [
        "iam:AttachRolePolicy",
        "iam:CreatePolicy",
        "iam:CreatePolicyVersion",
        "iam:CreateRole",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:PutRolePolicy",
        "iam:TagPolicy",
        "iam:TagRole",
        "iam:UntagPolicy",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ],
      resources: [own("role"), own("policy")],
    },
  ];
  if (passedTo.length > 0) {
    statements.push({
      sid: "PassOwnRoles",
      effect: "Allow",
      actions: ["iam:PassRole"],
      resources: [own("role")],
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
 * What every layer that creates AWS resources shares: its log groups, its
 * customer-managed keys, and its own IAM roles (passable to `passedTo` only).
 */
function logsKeysAndRoles(scope: RunScope, passedTo: string[], serviceLinked: string[] = []): Statement[] {
  return [logs(scope), kms(scope), ...iamRoles(scope, passedTo, serviceLinked)];
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
        ]),
        ...logsKeysAndRoles(scope, ["vpc-flow-logs.amazonaws.com"]),
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
          resources: [`arn:aws:s3:::${scope.namePrefix}-*`],
        },
        {
          sid: "ManageOwnSecrets",
          effect: "Allow",
          actions: ["secretsmanager:*"],
          // `rds!*`: the master password secrets RDS manages on the caller's behalf.
          resources: [own("secretsmanager", `secret:${scope.namePrefix}-*`), own("secretsmanager", "secret:rds!*")],
        },
        { sid: "ManageOwnTopics", effect: "Allow", actions: ["sns:*"], resources: [own("sns", `${scope.namePrefix}-*`)] },
        ...logsKeysAndRoles(
          scope,
          ["monitoring.rds.amazonaws.com", "es.amazonaws.com"],
          ["rds.amazonaws.com", "elasticache.amazonaws.com", "opensearchservice.amazonaws.com", "dynamodb.application-autoscaling.amazonaws.com"],
        ),
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
        ...logsKeysAndRoles(
          scope,
          ["eks.amazonaws.com", "ec2.amazonaws.com"],
          ["eks.amazonaws.com", "eks-nodegroup.amazonaws.com", "autoscaling.amazonaws.com", "spot.amazonaws.com"],
        ),
      ];
    case "edge":
      return [
        regional("ManageWebAcl", scope, ["wafv2:*"]),
        ...logsKeysAndRoles(scope, [], ["wafv2.amazonaws.com"]),
      ];
    case "workloads":
      // Kubernetes objects are authorized by the cluster's access entries, not IAM.
      return [...iamRoles(scope, [])];
  }
}
