import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { BackupConfig } from "../../config/schema/data";
import { AwsScope } from "../iam/arn";
import { PolicyRole } from "../iam/policy-role";
import { CustomerManagedKey } from "../kms/kms-key";

/** AWS managed policies that let AWS Backup back up and restore RDS, DynamoDB and S3. */
export const BACKUP_SERVICE_POLICIES = [
  "service-role/AWSBackupServiceRolePolicyForBackup",
  "service-role/AWSBackupServiceRolePolicyForRestores",
  "AWSBackupServiceRolePolicyForS3Backup",
  "AWSBackupServiceRolePolicyForS3Restore",
];

/** Where the plan copies each recovery point: a vault in the disaster-recovery region. */
export interface BackupCopyTarget {
  /** The AWS provider aliased to that region. */
  readonly provider: TerraformProvider;
  readonly region: string;
  /** Days the copies are kept. */
  readonly retentionDays: number;
}

export interface DataBackupProps {
  /** e.g. `llm-platform-prod`; the vault and plan are `<namePrefix>-data`. */
  readonly namePrefix: string;
  readonly settings: BackupConfig;
  /** ARNs to back up, by selection name (`database`, `tables`, `buckets`); empty lists are skipped. */
  readonly resources: Record<string, string[]>;
  /** Copy every recovery point to another region. Default: no copy. */
  readonly copy?: BackupCopyTarget;
}

/** A vault encrypted with its own CMK, locked when the config says so. */
class EncryptedVault extends Construct {
  readonly vault: BackupVault;

  constructor(scope: Construct, id: string, props: { name: string; settings: BackupConfig; provider?: TerraformProvider; where: string }) {
    super(scope, id);
    const key = new CustomerManagedKey(this, "key", {
      alias: `${props.name}-backup`,
      description: `Encrypts the recovery points in the ${props.where} backup vault ${props.name}`,
      provider: props.provider,
    });
    this.vault = new BackupVault(this, "vault", {
      name: props.name,
      kmsKeyArn: key.arn,
      forceDestroy: false,
      provider: props.provider,
    });
    const lock = props.settings.vaultLock;
    if (lock) {
      new BackupVaultLockConfiguration(this, "lock", {
        backupVaultName: this.vault.name,
        minRetentionDays: lock.minRetentionDays,
        maxRetentionDays: lock.maxRetentionDays,
        changeableForDays: lock.changeableForDays,
        provider: props.provider,
      });
    }
  }
}

/**
 * AWS Backup for the data layer: a CMK-encrypted vault (locked when
 * `vaultLock` is set), one plan on the configured schedule and retention,
 * selections for the database, the tables and the buckets, and a service role
 * with the AWS managed backup and restore policies. With `copy`, every recovery
 * point is copied to a vault of the same name (and its own key) in the second
 * region.
 */
export class DataBackup extends Construct {
  readonly vault: BackupVault;
  readonly copyVault?: BackupVault;
  readonly plan: BackupPlan;
  readonly role: PolicyRole;

  constructor(scope: Construct, id: string, props: DataBackupProps) {
    super(scope, id);
    const { settings } = props;
    const account = AwsScope.of(this);
    const name = `${props.namePrefix}-data`;
    this.vault = new EncryptedVault(this, "primary", { name, settings, where: account.region }).vault;
    if (props.copy) {
      this.copyVault = new EncryptedVault(this, `copy-${props.copy.region}`, {
        name,
        settings,
        provider: props.copy.provider,
        where: props.copy.region,
      }).vault;
    }
    this.role = new PolicyRole(this, "role", {
      name: `${name}-backup`,
      description: `AWS Backup service role of ${name}`,
      trust: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
        },
      ],
      awsManagedPolicies: BACKUP_SERVICE_POLICIES,
    });
    this.plan = new BackupPlan(this, "plan", {
      name,
      rule: [
        {
          ruleName: "scheduled",
          targetVaultName: this.vault.name,
          schedule: settings.schedule,
          startWindow: settings.startWindowMinutes,
          completionWindow: settings.completionWindowMinutes,
          lifecycle: { deleteAfter: settings.retentionDays },
          copyAction:
            this.copyVault && props.copy ? [{ destinationVaultArn: this.copyVault.arn, lifecycle: { deleteAfter: props.copy.retentionDays } }] : undefined,
        },
      ],
    });
    for (const [selection, arns] of Object.entries(props.resources)) {
      if (arns.length === 0) continue;
      new BackupSelection(this, `selection-${selection}`, {
        name: `${name}-${selection}`,
        planId: this.plan.id,
        iamRoleArn: this.role.arn,
        resources: arns,
      });
    }
  }
}
