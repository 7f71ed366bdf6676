import { z } from "zod";
import { ipv4Cidr, logRetentionDays, reportDuplicates } from "./primitives";

/**
 * AWS services that may get an interface VPC endpoint (PrivateLink). The list
 * is closed so a typo fails validation instead of planning a bogus endpoint.
 */
export const INTERFACE_ENDPOINT_SERVICES = [
  "autoscaling",
  "bedrock",
  "bedrock-runtime",
  "ec2",
  "ec2messages",
  "ecr.api",
  "ecr.dkr",
  "eks",
  "eks-auth",
  "elasticloadbalancing",
  "kms",
  "logs",
  "monitoring",
  "secretsmanager",
  "sqs",
  "ssm",
  "ssmmessages",
  "sts",
] as const;

export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** How many NAT gateways carry the private subnets' egress. */
export const NAT_GATEWAY_STRATEGIES = ["single", "one-per-az"] as const;
export type NatGatewayStrategy = (typeof NAT_GATEWAY_STRATEGIES)[number];

/** The smallest and largest VPC the subnet layout supports (see src/constructs/network/subnet-layout.ts). */
export const VPC_PREFIX_RANGE = { min: 16, max: 20 } as const;

export const flowLogsSchema = z.strictObject({
  /** Days to keep flow logs. Default: 365 (a year, what most audits ask for). */
  retentionDays: logRetentionDays.default(365),
  /** Which traffic to record. Default: ALL. */
  trafficType: z.enum(["ALL", "ACCEPT", "REJECT"]).default("ALL"),
});

/** Internet egress rules are numbered 1000 + port; ports above this would pass the largest rule number AWS allows (32766). */
export const MAX_ACL_RULE_PORT = 31766;

/** Stateless network ACLs per subnet tier (see docs/network.md). */
export const networkAclsSchema = z
  .strictObject({
    /** Default: true. */
    enabled: z.boolean().default(true),
    /**
     * TCP ports the private subnets (nodes and pods) may reach outside the VPC,
     * through NAT and the S3/DynamoDB gateway endpoints. Default: 80 and 443.
     */
    internetEgressPorts: z
      .array(
        z
          .number()
          .int()
          .min(1)
          .max(MAX_ACL_RULE_PORT, { message: `must be at most ${MAX_ACL_RULE_PORT} (rules are numbered 1000 + port)` }),
      )
      .min(1, { message: "must allow at least one port (443 for AWS APIs, ECR and S3)" })
      .default([80, 443]),
  })
  .superRefine((acls, ctx) => reportDuplicates(ctx, acls.internetEgressPorts.map(String), ["internetEgressPorts"], "port"));

/**
 * The VPC in `data.disasterRecovery.region` that an Aurora global database's
 * secondary cluster lives in: data subnets only (no internet gateway, no NAT),
 * flow logs on. Only with `data.disasterRecovery.database: "global-database"`.
 */
export const secondaryNetworkSchema = z
  .strictObject({
    /** The VPC's IPv4 block, /16 to /20; its data tier is carved like the main VPC's. */
    vpcCidr: ipv4Cidr(VPC_PREFIX_RANGE.min, VPC_PREFIX_RANGE.max),
    /** Zones of `data.disasterRecovery.region`, at least 2 (a DB subnet group spans 2 or more). */
    availabilityZones: z.array(z.string()).min(2, { message: "at least 2 availability zones are needed: a DB subnet group spans 2 or more AZs" }),
    /** VPC flow logs to CloudWatch Logs in that region. */
    flowLogs: flowLogsSchema.prefault({}),
  })
  .superRefine((network, ctx) => reportDuplicates(ctx, network.availabilityZones, ["availabilityZones"], "availability zone"));

export const networkSchema = z
  .strictObject({
    /** The VPC's IPv4 block; subnets are carved from it (see docs/network.md, subnet layout). */
    vpcCidr: ipv4Cidr(VPC_PREFIX_RANGE.min, VPC_PREFIX_RANGE.max),
    /**
     * Availability zones, e.g. `us-east-1a`. Each zone's letter picks its subnet
     * slot, so adding or removing a zone never moves another zone's subnets.
     */
    availabilityZones: z.array(z.string()).min(2, {
      message: "at least 2 availability zones are needed: the data subnet groups span 2 or more AZs",
    }),
    /** `single` (one NAT gateway, cheap) or `one-per-az` (no cross-AZ dependency). */
    natGateways: z.enum(NAT_GATEWAY_STRATEGIES),
    /** Interface endpoints to create in the private subnets. Default: none. */
    interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES)).default([]),
    /** VPC flow logs to CloudWatch Logs. */
    flowLogs: flowLogsSchema.prefault({}),
    /** Network ACLs on the public, private and data subnets. Default: on, egress to the internet on 80 and 443. */
    networkAcls: networkAclsSchema.prefault({}),
    /** The VPC of an Aurora global database's secondary cluster in `data.disasterRecovery.region`. Default: none. */
    disasterRecovery: secondaryNetworkSchema.optional(),
  })
  .superRefine((network, ctx) => {
    reportDuplicates(ctx, network.availabilityZones, ["availabilityZones"], "availability zone");
    reportDuplicates(ctx, network.interfaceEndpoints, ["interfaceEndpoints"], "interface endpoint");
  });

export type NetworkConfig = z.output<typeof networkSchema>;
export type SecondaryNetworkConfig = z.output<typeof secondaryNetworkSchema>;
