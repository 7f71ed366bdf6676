import { ScopedStack } from "../support/aws-stack";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Testing } from "cdktf";
import { Network, NetworkProps, subnetCidr } from "../../src/constructs/network";
import { policyStatements, resourceAt, resourcesOf, synthStack } from "../support/synth";

const AZS = ["us-east-1a", "us-east-1b", "us-east-1c"];

function networkStack(overrides: Partial<NetworkProps> = {}) {
  const stack = new ScopedStack();
  new Network(stack, "network", {
    namePrefix: "demo-dev",
    vpcCidr: "10.10.0.0/16",
    availabilityZones: AZS,
    natGateways: "single",
    ...overrides,
  });
  return stack;
}

describe("subnet layout", () => {
  it("carves each tier from its own block, one slot per zone letter", () => {
    expect(subnetCidr("10.10.0.0/16", "private", "us-east-1a")).toBe("10.10.0.0/20");
    expect(subnetCidr("10.10.0.0/16", "private", "us-east-1c")).toBe("10.10.32.0/20");
    expect(subnetCidr("10.10.0.0/16", "data", "us-east-1b")).toBe("10.10.136.0/21");
    expect(subnetCidr("10.10.0.0/16", "public", "us-east-1a")).toBe("10.10.192.0/22");
    expect(subnetCidr("10.10.0.0/20", "public", "us-east-1h")).toBe("10.10.13.192/26");
  });

  it("keeps a zone's subnets where they are when another zone is removed", () => {
    const withA = synthStack(networkStack());
    const withoutA = synthStack(networkStack({ availabilityZones: ["us-east-1b", "us-east-1c"] }));
    for (const tier of ["public", "private", "data"]) {
      const before = resourceAt(withA, "aws_subnet", `network/subnet-${tier}-us-east-1b`);
      const after = resourceAt(withoutA, "aws_subnet", `network/subnet-${tier}-us-east-1b`);
      expect(after.cidr_block).toBe(before.cidr_block);
    }
  });
});

