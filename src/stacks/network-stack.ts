import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { TerraformCloudAgents } from "../constructs/delivery";
import { DataOnlyNetwork, Network } from "../constructs/network";
import { RegionScope } from "../constructs/region/region-scope";
import { agentTokenSecretName } from "../terraform-cloud-identity";
import { LayerStack, LayerStackProps } from "./layer-stack";

/**
 * The `network` layer: the VPC every other layer of the environment lives in,
 * and the Terraform Cloud agents in its private subnets that run the layers
 * reaching the cluster's private API (cluster, workloads): this layer runs
 * before them, on Terraform Cloud's own runners.
 */
export class NetworkStack extends LayerStack {
  readonly network: Network;
  /** The data-only VPC in `data.disasterRecovery.region` an Aurora global database's secondary cluster uses (`network.disasterRecovery`). */
  readonly secondaryNetwork?: DataOnlyNetwork;
  /** None for a local try-out outside Terraform Cloud. */
  readonly agents?: TerraformCloudAgents;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "network", props);
    const { network: config } = this.env;
    this.network = new Network(this, "network", {
      namePrefix: this.namePrefix,
      vpcCidr: config.vpcCidr,
      availabilityZones: config.availabilityZones,
      natGateways: config.natGateways,
      interfaceEndpoints: config.interfaceEndpoints,
      flowLogRetentionDays: config.flowLogs.retentionDays,
      flowLogTrafficType: config.flowLogs.trafficType,
      networkAcls: config.networkAcls.enabled
        ? {
            internetEgressPorts: config.networkAcls.internetEgressPorts,
            // OpenSearch serves HTTPS.
            dataPorts: { database: this.env.data.database.port, cache: this.env.data.cache.port, search: 443 },
          }
        : undefined,
    });
    const secondary = config.disasterRecovery;
    const secondaryRegion = this.env.data.disasterRecovery?.region;
    if (secondary && secondaryRegion !== undefined) {
      const region = new RegionScope(this, `region-${secondaryRegion}`, { region: secondaryRegion, provider: this.providerFor(secondaryRegion) });
      this.secondaryNetwork = new DataOnlyNetwork(region, "network", {
        namePrefix: `${this.namePrefix}-${secondaryRegion}`,
        vpcCidr: secondary.vpcCidr,
        availabilityZones: secondary.availabilityZones,
        flowLogRetentionDays: secondary.flowLogs.retentionDays,
        flowLogTrafficType: secondary.flowLogs.trafficType,
      });
      region.place();
    }
    if ((props.backend ?? "cloud") === "cloud") {
      const { agents } = this.env.terraformCloud;
      this.agents = new TerraformCloudAgents(this, "terraform-cloud-agents", {
        namePrefix: this.namePrefix,
        vpcId: this.network.vpc.id,
        subnetIds: this.network.subnetIds("private"),
        tokenSecretName: agentTokenSecretName(this.env),
        count: agents.count,
        cpu: agents.cpu,
        memoryMiB: agents.memoryMiB,
      });
    }
    this.declareOutputs();
  }

  private declareOutputs(): void {
    const { network } = this;
    const outputs: Record<string, { value: unknown; description: string }> = {
      vpc_id: { value: network.vpc.id, description: "VPC id" },
      vpc_cidr: { value: network.vpc.cidrBlock, description: "VPC IPv4 CIDR block" },
      public_subnet_ids: { value: network.subnetIds("public"), description: "Public subnet ids, in zone order" },
      private_subnet_ids: {
        value: network.subnetIds("private"),
        description: "Private (node) subnet ids, in zone order",
      },
      data_subnet_ids: { value: network.subnetIds("data"), description: "Isolated data subnet ids, in zone order" },
      public_route_table_id: { value: network.publicRouteTable.id, description: "Public route table id" },
      private_route_table_ids: {
        value: network.privateRouteTableIds(),
        description: "Private route table ids, in zone order",
      },
      data_route_table_id: { value: network.dataRouteTable.id, description: "Data route table id" },
      gateway_endpoint_ids: {
        value: { s3: network.endpoints.gateway.s3.id, dynamodb: network.endpoints.gateway.dynamodb.id },
        description: "Gateway endpoint ids by service",
      },
      interface_endpoint_ids: {
        value: Object.fromEntries(Object.entries(network.endpoints.interface).map(([name, e]) => [name, e.id])),
        description: "Interface endpoint ids by service",
      },
      nat_public_ips: {
        value: Object.values(network.natGateways).map((nat) => nat.publicIp),
        description: "Public addresses of the NAT gateways, for allow-lists of outside services",
      },
    };
    if (this.secondaryNetwork) {
      outputs.secondary_vpc_id = { value: this.secondaryNetwork.vpc.id, description: "VPC id in the disaster-recovery region (data subnets only)" };
      outputs.secondary_data_subnet_ids = {
        value: this.secondaryNetwork.subnetIds(),
        description: "Data subnet ids in the disaster-recovery region, in zone order",
      };
    }
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output);
    }
  }
}
