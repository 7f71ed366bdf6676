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
  })
  .superRefine((network, ctx) => {
    reportDuplicates(ctx, network.availabilityZones, ["availabilityZones"], "availability zone");
    reportDuplicates(ctx, network.interfaceEndpoints, ["interfaceEndpoints"], "interface endpoint");
  });

export type NetworkConfig = z.output<typeof networkSchema>;
