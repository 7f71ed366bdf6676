import { App, Testing } from "cdktf";
import { addEnvironment } from "../../src/app";
import { checkGuardrails } from "../../src/guardrails";
import { patchErrorText, configOf } from "../support/environments";
import { SynthesizedStack, resourceAt, resourcesOf, synthStack } from "../support/synth";

type EnvName = "dev" | "staging" | "prod";

const committed = new Map<EnvName, { app: App; json: SynthesizedStack }>();
/** The environment's app and synthesized data stack; a committed (unpatched) environment is built once per file. */
function dataStack(name: EnvName, patch?: unknown): { app: App; json: SynthesizedStack } {
  const build = () => {
    const app = Testing.app();
    const stacks = addEnvironment(app, configOf(name, patch ?? {}));
    return { app, json: synthStack(stacks.data) };
  };
  if (patch !== undefined) return build();
  if (!committed.has(name)) committed.set(name, build());
  return committed.get(name)!;
}

const errorText = patchErrorText;

/** The resource a `${type.id.attr}` reference points at. */
function referenced(json: SynthesizedStack, reference: string): any {
  const [, type, id] = /\$\{([a-z0-9_]+)\.([^.]+)\./.exec(reference)!;
  return json.resource![type][id];
}

describe("backup and disaster recovery", () => {
  it.each(["dev", "staging", "prod"] as const)("backs up the database, every table and every bucket in %s", (name) => {
    const { json } = dataStack(name);
    const config = configOf(name).data;
    const selections = resourcesOf(json, "aws_backup_selection");
    expect(Object.keys(selections).sort()).toEqual(["backup/selection-buckets", "backup/selection-database", "backup/selection-tables"]);
    expect(selections["backup/selection-database"].resources).toEqual([expect.stringMatching(/^\$\{aws_rds_cluster\.database_cluster_[0-9A-F]{8}\.arn\}$/)]);
    expect(selections["backup/selection-tables"].resources).toHaveLength(config.tables.length);
    expect(selections["backup/selection-buckets"].resources).toHaveLength(config.buckets.length);
    for (const selection of Object.values(selections)) {
      expect(selection.plan_id).toMatch(/aws_backup_plan\.backup_plan_/);
      expect(selection.iam_role_arn).toMatch(/aws_iam_role\.backup_role_/);
    }
    const plan = resourceAt(json, "aws_backup_plan", "backup/plan");
    expect(plan.rule[0]).toMatchObject({
      schedule: "cron(0 5 ? * * *)",
      lifecycle: { delete_after: config.backup.retentionDays },
    });
  });

  it("encrypts the vault with its own key and selects RDS instances for engine rds", () => {
    const { json } = dataStack("dev", {
      data: { database: { engine: "rds", engineVersion: "16.8", instanceClass: "db.t4g.medium", serverlessCapacity: undefined } },
    });
    const vault = resourceAt(json, "aws_backup_vault", "backup/primary/vault");
    expect(vault).toMatchObject({ name: "llm-platform-dev-data", force_destroy: false });
    expect(vault.kms_key_arn).toMatch(/aws_kms_key\.backup_primary_key_.*\.arn/);
    expect(resourcesOf(json, "aws_backup_vault_lock_configuration")).toEqual({});
    expect(resourceAt(json, "aws_backup_selection", "backup/selection-database").resources[0]).toMatch(/aws_db_instance\.database_instance_/);
    expect(json.provider!.aws).toHaveLength(1);
  });

  it("locks the prod vault and copies every recovery point to a vault in the second region", () => {
    const { app, json } = dataStack("prod");
    const lock = resourceAt(json, "aws_backup_vault_lock_configuration", "backup/primary/lock");
    expect(lock).toMatchObject({ min_retention_days: 35, max_retention_days: 365, changeable_for_days: 3 });
    const copyVault = resourceAt(json, "aws_backup_vault", "backup/copy-us-west-2/vault");
    expect(copyVault.provider).toBe("aws.us-west-2");
    expect(resourceAt(json, "aws_backup_vault_lock_configuration", "backup/copy-us-west-2/lock").provider).toBe("aws.us-west-2");
    const copyKey = resourceAt(json, "aws_kms_key", "backup/copy-us-west-2/key");
    expect(copyKey).toMatchObject({ provider: "aws.us-west-2", enable_key_rotation: true });
    expect(referenced(json, copyVault.kms_key_arn)).toBe(copyKey);
    const rule = resourceAt(json, "aws_backup_plan", "backup/plan").rule[0];
    expect(rule.copy_action).toEqual([
      { destination_vault_arn: expect.stringMatching(/aws_backup_vault\.backup_copy-us-west-2_vault_.*\.arn/), lifecycle: { delete_after: 35 } },
    ]);

    const [main, secondary] = json.provider!.aws;
    expect(secondary).toMatchObject({ alias: "us-west-2", region: "us-west-2", allowed_account_ids: ["333333333333"] });
    expect(secondary.default_tags).toEqual(main.default_tags);
    // The guardrails see the second region's resources too, and they pass.
    expect(() => checkGuardrails(app)).not.toThrow();
  });

  it("takes the copy retention from config", () => {
    const { json } = dataStack("prod", { data: { disasterRecovery: { copyRetentionDays: 90 } } });
    expect(resourceAt(json, "aws_backup_plan", "backup/plan").rule[0].copy_action[0].lifecycle).toEqual({ delete_after: 90 });
  });

  it("requires a vault lock and a second region in prod", () => {
    const text = errorText("prod", { data: { backup: { vaultLock: undefined }, disasterRecovery: undefined } });
    expect(text).toContain('Invalid configuration for environment "prod"');
    expect(text).toContain("data.backup.vaultLock: stage prod must lock its backup vault");
    expect(text).toContain("data.disasterRecovery: stage prod must copy its backups to a second region");
    expect(errorText("prod", { data: { disasterRecovery: { copyBackups: false } } })).toContain(
      "data.disasterRecovery.copyBackups: got false: stage prod must copy its backups to the second region",
    );
  });

  it("rejects a second region equal to the first, bad schedules and retention outside the lock", () => {
    expect(errorText("staging", { data: { disasterRecovery: { region: "us-east-1" } } })).toContain(
      'data.disasterRecovery.region: got "us-east-1": must differ from aws.region (us-east-1)',
    );
    expect(errorText("dev", { data: { backup: { schedule: "rate(1 day)" } } })).toContain(
      'data.backup.schedule: got "rate(1 day)": must be an AWS Backup cron expression',
    );
    expect(errorText("prod", { data: { disasterRecovery: { copyRetentionDays: 30 } } })).toContain(
      "data.disasterRecovery.copyRetentionDays: got 30: must lie within the vault lock's 35-365 days",
    );
    expect(errorText("prod", { data: { backup: { retentionDays: 400 } } })).toContain(
      "data.backup.retentionDays: got 400: must lie within the vault lock's 35-365 days",
    );
    expect(errorText("dev", { data: { disasterRecovery: { region: "eu-west-1", database: "automated-backup-replication" } } })).toContain(
      'data.disasterRecovery.database: got "automated-backup-replication": needs database.engine rds',
    );
  });

  it("replicates the tables config marks global to the second region, with a key of that region", () => {
    const { json } = dataStack("prod");
    const chats = resourceAt(json, "aws_dynamodb_table", "table-chats/table");
    expect(chats.replica).toEqual([
      {
        region_name: "us-west-2",
        kms_key_arn: expect.stringMatching(/aws_kms_key\.region-us-west-2_key-tables_.*\.arn/),
        point_in_time_recovery: true,
        propagate_tags: true,
        deletion_protection_enabled: true,
      },
    ]);
    expect(chats.stream_view_type).toBe("NEW_AND_OLD_IMAGES");
    expect(resourceAt(json, "aws_dynamodb_table", "table-users/table").replica).toBeUndefined();
    const replicaKey = resourceAt(json, "aws_kms_key", "region-us-west-2/key-tables/key");
    expect(replicaKey).toMatchObject({ provider: "aws.us-west-2", enable_key_rotation: true });
    expect(resourceAt(json, "aws_kms_alias", "region-us-west-2/key-tables/alias")).toMatchObject({
      name: "alias/llm-platform-prod/data-tables",
      provider: "aws.us-west-2",
    });
  });

  it("replicates the buckets config marks into a replica bucket in the second region", () => {
    const { json } = dataStack("prod");
    const replica = resourceAt(json, "aws_s3_bucket", "region-us-west-2/bucket-templates/bucket");
    expect(replica).toMatchObject({ bucket: "llm-platform-prod-templates-us-west-2-333333333333", provider: "aws.us-west-2" });
    for (const type of ["aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block", "aws_s3_bucket_policy"]) {
      expect(
        resourceAt(
          json,
          type,
          `region-us-west-2/bucket-templates/${type === "aws_s3_bucket_versioning" ? "versioning" : type === "aws_s3_bucket_policy" ? "policy" : "public-access-block"}`,
        ).provider,
      ).toBe("aws.us-west-2");
    }
    const encryption = resourceAt(json, "aws_s3_bucket_server_side_encryption_configuration", "region-us-west-2/bucket-templates/encryption");
    expect(encryption.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/aws_kms_key\.region-us-west-2_key-buckets_/);
    const replication = resourceAt(json, "aws_s3_bucket_replication_configuration", "region-us-west-2/replication-templates");
    expect(replication.provider).toBeUndefined();
    expect(replication.bucket).toMatch(/aws_s3_bucket\.bucket-templates_bucket_.*\.id/);
    expect(replication.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\.bucket-templates_versioning_/)]);
    expect(replication.rule[0]).toMatchObject({
      status: "Enabled",
      delete_marker_replication: { status: "Enabled" },
      source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
      destination: {
        bucket: expect.stringMatching(/aws_s3_bucket\.region-us-west-2_bucket-templates_bucket_.*\.arn/),
        encryption_configuration: { replica_kms_key_id: expect.stringMatching(/aws_kms_key\.region-us-west-2_key-buckets_/) },
      },
    });
    expect(resourceAt(json, "aws_iam_role", "region-us-west-2/replication-role-templates/role").name).toBe("llm-platform-prod-templates-replication");
    const statements = JSON.stringify(json.data!.aws_iam_policy_document);
    expect(statements).toContain("s3:ReplicateObject");
    expect(statements).toContain("s3.us-west-2.amazonaws.com");
  });

  it("replicates RDS automated backups to the second region when config chooses it", () => {
    const { json } = dataStack("staging", {
      data: {
        database: { engine: "rds", engineVersion: "16.8", instanceClass: "db.m7g.large", serverlessCapacity: undefined, readers: 0 },
        disasterRecovery: { region: "us-west-2", database: "automated-backup-replication" },
      },
    });
    const replication = resourceAt(json, "aws_db_instance_automated_backups_replication", "region-us-west-2/database-backups");
    expect(replication).toMatchObject({ provider: "aws.us-west-2", retention_period: 7 });
    expect(replication.source_db_instance_arn).toMatch(/aws_db_instance\.database_instance_.*\.arn/);
    expect(replication.kms_key_id).toMatch(/aws_kms_key\.region-us-west-2_key-database_/);
    expect(resourcesOf(dataStack("prod").json, "aws_db_instance_automated_backups_replication")).toEqual({});
  });

  it("needs a second region for global tables and replicated buckets, and a stream for global tables", () => {
    const text = errorText("dev", { data: { buckets: [{ name: "templates", replicate: true }] } });
    expect(text).toContain("data.buckets[0].replicate: got true: needs data.disasterRecovery.region");
    const tableText = errorText("dev", {
      data: { tables: [{ name: "users", partitionKey: "id", attributes: { id: "S" }, global: true }] },
    });
    expect(tableText).toContain("data.tables[0].stream: must be NEW_AND_OLD_IMAGES for a global table");
    expect(tableText).toContain("data.tables[0].global: got true: needs data.disasterRecovery.region");
  });
});
