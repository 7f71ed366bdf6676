import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { sharedKeyLogGroup } from "../data/log-group";
import { AwsScope, arn, regionalService } from "../iam/arn";
import { CustomerManagedKey } from "../kms/kms-key";
import { IrsaRole, OidcIdentity, ServiceAccountRef } from "./irsa-role";

/** The log groups the CloudWatch Observability add-on writes to (Container Insights names them). */
export const CONTAINER_LOG_GROUPS = ["application", "dataplane", "host", "performance"] as const;

/** `/aws/containerinsights/<cluster>/<kind>`. */
export function containerLogGroupName(clusterName: string, kind: (typeof CONTAINER_LOG_GROUPS)[number]): string {
  return `/aws/containerinsights/${clusterName}/${kind}`;
}

/**
 * The service account of the add-on's CloudWatch agent and Fluent Bit; with
 * CloudWatchAgentServerPolicy and AWSXrayWriteOnlyAccess as the EKS user guide
 * ("Amazon CloudWatch Observability agent", required IAM permissions) gives them.
 */
export const CLOUDWATCH_AGENT_SERVICE_ACCOUNT: ServiceAccountRef = { namespace: "amazon-cloudwatch", name: "cloudwatch-agent" };

/** Where applications send OpenTelemetry traces: the add-on's CloudWatch agent (OTLP over gRPC and HTTP). */
export const OTLP_ENDPOINT = {
  host: `cloudwatch-agent.${CLOUDWATCH_AGENT_SERVICE_ACCOUNT.namespace}`,
  grpcPort: 4317,
  httpPort: 4318,
} as const;

/**
 * The CloudWatch agent configuration of the add-on: Container Insights, and an
 * OTLP receiver whose traces go to X-Ray.
 */
export const CLOUDWATCH_AGENT_CONFIGURATION = {
  agent: {
    config: {
      logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true } } },
      traces: {
        traces_collected: {
          otlp: {
            grpc_endpoint: `0.0.0.0:${OTLP_ENDPOINT.grpcPort}`,
            http_endpoint: `0.0.0.0:${OTLP_ENDPOINT.httpPort}`,
          },
        },
      },
    },
  },
};

export interface ContainerTelemetryProps {
  /** `<project>-<env>`: names the role. */
  readonly namePrefix: string;
  readonly clusterName: string;
  readonly oidc: OidcIdentity;
  /** Retention of the container log groups. */
  readonly retentionDays: number;
}

/**
 * What the CloudWatch Observability add-on needs before it starts: its log
 * groups, created here so they are encrypted with their own key and expire
 * (otherwise Fluent Bit creates them unencrypted, kept forever), and an IRSA
 * role for its CloudWatch agent and Fluent Bit that may write logs, metrics and traces.
 */
export class ContainerTelemetry extends Construct {
  readonly key: CustomerManagedKey;
  readonly logGroups: Record<(typeof CONTAINER_LOG_GROUPS)[number], CloudwatchLogGroup>;
  readonly role: IrsaRole;

  constructor(scope: Construct, id: string, props: ContainerTelemetryProps) {
    super(scope, id);
    const { clusterName } = props;
    const account = AwsScope.of(this);
    const prefix = `/aws/containerinsights/${clusterName}/`;
    this.key = new CustomerManagedKey(this, "logs-key", {
      alias: `${clusterName}/container-logs`,
      description: `Encrypts the container log groups of EKS cluster ${clusterName}`,
      serviceGrants: [
        {
          sid: "CloudWatchLogsOfTheContainerLogGroups",
          servicePrincipal: regionalService(account, "logs"),
          conditions: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: [arn(account, "logs", `log-group:${prefix}*`)] }],
        },
      ],
    });
    this.logGroups = Object.fromEntries(
      CONTAINER_LOG_GROUPS.map((kind) => [
        kind,
        sharedKeyLogGroup(this, `log-group-${kind}`, {
          name: containerLogGroupName(clusterName, kind),
          kmsKeyArn: this.key.arn,
          retentionDays: props.retentionDays,
        }),
      ]),
    ) as ContainerTelemetry["logGroups"];
    this.role = new IrsaRole(this, "agent-role", {
      name: `${props.namePrefix}-cloudwatch-agent`,
      description: `CloudWatch agent and Fluent Bit of ${clusterName}: container logs, metrics and traces`,
      oidc: props.oidc,
      serviceAccount: CLOUDWATCH_AGENT_SERVICE_ACCOUNT,
      awsManagedPolicies: ["CloudWatchAgentServerPolicy", "AWSXrayWriteOnlyAccess"],
    });
  }
}
