import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Construct } from "constructs";
import { isKnown } from "../expressions/expression";
import { AwsScope, arn } from "../iam/arn";
import { EncryptedLogGroup } from "../logs/encrypted-log-group";

/** Headers never written to WAF logs: they carry credentials and session tokens. The query string is redacted too. */
export const REDACTED_HEADERS = ["authorization", "cookie"];

export interface WebAclLoggingProps {
  /** e.g. `llm-platform-dev`: the log group is `aws-waf-logs-<prefix>`. */
  readonly namePrefix: string;
  readonly webAclArn: string;
  /** Default: 365 days. */
  readonly retentionDays?: number;
  /** Headers redacted besides REDACTED_HEADERS, e.g. API-key headers (lower case). Default: none. */
  readonly redactedHeaders?: readonly string[];
}

/** WAF requires CloudWatch log groups it writes to be named with this prefix. */
export function wafLogGroupName(namePrefix: string): string {
  return `aws-waf-logs-${namePrefix}`;
}

/**
 * WAF logs to a CMK-encrypted CloudWatch log group, with credentials (the
 * authorization, cookie and configured API-key headers) and the query string
 * redacted, delivered under a resource policy that admits only log delivery
 * for this account.
 */
export class WebAclLogging extends Construct {
  readonly logs: EncryptedLogGroup;
  readonly configuration: Wafv2WebAclLoggingConfiguration;

  constructor(scope: Construct, id: string, props: WebAclLoggingProps) {
    super(scope, id);
    const { namePrefix } = props;
    const account = AwsScope.of(this);
    const extraHeaders = props.redactedHeaders ?? [];
    this.logs = new EncryptedLogGroup(this, "logs", {
      name: wafLogGroupName(namePrefix),
      keyAlias: `${namePrefix}/waf-logs`,
      retentionDays: props.retentionDays,
    });
    const delivery = new DataAwsIamPolicyDocument(this, "delivery-policy", {
      statement: [
        {
          sid: "WafLogDelivery",
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          principals: [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }],
          resources: [`${this.logs.logGroup.arn}:*`],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [arn(account, "logs", "*")] },
          ],
        },
      ],
    });
    const resourcePolicy = new CloudwatchLogResourcePolicy(this, "delivery", {
      policyName: `${namePrefix}-waf-logs`,
      policyDocument: delivery.json,
    });
    this.configuration = new Wafv2WebAclLoggingConfiguration(this, "configuration", {
      resourceArn: props.webAclArn,
      logDestinationConfigs: [this.logs.logGroup.arn],
      redactedFields: [
        ...REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
        { queryString: {} },
        ...(isKnown(extraHeaders) ? extraHeaders.map((name) => ({ singleHeader: { name } })) : []),
      ],
      dependsOn: [resourcePolicy],
    });
    if (!isKnown(extraHeaders)) {
      this.configuration.addOverride("dynamic.redacted_fields", {
        for_each: extraHeaders,
        iterator: "header",
        content: { single_header: { name: "${header.value}" } },
      });
    }
  }
}
