import { INTERFACE_ENDPOINT_SERVICES, MAX_ACL_RULE_PORT, NAT_GATEWAY_STRATEGIES, NatGatewayStrategy, VPC_PREFIX_RANGE } from "../../config/schema/network";
import { isSet, path } from "../../constructs/expressions/values";
import { LOG_RETENTION_DAYS } from "../../config/schema/primitives";
import { Names } from "../../constructs/expressions/names";
import { Network, flowLogGroupName } from "../../constructs/network";
import { defineModule } from "../definition";
import { eachOneOf, eachPattern, ipv4Cidr, maxLength, minItems, oneOf, optional, pattern, unique } from "../validation";

/** The data services' default ports, as the stacks' defaults (OpenSearch serves HTTPS). */
const DATA_PORTS = "{ database = 5432, cache = 6379, search = 443 }";

const TRAFFIC_TYPES = ["ALL", "ACCEPT", "REJECT"] as const;

export default defineModule({
  name: "network",
  purpose: `
A VPC with three subnet tiers in every given availability zone: **public** (load
balancers, NAT gateways), **private** (EKS nodes and pods, egress through NAT) and
**data** (databases, caches, search; no route out of the VPC). Gateway endpoints for
S3 and DynamoDB, optional interface endpoints behind an HTTPS-from-the-VPC security
group, the default security group stripped of all rules, and VPC flow logs to a
CloudWatch log group encrypted with its own customer-managed KMS key (rotation on).

Subnet blocks come from the VPC block like Terraform's \`cidrsubnet()\`: private
\`cidrsubnet(vpc, 1, 0)\`, data \`cidrsubnet(vpc, 2, 2)\`, public \`cidrsubnet(vpc, 3, 6)\`,
each split in 8 slots picked by the zone's **letter** (\`a\` = 0). Per-zone resources
use \`for_each\` keyed by zone name, so adding or removing a zone never touches another
zone's subnets, NAT gateway or routes. With \`network_acls\`, each tier also gets a
stateless network ACL whose rules are keyed by tier, direction and rule name (port
rules by port, numbered 1000 + port), so adding a rule never renumbers another.`,
  variables: {
    name_prefix: {
      type: "string",
      description: "Prefix of every name, e.g. `acme-dev`.",
      validation: [
        pattern("name_prefix", "^[a-z][a-z0-9-]*[a-z0-9]$", "lower-case letters, digits and hyphens, starting with a letter"),
        maxLength("name_prefix", 41),
      ],
      example: '"acme-dev"',
    },
    vpc_cidr: {
      type: "string",
      description: "The VPC's IPv4 block; subnets are carved from it.",
      validation: [ipv4Cidr("vpc_cidr", VPC_PREFIX_RANGE.min, VPC_PREFIX_RANGE.max)],
      example: '"10.40.0.0/16"',
    },
    availability_zones: {
      rules: "At least 2 distinct zone names ending in a letter a-h.",
      type: "list(string)",
      description: "Zones of the provider's region, e.g. `us-east-1a`; one subnet per tier in each.",
      validation: [
        minItems("availability_zones", 2, "the data subnet groups span 2 or more AZs"),
        unique("availability_zones", "availability zone", '["us-east-1a", "us-east-1b", "us-east-1a"]'),
        eachPattern("availability_zones", "^[a-z]{2}(-[a-z]+)+-[0-9]+[a-h]$", "a zone name ending in a letter a-h, e.g. us-east-1a"),
      ],
      example: '["us-east-1a", "us-east-1b", "us-east-1c"]',
    },
    nat_gateways: {
      type: "string",
      description: "`one-per-az`: each zone egresses through its own NAT gateway; `single`: one in the first zone (cheaper, not highly available).",
      default: "one-per-az",
      validation: [oneOf("nat_gateways", NAT_GATEWAY_STRATEGIES)],
    },
    interface_endpoints: {
      rules: "Distinct services from the list the stacks accept (src/config/schema/network.ts), e.g. ecr.api, ecr.dkr, sts, secretsmanager.",
      type: "list(string)",
      description: "Services that get an interface VPC endpoint in the private subnets, e.g. `ecr.api`.",
      default: [],
      validation: [eachOneOf("interface_endpoints", INTERFACE_ENDPOINT_SERVICES), unique("interface_endpoints", "interface endpoint", '["sts", "sts"]')],
    },
    flow_log_retention_days: {
      type: "number",
      description: "Days to keep VPC flow logs.",
      default: 365,
      validation: [oneOf("flow_log_retention_days", LOG_RETENTION_DAYS)],
    },
    flow_log_traffic_type: {
      type: "string",
      description: "Which traffic the flow logs record.",
      default: "ALL",
      validation: [oneOf("flow_log_traffic_type", TRAFFIC_TYPES)],
    },
    network_acls: {
      rules: `Egress ports: at least one, distinct whole numbers from 1 to ${MAX_ACL_RULE_PORT}; data ports from 1 to 65535.`,
      type: `object({ internet_egress_ports = optional(list(number), [80, 443]), data_ports = optional(object({ database = number, cache = number, search = number }), ${DATA_PORTS}) })`,
      description:
        "Stateless network ACLs per subnet tier, as the stacks make them: public admits HTTP(S) from anywhere, private reaches `internet_egress_ports` outside the VPC, data admits only the private tier on `data_ports` (and itself); return traffic on the ephemeral ports. `null`: none (the VPC's default ACL).",
      default: null,
      validation: [
        optional("network_acls", {
          condition: `length(var.network_acls.internet_egress_ports) >= 1 && alltrue([for port in var.network_acls.internet_egress_ports : port >= 1 && port <= ${MAX_ACL_RULE_PORT} && floor(port) == port])`,
          errorMessage: `network_acls.internet_egress_ports needs at least one whole number from 1 to ${MAX_ACL_RULE_PORT} (rules are numbered 1000 + port).`,
          rejects: "{ internet_egress_ports = [] }",
        }),
        optional("network_acls", {
          condition: "length(distinct(var.network_acls.internet_egress_ports)) == length(var.network_acls.internet_egress_ports)",
          errorMessage: "network_acls.internet_egress_ports must not repeat a port.",
          rejects: "{ internet_egress_ports = [443, 443] }",
        }),
        optional("network_acls", {
          condition: "alltrue([for port in values(var.network_acls.data_ports) : port >= 1 && port <= 65535 && floor(port) == port])",
          errorMessage: "network_acls.data_ports must be whole numbers from 1 to 65535.",
          rejects: "{ data_ports = { database = 0, cache = 6379, search = 443 } }",
        }),
      ],
    },
  },
  tests: [
    {
      name: "keys_subnets_and_nat_by_zone",
      variables: { availability_zones: '["us-east-1a", "us-east-1c"]', nat_gateways: '"single"' },
      asserts: [
        { condition: 'join(",", keys(aws_subnet.subnet_private)) == "us-east-1a,us-east-1c"', errorMessage: "Private subnets are keyed by zone name." },
        {
          condition: 'aws_subnet.subnet_private["us-east-1c"].cidr_block == cidrsubnet(cidrsubnet(var.vpc_cidr, 1, 0), 3, 2)',
          errorMessage: "A zone's subnet block is picked by its letter (c = slot 2), not by its position in the list.",
        },
        { condition: 'join(",", keys(aws_nat_gateway.nat_gateway)) == "us-east-1a"', errorMessage: "single: one NAT gateway, in the first zone." },
        { condition: 'join(",", output.availability_zones) == "us-east-1a,us-east-1c"', errorMessage: "availability_zones lists the zones in subnet order." },
        { condition: "length(aws_security_group.endpoints_security_group) == 0", errorMessage: "No interface endpoint, no endpoint security group." },
      ],
    },
    {
      name: "defaults",
      asserts: [
        { condition: "length(aws_nat_gateway.nat_gateway) == 3", errorMessage: "one-per-az by default: a NAT gateway in each of the three zones." },
        { condition: "aws_cloudwatch_log_group.flow_logs_log_group.retention_in_days == 365", errorMessage: "Flow logs are kept 365 days by default." },
        { condition: 'aws_flow_log.flow_logs_flow_log.traffic_type == "ALL"', errorMessage: "Flow logs record all traffic by default." },
        { condition: "aws_kms_key.logs_key_key.enable_key_rotation", errorMessage: "The logs key rotates." },
      ],
    },
    {
      name: "interface_endpoints_keyed_by_service",
      variables: { interface_endpoints: '["sts", "ecr.api"]' },
      asserts: [
        { condition: 'join(",", keys(aws_vpc_endpoint.endpoints_interface)) == "ecr.api,sts"', errorMessage: "Interface endpoints are keyed by service." },
        { condition: "length(aws_security_group.endpoints_security_group) == 1", errorMessage: "Interface endpoints share one security group." },
      ],
    },
    {
      name: "no_network_acls_by_default",
      asserts: [
        { condition: "length(aws_network_acl.acl_data) == 0", errorMessage: "No ACLs without network_acls." },
        { condition: "length(aws_network_acl_rule.acl_private_egress_internet_tcp) == 0", errorMessage: "No port rules without network_acls." },
      ],
    },
    {
      name: "network_acls_per_tier_with_port_rules_keyed_by_port",
      variables: { network_acls: "{ internet_egress_ports = [443, 5432] }" },
      asserts: [
        { condition: "length(aws_network_acl.acl_public) == 1 && length(aws_network_acl.acl_private) == 1 && length(aws_network_acl.acl_data) == 1", errorMessage: "One ACL per tier." },
        { condition: 'join(",", keys(aws_network_acl_rule.acl_private_egress_internet_tcp)) == "443,5432"', errorMessage: "Private egress rules are keyed by port." },
        { condition: 'aws_network_acl_rule.acl_public_egress_internet_tcp["5432"].rule_number == 6432', errorMessage: "Port rules are numbered 1000 + port." },
        { condition: "aws_network_acl_rule.acl_data_ingress_database_from_private[0].from_port == 5432", errorMessage: "The data tier admits the database port by default." },
        { condition: "aws_network_acl_rule.acl_data_ingress_search_from_private[0].to_port == 443", errorMessage: "Search is reached on HTTPS." },
      ],
    },
  ],
  build(scope, inputs) {
    const acls = inputs.network_acls.value as object;
    const network = new Network(scope, "network", {
      namePrefix: inputs.name_prefix.stringValue,
      vpcCidr: inputs.vpc_cidr.stringValue,
      availabilityZones: Names.of(inputs.availability_zones.listValue),
      natGateways: inputs.nat_gateways.stringValue as NatGatewayStrategy,
      interfaceEndpoints: Names.of(inputs.interface_endpoints.listValue),
      flowLogRetentionDays: inputs.flow_log_retention_days.numberValue,
      flowLogTrafficType: inputs.flow_log_traffic_type.stringValue as (typeof TRAFFIC_TYPES)[number],
      networkAcls: {
        enabled: isSet(inputs.network_acls.value),
        internetEgressPorts: path<number[]>(acls, "internet_egress_ports"),
        dataPorts: { database: path<number>(acls, "data_ports", "database"), cache: path<number>(acls, "data_ports", "cache"), search: path<number>(acls, "data_ports", "search") },
      },
    });
    const { endpoints } = network;
    return {
      vpc_id: { value: network.vpc.id, description: "VPC id" },
      vpc_cidr: { value: network.vpc.cidrBlock, description: "VPC IPv4 CIDR block" },
      public_subnet_ids: { value: network.subnetIds("public"), description: "Public subnet ids, in zone order" },
      private_subnet_ids: { value: network.subnetIds("private"), description: "Private (node) subnet ids, in zone order" },
      data_subnet_ids: { value: network.subnetIds("data"), description: "Isolated data subnet ids, in zone order" },
      availability_zones: {
        value: network.subnetsByZone.data.list("availability_zone"),
        description: "Availability zones of the subnets, in the order of every *_subnet_ids list (postgres's availability_zones)",
      },
      private_subnet_ids_by_zone: {
        value: network.subnetsByZone.private.map("id"),
        description: "Private subnet ids keyed by availability zone",
      },
      public_route_table_id: { value: network.publicRouteTable.id, description: "Public route table id" },
      private_route_table_ids: { value: network.privateRouteTableIds(), description: "Private route table ids, in zone order" },
      data_route_table_id: { value: network.dataRouteTable.id, description: "Data route table id" },
      gateway_endpoint_ids: {
        value: { s3: endpoints.gateway.s3.id, dynamodb: endpoints.gateway.dynamodb.id },
        description: "Gateway endpoint ids by service",
      },
      interface_endpoint_ids: {
        value: endpoints.interfaceEndpoints?.map("id") ?? {},
        description: "Interface endpoint ids by service",
      },
      nat_public_ips: {
        value: network.natPublicIps(),
        description: "Public addresses of the NAT gateways, for allow-lists of outside services",
      },
      flow_log_group_name: {
        value: flowLogGroupName(inputs.name_prefix.stringValue),
        description: "CloudWatch log group the VPC flow logs go to",
      },
      logs_kms_key_arn: { value: network.logsKey.arn, description: "ARN of the KMS key that encrypts the network's logs" },
    };
  },
});
