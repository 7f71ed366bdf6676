import { Testing } from "cdktf";
import { addEnvironment } from "../../src/app";
import { checkGuardrails } from "../../src/guardrails";
import { z } from "zod";
import { GLOBAL_DATABASE_VERSIONS, POSTGRES_VERSIONS, checkDataInvariants } from "../../src/config/schema/data";
import { configOf, patchErrorText } from "../support/environments";
import { resourceAt, resourcesOf, synthStack } from "../support/synth";

/** Prod with an Aurora global database in us-west-2 and the data-only VPC there. */
const GLOBAL = {
  network: { disasterRecovery: { vpcCidr: "10.60.0.0/16", availabilityZones: ["us-west-2a", "us-west-2b", "us-west-2c"] } },
  data: { disasterRecovery: { database: "global-database", globalDatabase: { instances: 2 } } },
};

function stacks(patch: unknown = GLOBAL) {
  const app = Testing.app();
  const built = addEnvironment(app, configOf("prod", patch));
  return { app, network: synthStack(built.network), data: synthStack(built.data) };
}

describe("Aurora global database", () => {
  const { app, network, data } = stacks();

  it("builds a data-only VPC in the second region, with flow logs and no way out", () => {
    const vpc = resourceAt(network, "aws_vpc", "region-us-west-2/network/vpc");
    expect(vpc).toMatchObject({ cidr_block: "10.60.0.0/16", provider: "aws.us-west-2" });
    const subnets = resourcesOf(network, "aws_subnet");
    const secondary = Object.entries(subnets).filter(([path]) => path.startsWith("region-us-west-2/"));
    expect(secondary.map(([path, subnet]) => [path, subnet.cidr_block, subnet.provider])).toEqual([
      ["region-us-west-2/network/subnet-data-us-west-2a", "10.60.128.0/21", "aws.us-west-2"],
      ["region-us-west-2/network/subnet-data-us-west-2b", "10.60.136.0/21", "aws.us-west-2"],
      ["region-us-west-2/network/subnet-data-us-west-2c", "10.60.144.0/21", "aws.us-west-2"],
    ]);
    for (const type of ["aws_internet_gateway", "aws_nat_gateway", "aws_route"]) {
      expect(Object.keys(resourcesOf(network, type)).filter((path) => path.startsWith("region-"))).toEqual([]);
    }
    const flowLog = resourceAt(network, "aws_flow_log", "region-us-west-2/network/flow-logs/flow-log");
    expect(flowLog).toMatchObject({ provider: "aws.us-west-2", traffic_type: "ALL" });
    const group = resourceAt(network, "aws_cloudwatch_log_group", "region-us-west-2/network/flow-logs/log-group");
    expect(group).toMatchObject({ name: "/aws/vpc/flow-logs/llm-platform-prod-us-west-2", provider: "aws.us-west-2" });
    expect(group.kms_key_id).toMatch(/aws_kms_key\.region-us-west-2_network_logs-key_/);
    // The role's trust names flow logs of that region, not the primary's.
    expect(JSON.stringify(network.data!.aws_iam_policy_document)).toContain("arn:aws:ec2:us-west-2:333333333333:vpc-flow-log/*");
    expect(Object.keys(network.output!)).toEqual(expect.arrayContaining(["secondary_vpc_id", "secondary_data_subnet_ids"]));
  });

  it("makes the global cluster from the existing primary, which keeps its address and ignores the identifier AWS sets", () => {
    const global = resourceAt(data, "aws_rds_global_cluster", "global-database/cluster");
    expect(global).toMatchObject({ global_cluster_identifier: "llm-platform-prod-postgres-global", force_destroy: true, deletion_protection: true });
    expect(global.source_db_cluster_identifier).toMatch(/^\$\{aws_rds_cluster\.database_cluster_[0-9A-F]{8}\.arn\}$/);
    expect(global.provider).toBeUndefined();
    const primary = resourceAt(data, "aws_rds_cluster", "database/cluster");
    expect(primary.lifecycle.ignore_changes).toEqual(["engine_version", "global_cluster_identifier"]);
    expect(primary.global_cluster_identifier).toBeUndefined();
    expect(primary.lifecycle.prevent_destroy).toBe(true);
  });

  it("sends the primary's master password write-only and keeps it in a secret written the same way", () => {
    const primary = resourceAt(data, "aws_rds_cluster", "database/cluster");
    expect(primary).toMatchObject({ master_password_wo: "${var.database_master_password}", master_password_wo_version: 1 });
    // Unset, so RDS management turns off: the provider refuses the argument beside master_password_wo, even as false.
    expect(primary.manage_master_user_password).toBeUndefined();
    expect(primary.master_password).toBeUndefined();
    expect(primary.master_user_secret_kms_key_id).toBeUndefined();
    const secret = resourceAt(data, "aws_secretsmanager_secret", "database/master-secret");
    expect(secret.name).toBe("llm-platform-prod-postgres-master");
    expect(secret.kms_key_id).toMatch(/aws_kms_key\.keys_database_key_/);
    const value = resourceAt(data, "aws_secretsmanager_secret_version", "database/master-secret-value");
    expect(value.secret_string_wo).toContain("var.database_master_password");
    expect(value.secret_string).toBeUndefined();
    expect(value.secret_string_wo_version).toBe(1);
    expect(data.variable!.database_master_password).toMatchObject({ type: "string", sensitive: true, nullable: false });
    expect(data.output!.database_master_secret_arn.value).toMatch(/aws_secretsmanager_secret\.database_master-secret_/);
  });

  it("builds the secondary cluster in the second region: no credentials, that region's key, its own security group and subnets", () => {
    const secondary = resourceAt(data, "aws_rds_cluster", "global-database/us-west-2/database/cluster");
    expect(secondary).toMatchObject({
      provider: "aws.us-west-2",
      cluster_identifier: "llm-platform-prod-us-west-2-postgres",
      engine: "aurora-postgresql",
      storage_encrypted: true,
      iam_database_authentication_enabled: true,
      deletion_protection: true,
    });
    expect(secondary.global_cluster_identifier).toMatch(/aws_rds_global_cluster\.global-database_cluster_.*\.id/);
    for (const field of ["master_username", "master_password", "master_password_wo", "manage_master_user_password", "database_name"]) {
      expect(secondary[field]).toBeUndefined();
    }
    expect(secondary.kms_key_id).toMatch(/aws_kms_key\.region-us-west-2_key-database_key_/);
    expect(secondary.lifecycle.ignore_changes).toEqual(["engine_version", "replication_source_identifier"]);
    expect(secondary.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_rds_cluster_instance\.database_instance-writer_/)]));
    const group = resourceAt(data, "aws_security_group", "global-database/us-west-2/database/security-group");
    expect(group).toMatchObject({ provider: "aws.us-west-2" });
    // The network layer's VPC in that region (a cross-stack reference once the app is synthesized).
    expect(group.vpc_id).toMatch(/aws_vpc\.region-us-west-2_network_vpc_/);
    expect(resourcesOf(data, "aws_vpc_security_group_ingress_rule")).toEqual({});
    const subnetGroup = resourceAt(data, "aws_db_subnet_group", "global-database/us-west-2/database/subnet-group");
    expect(JSON.stringify(subnetGroup.subnet_ids)).toMatch(
      /aws_subnet\.region-us-west-2_network_subnet-data-us-west-2a_.*aws_subnet\.region-us-west-2_network_subnet-data-us-west-2b_/,
    );
    const instances = resourcesOf(data, "aws_rds_cluster_instance");
    const secondaryInstances = Object.keys(instances).filter((path) => path.startsWith("global-database/"));
    expect(secondaryInstances.sort()).toEqual(["global-database/us-west-2/database/instance-reader-1", "global-database/us-west-2/database/instance-writer"]);
    expect(instances["global-database/us-west-2/database/instance-writer"]).toMatchObject({ provider: "aws.us-west-2", availability_zone: "us-west-2a" });
    const logGroup = resourceAt(data, "aws_cloudwatch_log_group", "global-database/us-west-2/database/log-group");
    expect(logGroup).toMatchObject({ name: "/aws/rds/cluster/llm-platform-prod-us-west-2-postgres/postgresql", provider: "aws.us-west-2" });
    expect(logGroup.kms_key_id).toMatch(/aws_kms_key\.region-us-west-2_key-logs_key_/);
  });

  it("alarms on the secondary in its own region, including its lag behind the primary", () => {
    const alarms = resourcesOf(data, "aws_cloudwatch_metric_alarm");
    const lag = alarms["global-database/us-west-2/alarms/database-global-replication-lag"];
    expect(lag).toMatchObject({
      provider: "aws.us-west-2",
      alarm_name: "llm-platform-prod-us-west-2-database-global-replication-lag",
      metric_name: "AuroraGlobalDBReplicationLag",
      dimensions: { DBClusterIdentifier: "llm-platform-prod-us-west-2-postgres" },
      threshold: 2000,
    });
    expect(lag.alarm_actions[0]).toMatch(/aws_sns_topic\.global-database_us-west-2_alarms_topic_/);
    expect(alarms["global-database/us-west-2/alarms/database-cpu"]).toMatchObject({ provider: "aws.us-west-2" });
    const topic = resourceAt(data, "aws_sns_topic", "global-database/us-west-2/alarms/topic");
    expect(topic).toMatchObject({ provider: "aws.us-west-2", name: "llm-platform-prod-us-west-2-data-alarms" });
    expect(topic.kms_master_key_id).toMatch(/aws_kms_key\.region-us-west-2_key-alarms_key_/);
    const keyPolicy = JSON.stringify(data.data!.aws_iam_policy_document);
    expect(keyPolicy).toContain("logs.us-west-2.amazonaws.com");
  });

  it("puts every secondary resource on the regional provider and passes the guardrails", () => {
    for (const [type, items] of Object.entries(data.resource!)) {
      for (const [id, item] of Object.entries(items as Record<string, any>)) {
        if (id.startsWith("global-database_us-west-2_")) expect([type, id, item.provider]).toEqual([type, id, "aws.us-west-2"]);
      }
    }
    expect(() => checkGuardrails(app)).not.toThrow();
  });

  it("changes nothing without the option", () => {
    const { data: plain } = stacks({});
    expect(resourcesOf(plain, "aws_rds_global_cluster")).toEqual({});
    const primary = resourceAt(plain, "aws_rds_cluster", "database/cluster");
    expect(primary.manage_master_user_password).toBe(true);
    expect(primary.lifecycle.ignore_changes).toEqual(["engine_version"]);
    expect(plain.variable).toBeUndefined();
  });
});

