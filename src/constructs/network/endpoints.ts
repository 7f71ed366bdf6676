import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, TerraformLocal, Token } from "cdktf";
import { Construct } from "constructs";
import { INTERFACE_ENDPOINT_SERVICES, InterfaceEndpointService } from "../../config/schema/network";
import { Names, PerName } from "../expressions/names";
import { AwsScope, arn, formatArn } from "../iam/arn";

/** Services reached through gateway endpoints: free, and keep S3 and DynamoDB traffic off the NAT. */
export const GATEWAY_ENDPOINT_SERVICES = ["s3", "dynamodb"] as const;
export type GatewayEndpointService = (typeof GATEWAY_ENDPOINT_SERVICES)[number];

/**
 * What each interface endpoint's policy can require. Every endpoint admits only
 * this account's principals (`aws:PrincipalAccount`) and only the service's own
 * actions. `ownResources` adds `aws:ResourceAccount`: only where every resource
 * the platform reaches through the endpoint is its own. It is off where nodes
 * or controllers read AWS-owned resources: ECR (the EKS add-on images live in
 * AWS's registries), EC2 (Amazon AMIs), SSM (public parameters such as the EKS
 * AMI ids), Bedrock (foundation models have no account). STS is special: IRSA's
 * `AssumeRoleWithWebIdentity` is an unsigned call with no principal, so it is
 * admitted on this account's roles instead (see `stsStatements`).
 */
export const INTERFACE_ENDPOINT_POLICY: Record<InterfaceEndpointService, { actionPrefix: string; ownResources: boolean }> = {
  autoscaling: { actionPrefix: "autoscaling", ownResources: false },
  bedrock: { actionPrefix: "bedrock", ownResources: false },
  "bedrock-runtime": { actionPrefix: "bedrock", ownResources: false },
  ec2: { actionPrefix: "ec2", ownResources: false },
  ec2messages: { actionPrefix: "ec2messages", ownResources: false },
  "ecr.api": { actionPrefix: "ecr", ownResources: false },
  "ecr.dkr": { actionPrefix: "ecr", ownResources: false },
  eks: { actionPrefix: "eks", ownResources: false },
  "eks-auth": { actionPrefix: "eks-auth", ownResources: false },
  elasticloadbalancing: { actionPrefix: "elasticloadbalancing", ownResources: false },
  kms: { actionPrefix: "kms", ownResources: true },
  logs: { actionPrefix: "logs", ownResources: true },
  monitoring: { actionPrefix: "cloudwatch", ownResources: false },
  secretsmanager: { actionPrefix: "secretsmanager", ownResources: true },
  sqs: { actionPrefix: "sqs", ownResources: true },
  ssm: { actionPrefix: "ssm", ownResources: false },
  ssmmessages: { actionPrefix: "ssmmessages", ownResources: false },
  sts: { actionPrefix: "sts", ownResources: false },
};

/**
 * AWS-owned buckets EKS nodes read through the S3 gateway endpoint, by source:
 * - `prod-<region>-starport-layer-bucket`: ECR image layers (Amazon ECR User
 *   Guide, "Amazon ECR interface VPC endpoints", minimum S3 bucket permissions);
 * - `al2023-repos-<region>-*`: the Amazon Linux 2023 package repositories of the
 *   nodes' AMI (Amazon Linux 2023 User Guide, "Using AL2023 with VPC endpoints").
 */
export function awsOwnedNodeBuckets(region: string): string[] {
  return [`prod-${region}-starport-layer-bucket`, `al2023-repos-${region}-*`];
}

export interface VpcEndpointsProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Route tables the gateway endpoints are added to (private and data tiers). */
  readonly gatewayRouteTableIds: string[];
  /** Subnets the interface endpoints get a network interface in (the private tier). */
  readonly interfaceSubnetIds: string[];
  /** Interface endpoint services, e.g. `ecr.api`; `Names.of(...)` in a module. Default: none. */
  readonly interfaceServices?: readonly string[] | Names;
}

/**
 * Gateway endpoints for S3 and DynamoDB on every non-public route table, and
 * interface endpoints (private DNS on) behind a security group that admits
 * HTTPS from inside the VPC only.
 */
export class VpcEndpoints extends Construct {
  readonly gateway: Record<GatewayEndpointService, VpcEndpoint>;
  /** Interface endpoints by service, also when the services are a module variable. */
  readonly interfaceEndpoints?: PerName<VpcEndpoint>;
  readonly securityGroup?: SecurityGroup;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    // Endpoint policies admit the stack's account's principals and resources only.
    const account = AwsScope.of(this);
    const serviceName = (service: string) => `com.amazonaws.${account.region}.${service}`;
    const gatewayPolicies = gatewayEndpointPolicies(account, props.namePrefix);
    const gatewayEndpoint = (service: GatewayEndpointService) =>
      new VpcEndpoint(this, `gateway-${service}`, {
        vpcId: props.vpcId,
        serviceName: serviceName(service),
        vpcEndpointType: "Gateway",
        routeTableIds: props.gatewayRouteTableIds,
        policy: gatewayPolicies[service],
        tags: { Name: `${props.namePrefix}-${service}` },
      });
    this.gateway = { s3: gatewayEndpoint("s3"), dynamodb: gatewayEndpoint("dynamodb") };

