import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate, LaunchTemplateMetadataOptions } from "@cdktf/provider-aws/lib/launch-template";
import { Lb, LbConfig } from "@cdktf/provider-aws/lib/lb";
import { OpensearchDomain, OpensearchDomainLogPublishingOptions } from "@cdktf/provider-aws/lib/opensearch-domain";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { TerraformStack } from "cdktf";
import { MAX_IMDS_HOP_LIMIT } from "../../../src/guardrails/rules/compute";
import { LOGGING } from "../../../src/guardrails/rules/logging";
import { problems, violations } from "../../support/rule-fixtures";

describe("LOG001 logging", () => {
  it("has fixtures for every type it covers", () => {
    expect(Object.keys(LOGGING).sort()).toEqual([
      "aws_apigatewayv2_stage",
      "aws_db_instance",
      "aws_eks_cluster",
      "aws_elasticache_replication_group",
      "aws_lb",
      "aws_opensearch_domain",
      "aws_rds_cluster",
      "aws_vpc",
      "aws_wafv2_web_acl",
    ]);
  });

  it("aws_vpc needs a flow log of its own", () => {
    const vpc = (flowLogFor: "it" | "another" | "none") =>
      violations("LOG001", (stack) => {
        const target = new Vpc(stack, "r", { cidrBlock: "10.0.0.0/16" });
        const other = new Vpc(stack, "other", { cidrBlock: "10.1.0.0/16" });
        if (flowLogFor !== "none") {
          new FlowLog(stack, "flow-log", { vpcId: (flowLogFor === "it" ? target : other).id, trafficType: "ALL", logDestination: "arn:x" });
        }
      }).filter((violation) => violation.startsWith("r:"));
    expect(vpc("it")).toEqual([]);
    expect(vpc("another")).toEqual(problems("no aws_flow_log references it (VPC flow logs)"));
    expect(vpc("none")).toEqual(problems("no aws_flow_log references it (VPC flow logs)"));
  });

  it("aws_wafv2_web_acl needs a logging configuration of its own", () => {
    const acl = (logged: boolean) =>
      violations("LOG001", (stack) => {
        const webAcl = new Wafv2WebAcl(stack, "r", {
          name: "w",
          scope: "REGIONAL",
          defaultAction: { allow: {} },
          visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "w", sampledRequestsEnabled: true },
        });
        if (logged) new Wafv2WebAclLoggingConfiguration(stack, "logging", { resourceArn: webAcl.arn, logDestinationConfigs: ["arn:x"] });
      });
    expect(acl(true)).toEqual([]);
    expect(acl(false)).toEqual(problems("no aws_wafv2_web_acl_logging_configuration references it (WAF logging)"));
  });

  describe("aws_eks_cluster needs the api, audit and authenticator logs", () => {
    const cluster = (enabledClusterLogTypes?: string[]) =>
      violations("LOG001", (stack) => new EksCluster(stack, "r", { name: "c", roleArn: "arn:r", vpcConfig: { subnetIds: ["s"] }, enabledClusterLogTypes }));
    it("passes with all three, and more", () => {
      expect(cluster(["api", "audit", "authenticator"])).toEqual([]);
      expect(cluster(["api", "audit", "authenticator", "scheduler"])).toEqual([]);
    });
    it.each(["api", "audit", "authenticator"])("fails without %s", (missing) => {
      expect(cluster(["api", "audit", "authenticator"].filter((type) => type !== missing))).toEqual(problems(`enabled_cluster_log_types lacks ${missing}`));
    });
    it("fails once per missing log type", () => {
      expect(cluster(undefined)).toEqual(
        problems("enabled_cluster_log_types lacks api", "enabled_cluster_log_types lacks audit", "enabled_cluster_log_types lacks authenticator"),
      );
    });
  });

  describe.each([
    [
      "aws_rds_cluster",
      (stack: TerraformStack, exports?: string[]) => new RdsCluster(stack, "r", { engine: "aurora-postgresql", enabledCloudwatchLogsExports: exports }),
    ],
    [
      "aws_db_instance",
      (stack: TerraformStack, exports?: string[]) =>
        new DbInstance(stack, "r", { instanceClass: "db.t3.micro", engine: "postgres", enabledCloudwatchLogsExports: exports }),
    ],
  ])("%s needs log exports", (_type, build) => {
    it("passes with one", () => expect(violations("LOG001", (stack) => build(stack, ["postgresql"]))).toEqual([]));
    it.each([[[]], [undefined]])("fails with %j", (exports) =>
      expect(violations("LOG001", (stack) => build(stack, exports))).toEqual(problems("enabled_cloudwatch_logs_exports is empty")),
    );
  });

  it("aws_elasticache_replication_group needs log delivery", () => {
    const group = (logged: boolean) =>
      violations(
        "LOG001",
        (stack) =>
          new ElasticacheReplicationGroup(stack, "r", {
            replicationGroupId: "c",
            description: "c",
            logDeliveryConfiguration: logged ? [{ destination: "x", destinationType: "cloudwatch-logs", logFormat: "json", logType: "engine-log" }] : undefined,
          }),
      );
    expect(group(true)).toEqual([]);
    expect(group(false)).toEqual(problems("log_delivery_configuration is not set"));
  });

  describe("aws_opensearch_domain needs application logs published", () => {
    const domain = (options?: OpensearchDomainLogPublishingOptions[]) =>
      violations("LOG001", (stack) => new OpensearchDomain(stack, "r", { domainName: "s", logPublishingOptions: options }));
    const app = (enabled?: boolean) => ({ logType: "ES_APPLICATION_LOGS", cloudwatchLogGroupArn: "arn:x", enabled });
    const NOT = "log_publishing_options does not publish ES_APPLICATION_LOGS";
    it("passes with application logs on, explicitly or by default", () => {
      expect(domain([app(true)])).toEqual([]);
      expect(domain([{ logType: "INDEX_SLOW_LOGS", cloudwatchLogGroupArn: "arn:y" }, app(undefined)])).toEqual([]);
    });
    it("fails with application logs off, with only other logs, or with none", () => {
      expect(domain([app(false)])).toEqual(problems(NOT));
      expect(domain([{ logType: "AUDIT_LOGS", cloudwatchLogGroupArn: "arn:y", enabled: true }])).toEqual(problems(NOT));
      expect(domain(undefined)).toEqual(problems(NOT));
    });
  });

  describe("aws_lb needs access logs unless it is a network load balancer", () => {
    const lb = (patch: Partial<LbConfig>) => violations("LOG001", (stack) => new Lb(stack, "r", patch));
    it("passes an application load balancer with access logs on", () => {
      expect(lb({ accessLogs: { bucket: "b", enabled: true } })).toEqual([]);
      expect(lb({ loadBalancerType: "application", accessLogs: { bucket: "b", enabled: true } })).toEqual([]);
    });
    it.each([[{ bucket: "b", enabled: false }], [{ bucket: "b" }], [undefined]])("fails with access_logs %j", (accessLogs) => {
      expect(lb({ accessLogs })).toEqual(problems("access_logs.enabled is not true"));
      expect(lb({ loadBalancerType: "gateway", accessLogs })).toEqual(problems("access_logs.enabled is not true"));
    });
    it("passes a network load balancer without access logs", () => {
      expect(lb({ loadBalancerType: "network" })).toEqual([]);
    });
  });

  it("aws_apigatewayv2_stage needs access log settings", () => {
    const stage = (logged: boolean) =>
      violations(
        "LOG001",
        (stack) =>
          new Apigatewayv2Stage(stack, "r", {
            apiId: "a",
            name: "s",
            accessLogSettings: logged ? { destinationArn: "arn:x", format: "$context.requestId" } : undefined,
          }),
      );
    expect(stage(true)).toEqual([]);
    expect(stage(false)).toEqual(problems("access_log_settings is not set"));
  });
});

