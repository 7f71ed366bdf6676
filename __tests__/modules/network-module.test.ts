import { INTERFACE_ENDPOINT_SERVICES, NAT_GATEWAY_STRATEGIES } from "../../src/config/schema/network";
import { LOG_RETENTION_DAYS } from "../../src/config/schema/primitives";
import { GeneratedModule, generateModule } from "../../src/modules/generate";
import { moduleDefinitions } from "../../src/modules/registry";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

describe("the network module", () => {
  let module: GeneratedModule;
  let resource: Record<string, Record<string, any>>;
  let variable: Record<string, any>;
  let output: Record<string, any>;
  beforeAll(async () => {
    module = await generateModule(moduleDefinitions().find((d) => d.name === "network")!);
    resource = (module.sources["main.tf"] as any).resource;
    variable = (module.sources["variables.tf"] as any).variable;
    output = (module.sources["outputs.tf"] as any).output;
  }, HEAVY_HOOK_TIMEOUT_MS);

  it("makes per-zone resources with for_each keyed by zone name, never by position", () => {
    for (const [type, name] of [
      ["aws_subnet", "subnet_public"],
      ["aws_subnet", "subnet_private"],
      ["aws_subnet", "subnet_data"],
      ["aws_route_table", "route_table_private"],
      ["aws_route", "route_private_nat"],
      ["aws_route_table_association", "route_table_data_association"],
    ]) {
      expect({ [name]: resource[type][name].for_each }).toEqual({ [name]: "${toset(var.availability_zones)}" });
    }
    expect(JSON.stringify(resource)).not.toMatch(/count\.index/);
    expect(resource.aws_subnet.subnet_private.availability_zone).toBe("${each.key}");
  });

  it("derives subnet blocks from the zone letter the way the stacks do", () => {
    expect(resource.aws_subnet.subnet_private.cidr_block).toBe(
      '${cidrsubnet(cidrsubnet(var.vpc_cidr, 1, 0), 3, index(["a", "b", "c", "d", "e", "f", "g", "h"], substr(each.key, -1, 1)))}',
    );
    expect(resource.aws_subnet.subnet_public.cidr_block).toContain("cidrsubnet(var.vpc_cidr, 3, 6)");
    expect(resource.aws_subnet.subnet_data.cidr_block).toContain("cidrsubnet(var.vpc_cidr, 2, 2)");
  });

  it("puts NAT gateways in the first zone only for `single`, and routes each zone to its own or that one", () => {
    const natZones = '(var.nat_gateways == "single") ? [element(var.availability_zones, 0)] : var.availability_zones';
    expect(resource.aws_nat_gateway.nat_gateway.for_each).toBe(`\${toset(${natZones})}`);
    expect(resource.aws_eip.nat_eip.for_each).toBe(`\${toset(${natZones})}`);
    expect(resource.aws_route.route_private_nat.nat_gateway_id).toBe(
      `\${aws_nat_gateway.nat_gateway[contains(${natZones}, each.key) ? each.key : element(${natZones}, 0)].id}`,
    );
  });

  it("creates the endpoint security group only when there are interface endpoints", () => {
    expect(resource.aws_security_group.endpoints_security_group.count).toBe("${min(1, length(var.interface_endpoints))}");
    expect(resource.aws_vpc_endpoint.endpoints_interface.for_each).toBe("${toset(var.interface_endpoints)}");
    expect(resource.aws_vpc_endpoint.endpoints_interface.security_group_ids).toEqual([
      "${aws_security_group.endpoints_security_group[0].id}",
    ]);
  });

  it("keeps the secure defaults of the construct: CMK with rotation, 365-day flow logs, HA NAT", () => {
    expect(resource.aws_kms_key.logs_key_key.enable_key_rotation).toBe(true);
    expect(resource.aws_cloudwatch_log_group.flow_logs_log_group.kms_key_id).toBe("${aws_kms_key.logs_key_key.arn}");
    expect(variable.flow_log_retention_days.default).toBe(365);
    expect(variable.nat_gateways.default).toBe("one-per-az");
    expect(variable.vpc_cidr.default).toBeUndefined();
    expect(variable.availability_zones.default).toBeUndefined();
  });

  it("validates inputs with the schema's own allowed values and ranges", () => {
    const conditions = (name: string) => variable[name].validation.map((rule: any) => rule.condition).join("\n");
    for (const strategy of NAT_GATEWAY_STRATEGIES) expect(conditions("nat_gateways")).toContain(`"${strategy}"`);
    for (const service of INTERFACE_ENDPOINT_SERVICES) expect(conditions("interface_endpoints")).toContain(`"${service}"`);
    expect(conditions("flow_log_retention_days")).toContain(`[${LOG_RETENTION_DAYS.join(", ")}]`);
    expect(conditions("vpc_cidr")).toContain("cidrsubnet(var.vpc_cidr, 0, 0) == var.vpc_cidr");
    expect(conditions("vpc_cidr")).toContain(">= 16");
    expect(conditions("vpc_cidr")).toContain("<= 20");
    expect(conditions("availability_zones")).toContain("length(var.availability_zones) >= 2");
    expect(conditions("availability_zones")).toContain("distinct(var.availability_zones)");
  });

  it("outputs what the network stack outputs, and more, lists in zone order", () => {
    for (const name of ["vpc_id", "vpc_cidr", "public_subnet_ids", "private_subnet_ids", "data_subnet_ids",
      "public_route_table_id", "private_route_table_ids", "data_route_table_id", "gateway_endpoint_ids",
      "interface_endpoint_ids", "nat_public_ips"]) {
      expect(Object.keys(output)).toContain(name);
    }
    expect(output.private_subnet_ids.value).toBe(
      "${[ for key, val in var.availability_zones: aws_subnet.subnet_private[val].id]}",
    );
  });

  it("makes the stacks' network ACLs only with var.network_acls: fixed rules by name, port rules keyed by port", () => {
    const acls = resource.aws_network_acl;
    for (const tier of ["public", "private", "data"]) {
      expect(acls[`acl_${tier}`].count).toBe("${(var.network_acls != null) ? 1 : 0}");
      expect(acls[`acl_${tier}`].subnet_ids).toContain(`aws_subnet.subnet_${tier}[val].id`);
    }
    const rules = resource.aws_network_acl_rule;
    expect(rules.acl_data_ingress_database_from_private).toMatchObject({
      count: "${(var.network_acls != null) ? 1 : 0}",
      network_acl_id: "${aws_network_acl.acl_data[0].id}",
      from_port: "${var.network_acls.data_ports.database}",
      rule_number: 200,
    });
    for (const tier of ["public", "private"]) {
      expect(rules[`acl_${tier}_egress_internet_tcp`]).toMatchObject({
        for_each: '${toset((var.network_acls != null) ? formatlist("%d", var.network_acls.internet_egress_ports) : [])}',
        rule_number: "${(1000 + tonumber(each.key))}",
        from_port: "${tonumber(each.key)}",
        egress: true,
      });
    }
    expect(Object.keys(rules).filter((name) => name.includes("tcp_"))).toEqual([]);
    expect(variable.network_acls.default).toBeNull();
    expect(variable.network_acls.type).toContain("internet_egress_ports = optional(list(number), [80, 443])");
  });
});
