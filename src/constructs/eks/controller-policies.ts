import { AwsScope, anyArn, arn, regionalService } from "../iam/arn";
import type { PolicyStatement } from "../iam/grant";

type Statement = PolicyStatement;

const LB_CLUSTER_TAG = "elbv2.k8s.aws/cluster";
const requestTagged = (present: boolean) => ({
  test: "Null",
  variable: `aws:RequestTag/${LB_CLUSTER_TAG}`,
  values: [String(!present)],
});
const resourceTagged = { test: "Null", variable: `aws:ResourceTag/${LB_CLUSTER_TAG}`, values: ["false"] };
const elb = (scope: AwsScope, resource: string) => anyArn(scope, "elasticloadbalancing", resource);
const loadBalancerAndTargetGroupArns = (scope: AwsScope) =>
  ["targetgroup/*/*", "loadbalancer/net/*/*", "loadbalancer/app/*/*"].map((resource) => elb(scope, resource));

/**
 * The AWS Load Balancer Controller's published IAM policy for the pinned chart
 * (docs/install/iam_policy.json of kubernetes-sigs/aws-load-balancer-controller
 * v3.5.0, kept in ./reference-policies and compared by a test), statement for
 * statement. Changes to load balancers, target groups and security groups are
 * limited to those the controller tagged with `elbv2.k8s.aws/cluster`; upstream
 * grants listener, rule, security group ingress, WAF and Shield actions on `*`
 * without conditions, and so do we (narrower breaks the controller).
 */
export function awsLoadBalancerControllerStatements(scope: AwsScope): Statement[] {
  return [
    {
      sid: "CreateElbServiceLinkedRole",
      effect: "Allow",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: ["*"],
      condition: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: ["elasticloadbalancing.amazonaws.com"] }],
    },
    {
      sid: "Describe",
      effect: "Allow",
      actions: [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:GetCoipPoolUsage",
        "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc",
        "ec2:DescribeIpamPools",
        "ec2:DescribeRouteTables",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
      ],
      resources: ["*"],
    },
    {
      sid: "CertificatesWafAndShield",
      effect: "Allow",
      actions: [
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ],
      resources: ["*"],
    },
    {
      sid: "ManageSecurityGroupIngress",
      effect: "Allow",
      actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      resources: ["*"],
    },
    { sid: "CreateSecurityGroup", effect: "Allow", actions: ["ec2:CreateSecurityGroup"], resources: ["*"] },
    {
      sid: "TagNewSecurityGroup",
      effect: "Allow",
      actions: ["ec2:CreateTags"],
      resources: [anyArn(scope, "ec2", "security-group/*")],
      condition: [{ test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateSecurityGroup"] }, requestTagged(true)],
    },
    {
      sid: "RetagOwnSecurityGroups",
      effect: "Allow",
      actions: ["ec2:CreateTags", "ec2:DeleteTags"],
      resources: [anyArn(scope, "ec2", "security-group/*")],
      condition: [requestTagged(false), resourceTagged],
    },
    {
      sid: "ManageOwnSecurityGroups",
      effect: "Allow",
      actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      resources: ["*"],
      condition: [resourceTagged],
    },
    {
      sid: "CreateTaggedLoadBalancers",
      effect: "Allow",
      actions: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      resources: ["*"],
      condition: [requestTagged(true)],
    },
    {
      sid: "ManageListenersAndRules",
      effect: "Allow",
      actions: [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
      ],
      resources: ["*"],
    },
    {
      sid: "RetagOwnLoadBalancers",
      effect: "Allow",
      actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      resources: loadBalancerAndTargetGroupArns(scope),
      condition: [requestTagged(false), resourceTagged],
    },
    {
      sid: "TagListenersAndRules",
      effect: "Allow",
      actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      resources: [
        elb(scope, "listener/net/*/*/*"),
        elb(scope, "listener/app/*/*/*"),
        elb(scope, "listener-rule/net/*/*/*"),
        elb(scope, "listener-rule/app/*/*/*"),
      ],
    },
    {
      sid: "ManageOwnLoadBalancers",
      effect: "Allow",
      actions: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
      ],
      resources: ["*"],
      condition: [resourceTagged],
    },
    {
      sid: "TagOnCreate",
      effect: "Allow",
      actions: ["elasticloadbalancing:AddTags"],
      resources: loadBalancerAndTargetGroupArns(scope),
      condition: [
        {
          test: "StringEquals",
          variable: "elasticloadbalancing:CreateAction",
          values: ["CreateTargetGroup", "CreateLoadBalancer"],
        },
        requestTagged(true),
      ],
    },
    {
      sid: "RegisterTargets",
      effect: "Allow",
      actions: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      resources: [elb(scope, "targetgroup/*/*")],
    },
    {
      sid: "ModifyListenersRulesAndWebAcl",
      effect: "Allow",
      actions: [
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      resources: ["*"],
    },
  ];
}