    const services = Names.from(props.interfaceServices ?? []);
    const security = services.ifAny(this, (optional) => {
      const group = new SecurityGroup(this, "security-group", {
        name: `${props.namePrefix}-vpc-endpoints`,
        description: "Interface VPC endpoints: HTTPS from inside the VPC",
        vpcId: props.vpcId,
        tags: { Name: `${props.namePrefix}-vpc-endpoints` },
      });
      new VpcSecurityGroupIngressRule(this, "https-from-vpc", {
        securityGroupId: optional.attr(group, "id"),
        description: "HTTPS to AWS APIs from inside the VPC",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: props.vpcCidr,
      });
      return group;
    });
    if (!security) return;
    this.securityGroup = security.value;
    const policyOf = (service: string) => {
      if (!Token.isUnresolved(service)) return interfaceEndpointPolicy(account, service as InterfaceEndpointService);
      // A module's services are `each.key`: look the policy up in a local with one per service config allows.
      policies ??= new TerraformLocal(
        this,
        "interface_endpoint_policies",
        Object.fromEntries(INTERFACE_ENDPOINT_SERVICES.map((name) => [name, interfaceEndpointPolicy(account, name)])),
      );
      return Fn.lookup(policies.expression, service);
    };
    let policies: TerraformLocal | undefined;
    this.interfaceEndpoints = services.each(
      this,
      (service) =>
        new VpcEndpoint(this, service.id("interface-{}"), {
          vpcId: props.vpcId,
          serviceName: serviceName(service.name),
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: props.interfaceSubnetIds,
          securityGroupIds: [security.attr(security.value, "id")],
          policy: policyOf(service.name),
          tags: { Name: `${props.namePrefix}-${service.name}` },
        }),
    );
  }

  /** Interface endpoints by service: known services only (throws in a module; see `interfaceEndpoints`). */
  get interface(): Readonly<Record<string, VpcEndpoint>> {
    return this.interfaceEndpoints?.instances ?? {};
  }
}

const policyJson = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const thisAccount = (key: string, account: AwsScope) => ({ [key]: account.accountId });

/** One interface endpoint's policy: see {@link INTERFACE_ENDPOINT_POLICY}. */
export function interfaceEndpointPolicy(account: AwsScope, service: InterfaceEndpointService): string {
  const { actionPrefix, ownResources } = INTERFACE_ENDPOINT_POLICY[service];
  const statements: object[] = [
    {
      Sid: "ThisAccountsPrincipals",
      Effect: "Allow",
      Principal: "*",
      Action: `${actionPrefix}:*`,
      Resource: "*",
      Condition: {
        StringEquals: {
          ...thisAccount("aws:PrincipalAccount", account),
          ...(ownResources ? thisAccount("aws:ResourceAccount", account) : {}),
        },
      },
    },
  ];
  if (service === "sts") {
    statements.push({
      Sid: "WebIdentityIntoThisAccountsRoles",
      Effect: "Allow",
      Principal: "*",
      Action: "sts:AssumeRoleWithWebIdentity",
      Resource: arn(account, "iam", "role/*", ""),
    });
  }
  return policyJson(statements);
}

/**
 * Gateway endpoint policies. S3: this account's principals on the platform's
 * buckets (`<prefix>-*-<account>`, owned by this account), and reads of the
 * AWS-owned buckets nodes need ({@link awsOwnedNodeBuckets}). DynamoDB: this
 * account's principals on this account's tables (with their indexes and streams).
 */
export function gatewayEndpointPolicies(account: AwsScope, namePrefix: string): Record<GatewayEndpointService, string> {
  const principal = { StringEquals: thisAccount("aws:PrincipalAccount", account) };
  const bucketArn = (name: string) => formatArn(account, { service: "s3", region: "", account: "", resource: name });
  const platformBuckets = bucketArn(`${namePrefix}-*-${account.accountId}`);
  return {
    s3: policyJson([
      {
        Sid: "PlatformBuckets",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:*",
        Resource: [platformBuckets, `${platformBuckets}/*`],
        Condition: { StringEquals: { ...principal.StringEquals, ...thisAccount("aws:ResourceAccount", account) } },
      },
      {
        Sid: "AwsOwnedBucketsNodesRead",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: awsOwnedNodeBuckets(account.region).map((bucket) => `${bucketArn(bucket)}/*`),
        Condition: principal,
      },
    ]),
    dynamodb: policyJson([
      {
        Sid: "ThisAccountsTables",
        Effect: "Allow",
        Principal: "*",
        Action: "dynamodb:*",
        Resource: arn(account, "dynamodb", "table/*"),
        Condition: principal,
      },
    ]),
  };
}
