import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { EdgeExports } from "../contracts";
import { RegionalWebAcl, WebAclLogging } from "../constructs/waf";
import { LayerStack, LayerStackProps } from "./layer-stack";

/** The `edge` layer: the WAFv2 web ACL in front of the application's load balancer. */
export class EdgeStack extends LayerStack {
  readonly webAcl: RegionalWebAcl;
  readonly logging: WebAclLogging;
  readonly exports: EdgeExports;

  constructor(scope: Construct, props: LayerStackProps) {
    super(scope, "edge", props);
    const { waf } = this.env.edge;
    this.webAcl = new RegionalWebAcl(this, "waf", {
      name: this.namePrefix,
      rateLimit: waf.rateLimit.requests,
      rateLimitWindowSeconds: waf.rateLimit.windowSeconds,
      blockAnonymousIps: waf.blockAnonymousIps,
      adminAllowList: waf.adminAllowList,
      largeBodyPathPrefixes: waf.largeBodyPathPrefixes,
      rateLimitPerKey: waf.rateLimitPerKey,
    });
    this.logging = new WebAclLogging(this, "waf-logging", {
      namePrefix: this.namePrefix,
      webAclArn: this.webAcl.webAcl.arn,
      retentionDays: waf.logs.retentionDays,
      redactedHeaders: waf.logs.redactedHeaders,
    });
    this.exports = { webAclArn: this.webAcl.webAcl.arn };
    new TerraformOutput(this, "web_acl_arn", {
      value: this.exports.webAclArn,
      description: "Regional WAFv2 web ACL ARN, for the ingress (alb.ingress.kubernetes.io/wafv2-acl-arn)",
    });
    new TerraformOutput(this, "waf_log_group_name", {
      value: this.logging.logs.logGroup.name,
      description: "CloudWatch log group of the WAF logs",
    });
  }
}
