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
import { Names, PerName } from "../expressions/names";
import { CustomerManagedKey } from "../kms/kms-key";
import { VpcEndpoints } from "./endpoints";
import { VpcFlowLogs, encryptedFlowLogs } from "./flow-logs";
import { NetworkAclSettings, NetworkAcls } from "./network-acls";
import { SUBNET_TIERS, SubnetTier, subnetCidrOf } from "./subnet-layout";

export interface NetworkProps {
  /** Prefix of every name, e.g. `llm-platform-dev`. */
  readonly namePrefix: string;
  /** The VPC's IPv4 block, /16 to /20. */
  readonly vpcCidr: string;
  /**
   * Zones of `account.region`; one subnet per tier in each. A list in stacks;
   * `Names.of(variable)` in a module (resources then use `for_each` keyed by zone).
   */
  readonly availabilityZones: readonly string[] | Names;
  /** `single`: one NAT gateway in the first zone; `one-per-az`: each zone egresses through its own. */
  readonly natGateways: NatGatewayStrategy;
  /** Interface endpoints in the private subnets. Default: none. */
  readonly interfaceEndpoints?: readonly string[] | Names;
  /** Flow log retention in days. Default: 365. */
  readonly flowLogRetentionDays?: number;
  /** Default: ALL. */
  readonly flowLogTrafficType?: "ALL" | "ACCEPT" | "REJECT";
  /** Stateless network ACLs per subnet tier. Default: none (the VPC's default ACL). */
  readonly networkAcls?: NetworkAclSettings;
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
 * position, so the Terraform addresses stay put when zones are added. Per-zone
 * resources go through `Names`, so the same code renders the plain Terraform
 * module, where they are `for_each` resources keyed by zone.
 */
export class Network extends Construct {
  readonly zones: Names;
  readonly vpc: Vpc;
  /** Subnets per tier, by zone. */
  readonly subnetsByZone = {} as Record<SubnetTier, PerName<Subnet>>;
  /** NAT gateways by zone: the first zone's only, or one per zone. */
  readonly natGatewaysByZone: PerName<NatGateway>;
  readonly publicRouteTable: RouteTable;
  /** Private route tables by zone. */
  readonly privateRouteTablesByZone: PerName<RouteTable>;
  readonly dataRouteTable: RouteTable;
  readonly endpoints: VpcEndpoints;
  readonly flowLogs: VpcFlowLogs;
  readonly logsKey: CustomerManagedKey;
  /** One network ACL per tier, when `networkAcls` is given. */
  readonly acls?: NetworkAcls;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { namePrefix } = props;
    const zones = (this.zones = Names.from(props.availabilityZones));
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

    for (const tier of SUBNET_TIERS) {
      this.subnetsByZone[tier] = zones.each(
        this,
        (zone) =>
          new Subnet(this, zone.id(`subnet-${tier}-{}`), {
            vpcId: this.vpc.id,
            availabilityZone: zone.name,
            cidrBlock: subnetCidrOf(props.vpcCidr, tier, zone.name),
            mapPublicIpOnLaunch: false,
            tags: { Name: `${namePrefix}-${tier}-${zone.name}`, Tier: tier, ...TIER_TAGS[tier] },
          }),
      );
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

    const natZones = zones.firstOnlyWhen(props.natGateways, "single");
    this.natGatewaysByZone = natZones.each(this, (zone) => {
      const address = new Eip(this, zone.id("nat-eip-{}"), {
        domain: "vpc",
        tags: { Name: `${namePrefix}-nat-${zone.name}` },
      });
      return new NatGateway(this, zone.id("nat-gateway-{}"), {
        allocationId: zone.attr(address, "allocation_id"),
        subnetId: this.subnetsByZone.public.get(zone.name, "id"),
        tags: { Name: `${namePrefix}-${zone.name}` },
        dependsOn: [internetGateway],
      });
    });

    this.privateRouteTablesByZone = zones.each(this, (zone) => {
      const table = new RouteTable(this, zone.id("route-table-private-{}"), {
        vpcId: this.vpc.id,
        tags: { Name: `${namePrefix}-private-${zone.name}`, Tier: "private" },
      });
      new RouteTableAssociation(this, zone.id("route-table-private-{}-association-{}"), {
        routeTableId: zone.attr(table, "id"),
        subnetId: this.subnetsByZone.private.get(zone.name, "id"),
      });
      new Route(this, zone.id("route-private-nat-{}"), {
        routeTableId: zone.attr(table, "id"),
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: this.natGatewaysByZone.get(natZones.nameOrFirst(zone.name), "id"),
      });
      return table;
    });
    // One table for all data subnets: only the VPC-local route and the gateway endpoints.
    this.dataRouteTable = this.routeTable("route-table-data", `${namePrefix}-data`, "data");

    if (props.networkAcls) {
      this.acls = new NetworkAcls(this, "acl", {
        ...props.networkAcls,
        namePrefix,
        vpcId: this.vpc.id,
        vpcCidr: props.vpcCidr,
        subnetIds: { public: this.subnetIds("public"), private: this.subnetIds("private"), data: this.subnetIds("data") },
      });
    }

    this.endpoints = new VpcEndpoints(this, "endpoints", {
      namePrefix,
      vpcId: this.vpc.id,
      vpcCidr: props.vpcCidr,
      gatewayRouteTableIds: zones.concat(this.privateRouteTableIds(), [this.dataRouteTable.id]),
      interfaceSubnetIds: this.subnetIds("private"),
      interfaceServices: props.interfaceEndpoints,
    });

    ({ key: this.logsKey, flowLogs: this.flowLogs } = encryptedFlowLogs(this, namePrefix, this.vpc.id, props));
  }

  /** Subnets per tier by zone (known zones only; a module uses `subnetsByZone`). */
  get subnets(): Record<SubnetTier, Readonly<Record<string, Subnet>>> {
    const { public: publicTier, private: privateTier, data } = this.subnetsByZone;
    return { public: publicTier.instances, private: privateTier.instances, data: data.instances };
  }

  /** NAT gateways by zone (known zones only). */
  get natGateways(): Readonly<Record<string, NatGateway>> {
    return this.natGatewaysByZone.instances;
  }

  /** Private route tables by zone (known zones only). */
  get privateRouteTables(): Readonly<Record<string, RouteTable>> {
    return this.privateRouteTablesByZone.instances;
  }

  /** Subnet ids of one tier, in the configured zone order. */
  subnetIds(tier: SubnetTier): string[] {
    return this.subnetsByZone[tier].list("id");
  }

  /** Route table ids of the private tier, in the configured zone order. */
  privateRouteTableIds(): string[] {
    return this.privateRouteTablesByZone.list("id");
  }

  /** Public addresses of the NAT gateways, in zone order. */
  natPublicIps(): string[] {
    return this.natGatewaysByZone.list("public_ip");
  }

  /** A route table associated with the tier's subnet in every zone. */
  private routeTable(id: string, name: string, tier: SubnetTier): RouteTable {
    const table = new RouteTable(this, id, { vpcId: this.vpc.id, tags: { Name: name, Tier: tier } });
    this.zones.each(
      this,
      (zone) =>
        new RouteTableAssociation(this, zone.id(`${id}-association-{}`), {
          routeTableId: table.id,
          subnetId: this.subnetsByZone[tier].get(zone.name, "id"),
        }),
    );
    return table;
  }
}
