import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { TerraformCloudAgents } from "../constructs/delivery";
import { Network } from "../constructs/network";
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
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output);
    }
  }
}
