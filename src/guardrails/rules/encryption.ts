import { StackModel, SynthesizedElement, blocks, isTrue, list } from "../model";
import { PolicyRule, Problem, problem } from "../rule";
import { isCustomerManagedKey } from "./kms";

type Check = (config: Record<string, any>, element: SynthesizedElement, model: StackModel) => Problem[];

const cmk =
  (argument: string, what = argument): Check =>
  (config, _element, model) =>
    isCustomerManagedKey(config[argument], model) ? [] : [problem(argument, `${what} does not name a customer-managed KMS key`)];

const enabledWithCmk =
  (flag: string, keyArgument: string): Check =>
  (config, element, model) => [...(isTrue(config[flag]) ? [] : [problem(flag, `${flag} is not true`)]), ...cmk(keyArgument)(config, element, model)];

const inBlock =
  (block: string, check: Check): Check =>
  (config, element, model) => {
    const [inner] = blocks(config[block]);
    return inner
      ? check(inner, element, model).map((found) => problem(`${block}.${found.finding}`, `${block}.${found.message}`))
      : [problem(block, `${block} is not set`)];
  };

/** Per type: how it is encrypted at rest with a customer-managed key. */
export const ENCRYPTION_AT_REST: Readonly<Record<string, Check>> = {
  aws_cloudwatch_log_group: cmk("kms_key_id"),
  aws_db_instance: enabledWithCmk("storage_encrypted", "kms_key_id"),
  aws_rds_cluster: enabledWithCmk("storage_encrypted", "kms_key_id"),
  aws_elasticache_replication_group: enabledWithCmk("at_rest_encryption_enabled", "kms_key_id"),
  aws_elasticache_serverless_cache: cmk("kms_key_id"),
  aws_opensearch_domain: inBlock("encrypt_at_rest", enabledWithCmk("enabled", "kms_key_id")),
  aws_dynamodb_table: inBlock("server_side_encryption", enabledWithCmk("enabled", "kms_key_arn")),
  aws_secretsmanager_secret: cmk("kms_key_id"),
  aws_sns_topic: cmk("kms_master_key_id"),
  aws_sqs_queue: cmk("kms_master_key_id"),
  aws_kinesis_stream: cmk("kms_key_id"),
  aws_ebs_volume: enabledWithCmk("encrypted", "kms_key_id"),
  aws_efs_file_system: enabledWithCmk("encrypted", "kms_key_id"),
  aws_ecr_repository: inBlock("encryption_configuration", (config, _element, model) =>
    config.encryption_type === "KMS" && isCustomerManagedKey(config.kms_key, model)
      ? []
      : [problem("encryption_type", "encryption_type is not KMS with a customer-managed kms_key")],
  ),
  aws_eks_cluster: (config, _element, model) => {
    const secrets = blocks(config.encryption_config).find((block) => list(block.resources).includes("secrets"));
    const key = secrets && blocks(secrets.provider)[0]?.key_arn;
    return isCustomerManagedKey(key, model) ? [] : [problem("encryption_config", "encryption_config does not encrypt secrets with a customer-managed key")];
  },
  aws_launch_template: (config, _element, model) =>
    blocks(config.block_device_mappings).flatMap((mapping) => {
      const [ebs] = blocks(mapping.ebs);
      if (!ebs) return [];
      const device = mapping.device_name ?? "a block device";
      return isTrue(ebs.encrypted) && isCustomerManagedKey(ebs.kms_key_id, model)
        ? []
        : [
            problem(
              `block_device_mappings[${mapping.device_name ?? ""}].ebs`,
              `${device} is not encrypted with a customer-managed KMS key (ebs.encrypted, ebs.kms_key_id)`,
            ),
          ];
    }),
  aws_s3_bucket: (_config, element, model) => {
    const rules = model
      .referencing("aws_s3_bucket_server_side_encryption_configuration", element)
      .flatMap((sse) => blocks(sse.config.rule))
      .map((rule) => blocks(rule.apply_server_side_encryption_by_default)[0] ?? {});
    const byCmk = rules.some((rule) => ["aws:kms", "aws:kms:dsse"].includes(rule.sse_algorithm) && isCustomerManagedKey(rule.kms_master_key_id, model));
    return byCmk
      ? []
      : [
          problem(
            "aws_s3_bucket_server_side_encryption_configuration",
            "no aws_s3_bucket_server_side_encryption_configuration applies aws:kms with a customer-managed key",
          ),
        ];
  },
};

export const encryptionAtRest: PolicyRule = {
  id: "ENC001",
  severity: "high",
  title: "Encrypted at rest with a customer-managed KMS key",
  description:
    "Data stores, logs, secrets, queues, volumes and EKS secrets are encrypted with a customer-managed KMS key " +
    "(rotation on), not an AWS-owned or AWS-managed one, so key policy and CloudTrail decide who can read them. " +
    "A `${...}` reference counts as a customer key (checkov cannot judge those); a literal must be a key ARN or alias outside `alias/aws/`.",
  fix: "pass the `arn` of a `CustomerManagedKey` (src/constructs/kms) as the resource's KMS key argument and enable encryption",
  resourceTypes: Object.keys(ENCRYPTION_AT_REST),
  check: (element, context) => ENCRYPTION_AT_REST[element.type](element.config, element, context.model),
};
