import { POSTGRES_VERSIONS } from "../../src/config/schema/data";
import { generateModule } from "../../src/modules/generate";
import { moduleDefinitions } from "../../src/modules/registry";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

describe("the postgres module", () => {
  let resource: Record<string, Record<string, any>>;
  let variable: Record<string, any>;
  beforeAll(async () => {
    const module = await generateModule(moduleDefinitions().find((d) => d.name === "postgres")!);
    resource = (module.sources["main.tf"] as any).resource;
    variable = (module.sources["variables.tf"] as any).variable;
  }, HEAVY_HOOK_TIMEOUT_MS);

  it("keys instances by stable name (writer, reader-n), zones round-robin by that name's position", () => {
    const instance = resource.aws_rds_cluster_instance.instance;
    const names = 'concat(["writer"], formatlist("reader-%d", range(1, (var.readers + 1), 1)))';
    expect(instance.for_each).toBe(`\${toset(${names})}`);
    expect(instance.availability_zone).toBe(`\${element(var.availability_zones, index(${names}, each.key))}`);
    expect(instance.promotion_tier).toBe('${(each.key == "writer") ? 0 : 1}');
    expect(JSON.stringify(resource)).not.toMatch(/count\.index/);
  });

  it("keeps the construct's secure defaults: managed master password, CMK, TLS, protection on by default", () => {
    const cluster = resource.aws_rds_cluster.cluster;
    expect(cluster).toMatchObject({ manage_master_user_password: true, storage_encrypted: true, iam_database_authentication_enabled: true });
    expect(cluster.kms_key_id).toBe("${aws_kms_key.database_key.arn}");
    expect(cluster.skip_final_snapshot).toBe("${!var.deletion_protection}");
    expect(cluster.dynamic.serverlessv2_scaling_configuration.for_each).toBe('${(var.engine == "aurora-serverless-v2") ? ["on"] : []}');
    expect(resource.aws_rds_cluster_parameter_group.cluster_parameters.parameter).toContainEqual({ name: "rds.force_ssl", value: "1" });
    expect(variable.deletion_protection.default).toBe(true);
    expect(JSON.stringify(resource)).not.toMatch(/master_password"/);
  });

  it("offers the Aurora engines and versions of the schema", () => {
    const conditions = (name: string) => variable[name].validation.map((rule: any) => rule.condition).join("\n");
    for (const version of POSTGRES_VERSIONS.aurora) expect(conditions("engine_version")).toContain(`"${version}"`);
    expect(conditions("engine")).not.toContain('"rds"');
    expect(conditions("instance_class")).toContain('var.engine == "aurora-provisioned" ? var.instance_class != null');
  });
});
