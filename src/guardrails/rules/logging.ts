import { StackModel, SynthesizedElement, blocks, isTrue, list } from "../model";
import { PolicyRule, Problem, problem } from "../rule";

type Check = (config: Record<string, any>, element: SynthesizedElement, model: StackModel) => Problem[];

const EKS_CONTROL_PLANE_LOGS = ["api", "audit", "authenticator"];

const cloudwatchExports: Check = (config) =>
  list(config.enabled_cloudwatch_logs_exports).length > 0 ? [] : [problem("enabled_cloudwatch_logs_exports", "enabled_cloudwatch_logs_exports is empty")];

const loggedBy =
  (type: string, what: string): Check =>
  (_config, element, model) =>
    model.referencing(type, element).length > 0 ? [] : [problem(type, `no ${type} references it (${what})`)];

/** Per type: where its logs go. */
export const LOGGING: Readonly<Record<string, Check>> = {
  aws_vpc: loggedBy("aws_flow_log", "VPC flow logs"),
  aws_eks_cluster: (config) => {
    const missing = EKS_CONTROL_PLANE_LOGS.filter((type) => !list(config.enabled_cluster_log_types).includes(type));
    return missing.map((type) => problem(`enabled_cluster_log_types:${type}`, `enabled_cluster_log_types lacks ${type}`));
  },
  aws_rds_cluster: cloudwatchExports,
  aws_db_instance: cloudwatchExports,
  aws_elasticache_replication_group: (config) =>
    blocks(config.log_delivery_configuration).length > 0 ? [] : [problem("log_delivery_configuration", "log_delivery_configuration is not set")],
  aws_opensearch_domain: (config) =>
    blocks(config.log_publishing_options).some((option) => option.log_type === "ES_APPLICATION_LOGS" && option.enabled !== false)
      ? []
      : [problem("log_publishing_options", "log_publishing_options does not publish ES_APPLICATION_LOGS")],
  aws_wafv2_web_acl: loggedBy("aws_wafv2_web_acl_logging_configuration", "WAF logging"),
  aws_lb: (config) => {
    if (config.load_balancer_type === "network") return [];
    return isTrue(blocks(config.access_logs)[0]?.enabled) ? [] : [problem("access_logs.enabled", "access_logs.enabled is not true")];
  },
  aws_apigatewayv2_stage: (config) => (blocks(config.access_log_settings).length > 0 ? [] : [problem("access_log_settings", "access_log_settings is not set")]),
};

export const loggingEnabled: PolicyRule = {
  id: "LOG001",
  severity: "medium",
  title: "Logging enabled",
  description:
    "What AWS can log, is logged: VPC flow logs, EKS control-plane logs (api, audit, authenticator), database log " +
    "exports, cache and search-domain logs, WAF logging, load balancer access logs. Log groups themselves are " +
    "checked by ENC001 (encryption) and checkov CKV_AWS_338 (retention).",
  fix: "enable the resource's log delivery to an encrypted CloudWatch log group (or, for VPCs and WAF, add the logging resource)",
  resourceTypes: Object.keys(LOGGING),
  check: (element, context) => LOGGING[element.type](element.config, element, context.model),
};