describe("Network", () => {
  const json = synthStack(networkStack());

  it("creates a VPC with DNS support and hostnames", () => {
    expect(Testing.synth(networkStack())).toHaveResourceWithProperties(Vpc, {
      cidr_block: "10.10.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  it("creates one subnet per tier per zone, none assigning public addresses", () => {
    const subnets = Object.values(resourcesOf(json, "aws_subnet"));
    expect(subnets).toHaveLength(9);
    expect(subnets.every((subnet) => subnet.map_public_ip_on_launch === false)).toBe(true);
    expect(resourceAt(json, "aws_subnet", "network/subnet-public-us-east-1a").tags).toMatchObject({
      "kubernetes.io/role/elb": "1",
      Tier: "public",
    });
    expect(resourceAt(json, "aws_subnet", "network/subnet-private-us-east-1b").tags).toMatchObject({
      "kubernetes.io/role/internal-elb": "1",
      Tier: "private",
    });
  });

  it("routes public subnets to the internet gateway", () => {
    const route = resourceAt(json, "aws_route", "network/route-public-internet");
    expect(route.destination_cidr_block).toBe("0.0.0.0/0");
    expect(route.gateway_id).toMatch(/aws_internet_gateway\./);
  });

  it("with a single NAT gateway, routes every private zone through it", () => {
    expect(Object.keys(resourcesOf(json, "aws_nat_gateway"))).toEqual(["network/nat-gateway-us-east-1a"]);
    for (const az of AZS) {
      expect(resourceAt(json, "aws_route", `network/route-private-nat-${az}`).nat_gateway_id).toMatch(/aws_nat_gateway\.network_nat-gateway-us-east-1a_/);
    }
  });

  it("with one NAT gateway per zone, keeps each zone's egress in the zone", () => {
    const perAz = synthStack(networkStack({ natGateways: "one-per-az" }));
    expect(Object.keys(resourcesOf(perAz, "aws_nat_gateway"))).toHaveLength(3);
    expect(Object.keys(resourcesOf(perAz, "aws_eip"))).toHaveLength(3);
    for (const az of AZS) {
      expect(resourceAt(perAz, "aws_route", `network/route-private-nat-${az}`).nat_gateway_id).toMatch(
        new RegExp(`aws_nat_gateway\\.network_nat-gateway-${az}_`),
      );
      expect(resourceAt(perAz, "aws_nat_gateway", `network/nat-gateway-${az}`).subnet_id).toMatch(new RegExp(`aws_subnet\\.network_subnet-public-${az}_`));
    }
  });

  it("gives data subnets no route out of the VPC", () => {
    const routes = Object.values(resourcesOf(json, "aws_route"));
    const dataTable = resourceAt(json, "aws_route_table", "network/route-table-data");
    expect(dataTable.route).toBeUndefined();
    expect(routes.some((route) => route.route_table_id.includes("route-table-data"))).toBe(false);
    const associations = Object.entries(resourcesOf(json, "aws_route_table_association"))
      .filter(([path]) => path.startsWith("network/route-table-data-association"))
      .map(([, association]) => association.subnet_id);
    expect(associations).toHaveLength(3);
    expect(associations.every((subnet) => subnet.includes("subnet-data-"))).toBe(true);
  });

  it("adds S3 and DynamoDB gateway endpoints to the private and data route tables", () => {
    for (const service of ["s3", "dynamodb"]) {
      const endpoint = resourceAt(json, "aws_vpc_endpoint", `network/endpoints/gateway-${service}`);
      expect(endpoint.service_name).toBe(`com.amazonaws.us-east-1.${service}`);
      expect(endpoint.vpc_endpoint_type).toBe("Gateway");
      expect(endpoint.route_table_ids).toHaveLength(4);
      expect(endpoint.route_table_ids.join()).not.toMatch(/route-table-public/);
    }
  });

  it("creates no interface endpoints or their security group unless asked", () => {
    expect(Object.keys(resourcesOf(json, "aws_vpc_endpoint"))).toHaveLength(2);
    expect(resourcesOf(json, "aws_security_group")).toEqual({});
  });

  it("creates requested interface endpoints behind an HTTPS-from-VPC security group", () => {
    const withEndpoints = synthStack(networkStack({ interfaceEndpoints: ["ecr.api", "sts"] }));
    const sts = resourceAt(withEndpoints, "aws_vpc_endpoint", "network/endpoints/interface-sts");
    expect(sts).toMatchObject({
      service_name: "com.amazonaws.us-east-1.sts",
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
    });
    expect(sts.subnet_ids).toHaveLength(3);
    expect(sts.subnet_ids.every((id: string) => id.includes("subnet-private-"))).toBe(true);
    expect(resourceAt(withEndpoints, "aws_vpc_security_group_ingress_rule", "network/endpoints/https-from-vpc")).toMatchObject({
      cidr_ipv4: "10.10.0.0/16",
      from_port: 443,
      to_port: 443,
      ip_protocol: "tcp",
    });
  });

  it("strips every rule from the default security group", () => {
    expect(Testing.synth(networkStack())).toHaveResource(DefaultSecurityGroup);
    const group = Object.values(resourcesOf(json, "aws_default_security_group"))[0];
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });

  it("sends flow logs to a KMS-encrypted log group with retention", () => {
    const synthesized = Testing.synth(networkStack({ flowLogRetentionDays: 731 }));
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/vpc/flow-logs/demo-dev",
      retention_in_days: 731,
      kms_key_id: expect.stringMatching(/aws_kms_key\.network_logs-key_.*\.arn/),
    });
    expect(synthesized).toHaveResourceWithProperties(FlowLog, {
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
    });
    expect(synthesized).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
  });

  it("lets the flow log role write only to its own log group", () => {
    const [write, describe] = policyStatements(json, "network/flow-logs/delivery-role/permissions");
    expect(write.resources).toEqual([
      expect.stringMatching(/aws_cloudwatch_log_group\.network_flow-logs_log-group_.*\.arn/),
      expect.stringMatching(/\.arn}:\*$/),
    ]);
    expect(describe.actions).toEqual(["logs:DescribeLogGroups"]);
    const [trust] = policyStatements(json, "network/flow-logs/delivery-role/trust");
    expect(trust.principals).toEqual([{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }]);
    expect(trust.condition).toContainEqual({
      test: "StringEquals",
      variable: "aws:SourceAccount",
      values: ["123456789012"],
    });
  });

  it("lets CloudWatch Logs use the key only for this network's log group", () => {
    const [root, logs] = policyStatements(json, "network/logs-key/key-policy");
    expect(root.principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }]);
    expect(logs.principals).toEqual([{ type: "Service", identifiers: ["logs.us-east-1.amazonaws.com"] }]);
    expect(logs.condition[0].values).toEqual(["arn:aws:logs:us-east-1:123456789012:log-group:/aws/vpc/flow-logs/demo-dev"]);
  });
});
