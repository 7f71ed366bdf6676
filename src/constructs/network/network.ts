import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import type { NatGatewayStrategy } from "../../config/schema/network";
import { AccountScope } from "../iam/arn";
import { CustomerManagedKey } from "../kms/kms-key";
import { VpcEndpoints } from "./endpoints";
import { VpcFlowLogs, flowLogGroupName } from "./flow-logs";
import { SubnetTier, subnetCidr } from "./subnet-layout";

export interface NetworkProps {
  readonly account: AccountScope;
  /** Prefix of every name, e.g. `llm-platform-dev`. */
  readonly namePrefix: string;
  /** The VPC's IPv4 block, /16 to /20. */
  readonly vpcCidr: string;
  /** Zones of `account.region`; one subnet per tier in each. */
  readonly availabilityZones: readonly string[];
  /** `single`: one NAT gateway in the first zone; `one-per-az`: each zone egresses through its own. */
  readonly natGateways: NatGatewayStrategy;
  /** Interface endpoints in the private subnets. Default: none. */
  readonly interfaceEndpoints?: readonly string[];
  /** Flow log retention in days. Default: 365. */
  readonly flowLogRetentionDays?: number;
  /** Default: ALL. */
  readonly flowLogTrafficType?: "ALL" | "ACCEPT" | "REJECT";
}

/** Extra tags per tier: the AWS Load Balancer Controller finds subnets by these. */
const TIER_TAGS: Record<SubnetTier, Record<string, string>> = {
  public: { "kubernetes.io/role/elb": "1" },
  private: { "kubernetes.io/role/internal-elb": "1" },
  data: {},
};

/**
 * A VPC with three subnet tiers over the given zones. Public subnets route to
 * an internet gateway; private subnets egress through NAT; data subnets have no
 * route out of the VPC at all. Construct ids are keyed by zone, never by list
 * position, so the Terraform addresses stay put when zones are added.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly subnets: Record<SubnetTier, Record<string, Subnet>> = { public: {}, private: {}, data: {} };
  readonly natGateways: Record<string, NatGateway> = {};
  readonly publicRouteTable: RouteTable;
  readonly privateRouteTables: Record<string, RouteTable> = {};
  readonly dataRouteTable: RouteTable;
  readonly endpoints: VpcEndpoints;
  readonly flowLogs: VpcFlowLogs;
  readonly logsKey: CustomerManagedKey;

  constructor(scope: Construct, id: string, private readonly props: NetworkProps) {
    super(scope, id);
    const { namePrefix } = props;
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: namePrefix },
    });
    // Strip every rule from the default security group so nothing can use it by accident.
    new DefaultSecurityGroup(this, "default-security-group", {
      vpcId: this.vpc.id,
      tags: { Name: `${namePrefix}-default-unused` },
    });

    for (const tier of ["public", "private", "data"] as const) {
      for (const az of props.availabilityZones) {
        this.subnets[tier][az] = new Subnet(this, `subnet-${tier}-${az}`, {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: subnetCidr(props.vpcCidr, tier, az),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${namePrefix}-${tier}-${az}`, Tier: tier, ...TIER_TAGS[tier] },
        });
      }
    }

    const internetGateway = new InternetGateway(this, "internet-gateway", {
      vpcId: this.vpc.id,
      tags: { Name: namePrefix },
    });
    this.publicRouteTable = this.routeTable("route-table-public", `${namePrefix}-public`, "public");
    new Route(this, "route-public-internet", {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: internetGateway.id,
    });

    const natZones = props.natGateways === "single" ? [props.availabilityZones[0]] : props.availabilityZones;
    for (const az of natZones) {
      const address = new Eip(this, `nat-eip-${az}`, { domain: "vpc", tags: { Name: `${namePrefix}-nat-${az}` } });
      this.natGateways[az] = new NatGateway(this, `nat-gateway-${az}`, {
        allocationId: address.allocationId,
        subnetId: this.subnets.public[az].id,
        tags: { Name: `${namePrefix}-${az}` },
        dependsOn: [internetGateway],
      });
    }

    for (const az of props.availabilityZones) {
      const table = this.routeTable(`route-table-private-${az}`, `${namePrefix}-private-${az}`, "private", [az]);
      this.privateRouteTables[az] = table;
      new Route(this, `route-private-nat-${az}`, {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: (this.natGateways[az] ?? this.natGateways[natZones[0]]).id,
      });
    }
    // One table for all data subnets: only the VPC-local route and the gateway endpoints.
    this.dataRouteTable = this.routeTable("route-table-data", `${namePrefix}-data`, "data");

    this.endpoints = new VpcEndpoints(this, "endpoints", {
      namePrefix,
      region: props.account.region,
      vpcId: this.vpc.id,
      vpcCidr: props.vpcCidr,
      gatewayRouteTableIds: [...Object.values(this.privateRouteTables), this.dataRouteTable].map((t) => t.id),
      interfaceSubnetIds: this.subnetIds("private"),
      interfaceServices: props.interfaceEndpoints,
    });

    this.logsKey = new CustomerManagedKey(this, "logs-key", {
      account: props.account,
      alias: `${namePrefix}/network-logs`,
      description: `Encrypts the network logs of ${namePrefix}`,
      serviceGrants: [
        {
          sid: "CloudWatchLogsOfThisNetwork",
          servicePrincipal: `logs.${props.account.region}.amazonaws.com`,
          conditions: [
            {
              test: "ArnLike",
              variable: "kms:EncryptionContext:aws:logs:arn",
              values: [
                `arn:aws:logs:${props.account.region}:${props.account.accountId}:log-group:${flowLogGroupName(namePrefix)}`,
              ],
            },
          ],
        },
      ],
    });
    this.flowLogs = new VpcFlowLogs(this, "flow-logs", {
      account: props.account,
      namePrefix,
      vpcId: this.vpc.id,
      kmsKeyArn: this.logsKey.arn,
      retentionDays: props.flowLogRetentionDays,
      trafficType: props.flowLogTrafficType,
    });
  }

  /** Subnet ids of one tier, in the configured zone order. */
  subnetIds(tier: SubnetTier): string[] {
    return this.props.availabilityZones.map((az) => this.subnets[tier][az].id);
  }

  /** Route table ids of the private tier, in the configured zone order. */
  privateRouteTableIds(): string[] {
    return this.props.availabilityZones.map((az) => this.privateRouteTables[az].id);
  }

  /** A route table associated with the tier's subnets, in `zones` or in every zone. */
  private routeTable(id: string, name: string, tier: SubnetTier, zones = this.props.availabilityZones): RouteTable {
    const table = new RouteTable(this, id, { vpcId: this.vpc.id, tags: { Name: name, Tier: tier } });
    for (const az of zones) {
      new RouteTableAssociation(this, `${id}-association-${az}`, {
        routeTableId: table.id,
        subnetId: this.subnets[tier][az].id,
      });
    }
    return table;
  }
}