/**
 * Cluster autoscaler: the actions of the README's "Full Cluster Autoscaler
 * Features Policy" (./reference-policies), narrowed as the README recommends:
 * read anything about Auto Scaling groups and instance types, describe only
 * this cluster's node groups, change only the groups EKS tagged as this
 * cluster's node groups.
 */
export function clusterAutoscalerStatements(account: AwsScope, clusterName: string): Statement[] {
  return [
    {
      sid: "Describe",
      effect: "Allow",
      actions: [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
      ],
      resources: ["*"],
    },
    {
      sid: "DescribeThisClustersNodeGroups",
      effect: "Allow",
      actions: ["eks:DescribeNodegroup"],
      resources: [arn(account, "eks", `nodegroup/${clusterName}/*/*`)],
    },
    {
      sid: "ScaleThisClustersNodeGroups",
      effect: "Allow",
      actions: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      resources: [arn(account, "autoscaling", "autoScalingGroup:*:autoScalingGroupName/*")],
      condition: [
        {
          test: "StringEquals",
          variable: `aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`,
          values: ["owned"],
        },
        { test: "StringEquals", variable: "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled", values: ["true"] },
      ],
    },
  ];
}

const SECRET_READ_ACTIONS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:DescribeSecret",
  "secretsmanager:ListSecretVersionIds",
  "secretsmanager:GetResourcePolicy",
];

/**
 * external-secrets, when it is not given the exact secrets to read (those come
 * through their grants, see ControllerRoles): this environment's secrets only,
 * by pattern. Secrets named `<prefix>/*`, plus the master secrets
 * RDS manages for this environment's databases: RDS names them `rds!cluster-…`
 * or `rds!db-…` (names we cannot choose) and tags them with the owning
 * cluster's or instance's ARN, whose identifier starts with `<prefix>-`. KMS
 * decryption is allowed only through Secrets Manager, for those secrets.
 * `namePrefix` is `<project>-<env>`.
 */
export function externalSecretsStatements(account: AwsScope, namePrefix: string): Statement[] {
  const secretsManagerViaService = {
    test: "StringEquals",
    variable: "kms:ViaService",
    values: [regionalService(account, "secretsmanager")],
  };
  const keys = [arn(account, "kms", "key/*")];
  const environmentSecrets = arn(account, "secretsmanager", `secret:${namePrefix}/*`);
  const rdsSecrets = arn(account, "secretsmanager", "secret:rds!*");
  return [
    { sid: "ReadEnvironmentSecrets", effect: "Allow", actions: SECRET_READ_ACTIONS, resources: [environmentSecrets] },
    {
      sid: "ReadRdsManagedClusterSecrets",
      effect: "Allow",
      actions: SECRET_READ_ACTIONS,
      resources: [rdsSecrets],
      condition: [
        {
          test: "StringLike",
          variable: "secretsmanager:ResourceTag/aws:rds:primaryDBClusterArn",
          values: [arn(account, "rds", `cluster:${namePrefix}-*`)],
        },
      ],
    },
    {
      sid: "ReadRdsManagedInstanceSecrets",
      effect: "Allow",
      actions: SECRET_READ_ACTIONS,
      resources: [rdsSecrets],
      condition: [
        {
          test: "StringLike",
          variable: "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn",
          values: [arn(account, "rds", `db:${namePrefix}-*`)],
        },
      ],
    },
    {
      sid: "DecryptEnvironmentSecrets",
      effect: "Allow",
      actions: ["kms:Decrypt"],
      resources: keys,
      condition: [
        secretsManagerViaService,
        {
          test: "StringLike",
          variable: "kms:EncryptionContext:SecretARN",
          values: [environmentSecrets, rdsSecrets],
        },
      ],
    },
  ];
}

/**
 * The EBS CSI driver's use of the volume key, on top of the AWS managed
 * AmazonEBSCSIDriverPolicy: grants for EBS only, and data-key operations.
 */
export function ebsCsiKeyStatements(volumeKeyArn: string): Statement[] {
  return [
    {
      sid: "GrantsForEbsOnly",
      effect: "Allow",
      actions: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      resources: [volumeKeyArn],
      condition: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
    },
    {
      sid: "UseVolumeKey",
      effect: "Allow",
      actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      resources: [volumeKeyArn],
    },
  ];
}
