import { SEARCH_ENGINE_VERSIONS, SEARCH_INSTANCE_FAMILIES, SEARCH_TLS_POLICIES } from "../../src/config/schema/data";
import { formatEach } from "../../src/constructs/expressions/values";
import { generateModule } from "../../src/modules/generate";
import { moduleDefinitions } from "../../src/modules/registry";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

describe("the search module", () => {
  let resource: Record<string, Record<string, any>>;
  let data: Record<string, Record<string, any>>;
  let variable: Record<string, any>;
  beforeAll(async () => {
    const module = await generateModule(moduleDefinitions().find((d) => d.name === "search")!);
    resource = (module.sources["main.tf"] as any).resource;
    data = (module.sources["main.tf"] as any).data;
    variable = (module.sources["variables.tf"] as any).variable;
  }, HEAVY_HOOK_TIMEOUT_MS);
  const conditions = (name: string) => variable[name].validation.map((rule: any) => rule.condition).join("\n");

  it("turns zone awareness and dedicated masters into expressions, zone_awareness_config into a zero-or-one dynamic block", () => {
    const cluster = resource.aws_opensearch_domain.domain.cluster_config;
    expect(cluster.zone_awareness_enabled).toBe("${(var.availability_zone_count >= 2)}");
    expect(cluster.zone_awareness_config).toBeUndefined();
    expect(cluster.dynamic.zone_awareness_config).toEqual({
      for_each: '${(var.availability_zone_count >= 2) ? ["on"] : []}',
      content: { availability_zone_count: "${var.availability_zone_count}" },
    });
    expect(cluster.dedicated_master_enabled).toBe("${(var.dedicated_masters != null)}");
    expect(cluster.dedicated_master_type).toBe("${(var.dedicated_masters == null) ? null : var.dedicated_masters.instance_type}");
    expect(resource.aws_opensearch_domain.domain.vpc_options.subnet_ids).toBe("${slice(var.subnet_ids, 0, var.availability_zone_count)}");
  });

  it("admits only the admin role and the named client roles, by ARN built from the partition and account", () => {
    const [statement] = data.aws_iam_policy_document.access_policy.statement;
    expect(statement.condition[0].values).toBe(
      '${concat([aws_iam_role.admin_role.arn], formatlist("arn:%s:iam::%s:role/%s", data.aws_partition.current_partition.partition, data.aws_caller_identity.current_account.account_id, var.client_role_names))}',
    );
    expect(statement.principals).toEqual([
      { type: "AWS", identifiers: ["arn:${data.aws_partition.current_partition.partition}:iam::${data.aws_caller_identity.current_account.account_id}:root"] },
    ]);
  });

  it("keeps the construct's security: CMK at rest, node-to-node encryption, HTTPS with TLS 1.2+, IAM master, no internal users", () => {
    const domain = resource.aws_opensearch_domain.domain;
    expect(domain.encrypt_at_rest).toEqual({ enabled: true, kms_key_id: "${aws_kms_key.search_key.arn}" });
    expect(domain.node_to_node_encryption).toEqual({ enabled: true });
    expect(domain.domain_endpoint_options).toEqual({ enforce_https: true, tls_security_policy: "${var.tls_security_policy}" });
    expect(domain.advanced_security_options).toMatchObject({ enabled: true, anonymous_auth_enabled: false, internal_user_database_enabled: false });
    expect(domain.log_publishing_options).toHaveLength(4);
    expect(resource.aws_kms_key.logs_key.enable_key_rotation).toBe(true);
  });

  it("validates with the schema's constants and rules", () => {
    for (const version of SEARCH_ENGINE_VERSIONS) expect(conditions("engine_version")).toContain(`"${version}"`);
    for (const policy of SEARCH_TLS_POLICIES) expect(conditions("tls_security_policy")).toContain(`"${policy}"`);
    expect(conditions("instance_type")).toContain(`^(${SEARCH_INSTANCE_FAMILIES.join("|")})\\\\.[a-z0-9]+\\\\.search$`);
    expect(conditions("instance_count")).toContain("var.instance_count % var.availability_zone_count == 0");
    expect(conditions("name_prefix")).toContain("length(var.name_prefix) <= 21");
    expect(conditions("dedicated_masters")).toContain("contains([3, 5], var.dedicated_masters.count)");
  });

  it("formatEach maps known lists in TypeScript", () => {
    expect(formatEach(["a", "b"], (role) => `arn:aws:iam::123:role/${role}`)).toEqual(["arn:aws:iam::123:role/a", "arn:aws:iam::123:role/b"]);
  });
});
