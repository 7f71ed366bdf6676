import { Testing } from "cdktf";
import { addEnvironment } from "../../src/app";
import { checkGuardrails } from "../../src/guardrails";
import { patchErrorText, configOf } from "../support/environments";
import { resourceAt, resourcesOf, synthStack } from "../support/synth";

const rds = (readReplicas: number) => ({
  data: {
    database: { engine: "rds", engineVersion: "16.8", instanceClass: "db.m7g.large", serverlessCapacity: undefined, readers: 0, readReplicas },
  },
});

function dataStack(name: "dev" | "staging" | "prod", patch: unknown) {
  const app = Testing.app();
  const stacks = addEnvironment(app, configOf(name, patch));
  return { app, json: synthStack(stacks.data) };
}

describe("RDS read replicas", () => {
  it("adds encrypted, monitored replicas keyed by name in other zones", () => {
    const { json } = dataStack("staging", rds(2));
    const instances = resourcesOf(json, "aws_db_instance");
    expect(Object.keys(instances).sort()).toEqual(["database/instance", "database/replica-1", "database/replica-2"]);
    const primary = instances["database/instance"];
    expect(primary.multi_az).toBe(true);
    const zones = ["database/replica-1", "database/replica-2"].map((path) => instances[path].availability_zone);
    expect(zones).toEqual(["us-east-1b", "us-east-1c"]);
    for (const [index, path] of ["database/replica-1", "database/replica-2"].entries()) {
      const replica = instances[path];
      expect(replica).toMatchObject({
        identifier: `llm-platform-staging-postgres-replica-${index + 1}`,
        storage_encrypted: true,
        performance_insights_enabled: true,
        monitoring_interval: 60,
        publicly_accessible: false,
        iam_database_authentication_enabled: true,
        enabled_cloudwatch_logs_exports: ["postgresql"],
      });
      expect(replica.replicate_source_db).toMatch(/aws_db_instance\.database_instance_.*\.identifier/);
      expect(replica.kms_key_id).toBe(primary.kms_key_id);
      expect(replica.monitoring_role_arn).toBe(primary.monitoring_role_arn);
      expect(replica.vpc_security_group_ids).toEqual(primary.vpc_security_group_ids);
      const logGroup = resourceAt(json, "aws_cloudwatch_log_group", `database/log-group-replica-${index + 1}`);
      expect(logGroup.name).toBe(`/aws/rds/instance/llm-platform-staging-postgres-replica-${index + 1}/postgresql`);
      expect(logGroup.kms_key_id).toBeDefined();
    }
    const alarms = Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm"));
    const lag = alarms.find((alarm) => alarm.alarm_name === "llm-platform-staging-database-replica-2-lag");
    expect(lag).toMatchObject({ metric_name: "ReplicaLag", threshold: 1, dimensions: { DBInstanceIdentifier: "llm-platform-staging-postgres-replica-2" } });
    expect(json.output!.database_read_replica_endpoints.value).toEqual({
      "replica-1": expect.stringMatching(/aws_db_instance\.database_replica-1_.*\.address/),
      "replica-2": expect.stringMatching(/aws_db_instance\.database_replica-2_.*\.address/),
    });
  });

  it("keeps the primary's address and removes only the last replica when the count drops", () => {
    const two = Object.keys(resourcesOf(dataStack("dev", rds(2)).json, "aws_db_instance"));
    const one = Object.keys(resourcesOf(dataStack("dev", rds(1)).json, "aws_db_instance"));
    expect(two.filter((path) => !one.includes(path))).toEqual(["database/replica-2"]);
    expect(one).toContain("database/instance");
  });

  it("passes the policy rules in prod, with deletion protection on each replica", () => {
    const { app, json } = dataStack("prod", rds(1));
    const replica = resourceAt(json, "aws_db_instance", "database/replica-1");
    expect(replica).toMatchObject({ deletion_protection: true, skip_final_snapshot: true, backup_retention_period: 30 });
    expect(replica.lifecycle.prevent_destroy).toBe(true);
    expect(() => checkGuardrails(app)).not.toThrow();
  });

  it("rejects read replicas for the Aurora engines", () => {
    expect(patchErrorText("dev", { data: { database: { readReplicas: 1 } } })).toContain(
      "data.database.readReplicas: got 1: is for engine rds only; aurora-serverless-v2 scales reads with readers",
    );
  });
});
