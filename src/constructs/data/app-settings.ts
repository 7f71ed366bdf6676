import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Construct } from "constructs";
import type { DataConfig } from "../../config/schema/data";
import type { ParameterRef, SecretRef } from "../../contracts";
import { AwsScope, formatArn } from "../iam/arn";

export interface AppSettingsProps {
  /** `<project>-<env>`: secrets are `<namePrefix>/app/<name>`, parameters `/<namePrefix>/app/<name>`. */
  readonly namePrefix: string;
  /** The data layer's `secrets` key: encrypts the secrets and the SecureString parameters. */
  readonly kmsKeyArn: string;
  readonly secrets: DataConfig["secrets"];
  readonly parameters: DataConfig["parameters"];
  /** Days Secrets Manager keeps a deleted secret recoverable. Default: 30. */
  readonly recoveryWindowDays?: number;
}

/** Secrets Manager name of an application secret. */
export function appSecretName(namePrefix: string, name: string): string {
  return `${namePrefix}/app/${name}`;
}

/** SSM name of an application parameter. */
export function appParameterName(namePrefix: string, name: string): string {
  return `/${namePrefix}/app/${name}`;
}

/**
 * The applications' secrets and settings. Each secret is a Secrets Manager
 * secret encrypted with the `secrets` key and created **without a value**:
 * no secret version is managed here, so no value is ever in config or state;
 * an operator puts the value (`aws secretsmanager put-secret-value`), and
 * until then reading it fails. `String` parameters are created with their
 * value from config; `SecureString` parameters are not Terraform resources
 * (SSM has no parameter without a value, and any placeholder would be synced
 * as if it were real): an operator creates them with the `secrets` key, and
 * this construct only names them, for the grants.
 */
export class AppSettings extends Construct {
  readonly secrets: Record<string, SecretsmanagerSecret> = {};
  readonly parameters: Record<string, SsmParameter> = {};
  readonly secretRefs: Record<string, SecretRef> = {};
  readonly parameterRefs: Record<string, ParameterRef> = {};

  constructor(scope: Construct, id: string, props: AppSettingsProps) {
    super(scope, id);
    const key = { arn: props.kmsKeyArn };
    const account = AwsScope.of(this);
    for (const [name, settings] of Object.entries(props.secrets)) {
      const secret = new SecretsmanagerSecret(this, `secret-${name}`, {
        name: appSecretName(props.namePrefix, name),
        description: settings.description,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays: props.recoveryWindowDays ?? 30,
      });
      this.secrets[name] = secret;
      this.secretRefs[name] = { arn: secret.arn, key };
    }
    for (const [name, settings] of Object.entries(props.parameters)) {
      const parameterName = appParameterName(props.namePrefix, name);
      if (settings.type === "String") {
        const parameter = new SsmParameter(this, `parameter-${name}`, {
          name: parameterName,
          type: "String",
          value: settings.value,
          description: settings.description,
        });
        this.parameters[name] = parameter;
        this.parameterRefs[name] = { name: parameterName, arn: parameter.arn };
      } else {
        const arn = formatArn(account, { service: "ssm", resource: `parameter${parameterName}` });
        this.parameterRefs[name] = { name: parameterName, arn, key };
      }
    }
  }
}