describe("Aurora global database config", () => {
  it("needs an aurora engine and the second region's VPC", () => {
    const rds = patchErrorText("staging", {
      network: GLOBAL.network,
      data: {
        database: { engine: "rds", engineVersion: "16.8", instanceClass: "db.m7g.large", serverlessCapacity: undefined, readers: 0 },
        disasterRecovery: { region: "us-west-2", database: "global-database" },
      },
    });
    expect(rds).toContain('Invalid configuration for environment "staging"');
    expect(rds).toContain('data.disasterRecovery.database: got "global-database": needs an aurora engine (database.engine is rds)');
    expect(patchErrorText("prod", { data: GLOBAL.data })).toContain(
      'data.disasterRecovery.database: got "global-database": needs network.disasterRecovery (vpcCidr, availabilityZones of us-west-2)',
    );
  });

  it("refuses zones of another region, a VPC nobody uses, and settings of another mode", () => {
    expect(
      patchErrorText("prod", { ...GLOBAL, network: { disasterRecovery: { vpcCidr: "10.60.0.0/16", availabilityZones: ["us-east-1a", "us-west-2b"] } } }),
    ).toContain('network.disasterRecovery.availabilityZones[0]: got "us-east-1a": must be a zone of region us-west-2');
    expect(patchErrorText("prod", { network: GLOBAL.network })).toContain(
      'data.disasterRecovery.database: got "backup-copy": network.disasterRecovery builds a VPC for a global database\'s secondary cluster',
    );
    expect(patchErrorText("dev", { network: GLOBAL.network })).toContain(
      "network.disasterRecovery: is the VPC in data.disasterRecovery.region, which is not set",
    );
    expect(patchErrorText("prod", { data: { disasterRecovery: { globalDatabase: { instances: 1 } } } })).toContain(
      'data.disasterRecovery.globalDatabase: is only used with disasterRecovery.database "global-database", not "backup-copy"',
    );
  });

  it("refuses an engine version without global database support", () => {
    // Every version the schema accepts supports it today, so a parsed config is edited to reach the check.
    expect(POSTGRES_VERSIONS.aurora.filter((version) => !GLOBAL_DATABASE_VERSIONS.includes(version))).toEqual([]);
    const env = configOf("prod", GLOBAL);
    const issues: { path: PropertyKey[]; message: string }[] = [];
    // eslint-disable-next-line local/no-double-cast -- checkDataInvariants only calls addIssue, which this records
    const ctx = { addIssue: (issue: { path: PropertyKey[]; message: string }) => issues.push(issue) } as unknown as z.RefinementCtx;
    checkDataInvariants(
      {
        ...env,
        availabilityZones: env.network.availabilityZones,
        secondaryNetwork: env.network.disasterRecovery,
        data: { ...env.data, database: { ...env.data.database, engineVersion: "14.9" } },
      },
      ctx,
    );
    expect(issues).toEqual([
      expect.objectContaining({ path: ["data", "database", "engineVersion"], message: expect.stringContaining("does not support an Aurora global database") }),
    ]);
  });
});
