import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import { CustomerManagedKey } from "../kms/kms-key";
import { VpcFlowLogs, encryptedFlowLogs } from "./flow-logs";
import { subnetCidr } from "./subnet-layout";

export interface DataOnlyNetworkProps {
  /** Prefix of every name, e.g. `llm-platform-prod-us-west-2`. */
  readonly namePrefix: string;
  /** The VPC's IPv4 block, /16 to /20; the data subnets sit where the full layout puts its data tier. */
  readonly vpcCidr: string;
  /** Zones of the region this network is built in; one data subnet in each. */
  readonly availabilityZones: readonly string[];
  /** Flow log retention in days. Default: 365. */
  readonly flowLogRetentionDays?: number;
  /** Default: ALL. */
  readonly flowLogTrafficType?: "ALL" | "ACCEPT" | "REJECT";
}

/**
 * A VPC holding only data subnets, for databases that follow a primary in
 * another region (the secondary cluster of an Aurora global database): no
 * internet gateway, no NAT, no route out of the VPC, the default security group
 * emptied, flow logs to an encrypted log group. Subnets are keyed by zone and
 * carved like the data tier of the full layout, so a zone's block never moves.
 */
export class DataOnlyNetwork extends Construct {
  readonly vpc: Vpc;
  /** Data subnets by zone. */
  readonly subnets: Readonly<Record<string, Subnet>>;
  readonly routeTable: RouteTable;
  readonly logsKey: CustomerManagedKey;
  readonly flowLogs: VpcFlowLogs;
  private readonly zones: readonly string[];

  constructor(scope: Construct, id: string, props: DataOnlyNetworkProps) {
    super(scope, id);
    const { namePrefix } = props;
    this.zones = props.availabilityZones;
    this.vpc = new Vpc(this, "vpc", { cidrBlock: props.vpcCidr, enableDnsSupport: true, enableDnsHostnames: true, tags: { Name: namePrefix } });
    new DefaultSecurityGroup(this, "default-security-group", { vpcId: this.vpc.id, tags: { Name: `${namePrefix}-default-unused` } });
    this.routeTable = new RouteTable(this, "route-table-data", { vpcId: this.vpc.id, tags: { Name: `${namePrefix}-data`, Tier: "data" } });
    this.subnets = Object.fromEntries(
      props.availabilityZones.map((zone) => {
        const subnet = new Subnet(this, `subnet-data-${zone}`, {
          vpcId: this.vpc.id,
          availabilityZone: zone,
          cidrBlock: subnetCidr(props.vpcCidr, "data", zone),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${namePrefix}-data-${zone}`, Tier: "data" },
        });
        new RouteTableAssociation(this, `route-table-data-association-${zone}`, { routeTableId: this.routeTable.id, subnetId: subnet.id });
        return [zone, subnet];
      }),
    );
    ({ key: this.logsKey, flowLogs: this.flowLogs } = encryptedFlowLogs(this, namePrefix, this.vpc.id, props));
  }

  /** Data subnet ids in the configured zone order. */
  subnetIds(): string[] {
    return this.zones.map((zone) => this.subnets[zone].id);
  }
}
