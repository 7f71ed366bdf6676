import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { RdsCluster, rdsClusterServerlessv2ScalingConfigurationToTerraform } from "@cdktf/provider-aws/lib/rds-cluster";
import { Names } from "../../src/constructs/expressions/names";
import { Value, expr, known } from "../../src/constructs/expressions/expression";
import { optionalBlock } from "../../src/constructs/expressions/optional";
import { equals } from "../../src/constructs/expressions/values";

/** One RdsCluster whose scaling block exists only when `serverless` holds; its synthesized JSON. */
function clusterWith(serverless: (stack: TerraformStack) => Value<boolean>): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), "test");
  const cluster = new RdsCluster(stack, "cluster", { engine: "aurora-postgresql" });
  optionalBlock(cluster, serverless(stack), () => ({ minCapacity: 0.5, maxCapacity: 4 }), {
    put: (block) => cluster.putServerlessv2ScalingConfiguration(block),
    blockType: "serverlessv2_scaling_configuration",
    toTerraform: rdsClusterServerlessv2ScalingConfigurationToTerraform,
  });
  return JSON.parse(Testing.synth(stack)).resource.aws_rds_cluster.cluster;
}

describe("values known at synth and Terraform expressions", () => {
  it("known() tells a literal from an expression", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const engine = new TerraformVariable(stack, "engine", { type: "string" });
    expect(known(equals("aurora-serverless-v2", "aurora-serverless-v2"))).toBe(true);
    expect(equals("aurora-serverless-v2", "aurora-provisioned")).toBe(false);
    expect(known(equals(engine.stringValue, "aurora-serverless-v2"))).toBe(false);
  });

  it("optionalBlock puts a block whose condition holds, in one call", () => {
    expect(clusterWith(() => true).serverlessv2_scaling_configuration).toEqual({ min_capacity: 0.5, max_capacity: 4 });
    expect(clusterWith(() => false)).not.toHaveProperty("serverlessv2_scaling_configuration");
  });

  it("optionalBlock makes a zero-or-one dynamic block of a Terraform condition", () => {
    const cluster = clusterWith((stack) => expr(new TerraformVariable(stack, "serverless", { type: "bool" }).booleanValue));
    expect(cluster).not.toHaveProperty("serverlessv2_scaling_configuration");
    expect(cluster.dynamic.serverlessv2_scaling_configuration).toEqual({
      for_each: '${var.serverless ? ["on"] : []}',
      content: { min_capacity: 0.5, max_capacity: 4 },
    });
  });

  it("PerName.instances lists known names, and throws for names that are a Terraform expression", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const made = (names: Names, id: string) =>
      names.each(stack, (name) => new RdsCluster(stack, name.id(`${id}-{}`), { engine: "aurora-postgresql", clusterIdentifier: name.name }));
    expect(Object.keys(made(Names.known(["a", "b"]), "known").instances)).toEqual(["a", "b"]);
    const zones = new TerraformVariable(stack, "zones", { type: "list(string)" });
    const perName = made(Names.of(zones.listValue), "expression");
    expect(() => perName.instances).toThrow(/Terraform expression \(a module\).*use get, list or map/);
    expect(perName.list("arn")).toHaveLength(1);
  });
});
