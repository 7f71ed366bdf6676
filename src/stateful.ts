/**
 * Terraform resource types that hold data or identity which a destroy (or a
 * replace) loses for good: databases and their instances, caches, search
 * domains, tables, buckets, KMS keys, the EKS cluster and its node groups, log
 * groups, secrets and volumes. The one list the pull-request plan summary
 * flags destroys against (scripts/lib/plan-summary.ts); the guardrails work
 * (state manifest, prevent_destroy) should read the same list.
 */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = [
  "aws_cloudwatch_log_group",
  "aws_db_instance",
  "aws_dynamodb_table",
  "aws_ebs_volume",
  "aws_efs_file_system",
  "aws_eks_cluster",
  "aws_eks_node_group",
  "aws_elasticache_cluster",
  "aws_elasticache_replication_group",
  "aws_elasticache_serverless_cache",
  "aws_kms_key",
  "aws_opensearch_domain",
  "aws_rds_cluster",
  "aws_rds_cluster_instance",
  "aws_s3_bucket",
  "aws_secretsmanager_secret",
  "kubernetes_persistent_volume_claim_v1",
];

export function isStatefulType(type: string): boolean {
  return STATEFUL_RESOURCE_TYPES.includes(type);
}