describe("EC2001 IMDSv2", () => {
  const TOKENS = 'metadata_options.http_tokens is not "required" (IMDSv1 allowed)';
  const hopsProblem = (hops: number) => `metadata_options.http_put_response_hop_limit is ${hops}, more than ${MAX_IMDS_HOP_LIMIT}`;

  describe.each([
    ["aws_launch_template", (stack: TerraformStack, metadataOptions?: LaunchTemplateMetadataOptions) => new LaunchTemplate(stack, "r", { metadataOptions })],
    [
      "aws_instance",
      (stack: TerraformStack, metadataOptions?: LaunchTemplateMetadataOptions) =>
        new Instance(stack, "r", { ami: "ami-1", instanceType: "t3.micro", metadataOptions }),
    ],
  ])("%s", (_type, build) => {
    const check = (options?: LaunchTemplateMetadataOptions) => violations("EC2001", (stack) => build(stack, options));
    it.each([1, MAX_IMDS_HOP_LIMIT, undefined])("passes with tokens required and %s hops", (hops) => {
      expect(check({ httpTokens: "required", httpPutResponseHopLimit: hops })).toEqual([]);
    });
    it.each([MAX_IMDS_HOP_LIMIT + 1, 64])("fails with %s hops", (hops) => {
      expect(check({ httpTokens: "required", httpPutResponseHopLimit: hops })).toEqual(problems(hopsProblem(hops)));
    });
    it.each(["optional", undefined])("fails with http_tokens %s", (httpTokens) => {
      expect(check({ httpTokens, httpPutResponseHopLimit: 1 })).toEqual(problems(TOKENS));
    });
    it("fails without metadata options (IMDSv1 is the default)", () => {
      expect(check(undefined)).toEqual(problems(TOKENS));
    });
    it("reports tokens and hops together", () => {
      expect(check({ httpTokens: "optional", httpPutResponseHopLimit: 3 })).toEqual(problems(TOKENS, hopsProblem(3)));
    });
    it("passes with the metadata endpoint disabled, whatever the rest says", () => {
      expect(check({ httpEndpoint: "disabled", httpTokens: "optional", httpPutResponseHopLimit: 5 })).toEqual([]);
      expect(check({ httpEndpoint: "enabled", httpTokens: "optional" })).toEqual(problems(TOKENS));
    });
  });
});
