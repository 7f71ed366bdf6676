import { TerraformResource } from "cdktf";
import { IAspect } from "cdktf";
import { IConstruct } from "constructs";

/**
 * How a stateful resource type is protected against deletion by AWS itself:
 * the argument and the value it must have. Types without an entry have no such
 * switch; `prevent_destroy` is their only guard.
 */
export interface DeletionProtection {
  readonly argument: string;
  /** The protected value. */
  readonly value: boolean | string;
  /** Whether AWS refuses the delete (`true`) or the argument only keeps Terraform from emptying it first. */
  readonly blocksDelete: boolean;
}

/**
 * Resource types that hold data or identity that a destroy-and-recreate loses
 * (data, keys, addresses others allow-list, logs, networks everything else is
 * placed in), and how AWS protects each. Extend this table when a layer adds a
 * stateful type: the state manifest, `prevent_destroy` in prod and rule RES001
 * all follow from it.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, DeletionProtection | null>> = {
  aws_db_instance: { argument: "deletion_protection", value: true, blocksDelete: true },
  aws_rds_cluster: { argument: "deletion_protection", value: true, blocksDelete: true },
  aws_rds_cluster_instance: null,
  aws_rds_global_cluster: { argument: "deletion_protection", value: true, blocksDelete: true },
  aws_elasticache_replication_group: null,
  aws_elasticache_cluster: null,
  aws_elasticache_serverless_cache: null,
  aws_opensearch_domain: null,
  aws_dynamodb_table: { argument: "deletion_protection_enabled", value: true, blocksDelete: true },
  aws_s3_bucket: { argument: "force_destroy", value: false, blocksDelete: false },
  aws_kms_key: null,
  aws_eks_cluster: { argument: "deletion_protection", value: true, blocksDelete: true },
  aws_eks_node_group: null,
  aws_cloudwatch_log_group: null,
  aws_vpc: null,
  aws_subnet: null,
  aws_eip: null,
  aws_secretsmanager_secret: null,
  aws_efs_file_system: null,
  aws_ebs_volume: null,
  aws_ecr_repository: { argument: "force_delete", value: false, blocksDelete: false },
  aws_backup_vault: { argument: "force_destroy", value: false, blocksDelete: false },
  aws_sqs_queue: null,
  aws_kinesis_stream: null,
  aws_route53_zone: { argument: "force_destroy", value: false, blocksDelete: false },
  aws_cognito_user_pool: { argument: "deletion_protection", value: "ACTIVE", blocksDelete: true },
  kubernetes_persistent_volume_claim_v1: null,
};

export function isStatefulType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(STATEFUL_RESOURCE_TYPES, type);
}

/**
 * Sets `lifecycle.prevent_destroy` on every stateful resource it visits, so a
 * plan that would destroy or replace one fails at plan time, before anything
 * changes. Also on types with deletion protection: that only fails the apply,
 * halfway through. Applied to prod stacks by `applyGuardrails`.
 */
export class PreventDestroyAspect implements IAspect {
  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const resource = node as TerraformResource;
    if (!isStatefulType(resource.terraformResourceType)) return;
    resource.lifecycle = { ...resource.lifecycle, preventDestroy: true };
  }
}
