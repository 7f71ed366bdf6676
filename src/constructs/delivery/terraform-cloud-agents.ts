import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import { AwsScope, arn } from "../iam/arn";
import { PolicyRole } from "../iam/policy-role";
import { EncryptedLogGroup } from "../logs/encrypted-log-group";

/** The agent image, pinned by tag (Docker Hub, pulled through the NAT gateways). */
export const TFC_AGENT_IMAGE = "hashicorp/tfc-agent:1.28.7";

export interface TerraformCloudAgentsProps {
  /** `<project>-<env>`: names the cluster, service, roles and log group. */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** The private subnets: the agents reach the cluster's private endpoint from there, and the internet through NAT. */
  readonly subnetIds: string[];
  /** Name of the Secrets Manager secret the bootstrap wrote the pool's agent token to. */
  readonly tokenSecretName: string;
  readonly count: number;
  readonly cpu: number;
  readonly memoryMiB: number;
  /** Default: 365 days. */
  readonly logRetentionDays?: number;
}

/**
 * Terraform Cloud agents of one environment: a Fargate service in its private
 * subnets, for the workspaces that must reach the cluster's private API (the
 * bootstrap puts them in agent mode on this environment's pool). The agent
 * token comes from Secrets Manager at task start, through the execution role;
 * it is in no Terraform state or config of this stack. The agents hold no AWS
 * permissions of their own: runs use the workspace's dynamic credentials.
 */
export class TerraformCloudAgents extends Construct {
  readonly cluster: EcsCluster;
  readonly service: EcsService;
  readonly securityGroup: SecurityGroup;
  readonly executionRole: PolicyRole;
  readonly logs: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: TerraformCloudAgentsProps) {
    super(scope, id);
    const account = AwsScope.of(this);
    const name = `${props.namePrefix}-tfc-agents`;
    this.logs = new EncryptedLogGroup(this, "logs", {
      name: `/ecs/${name}`,
      keyAlias: `${props.namePrefix}/network-tfc-agent-logs`,
      retentionDays: props.logRetentionDays,
    });
    // The secret's ARN ends in a random suffix the bootstrap's apply chose.
    const tokenSecretArn = arn(account, "secretsmanager", `secret:${props.tokenSecretName}-*`);
    this.executionRole = new PolicyRole(this, "execution-role", {
      name: `${name}-execution`,
      description: `Starts the Terraform Cloud agents of ${props.namePrefix}: reads their token and writes their logs`,
      trust: [{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }] }],
      statements: [
        { sid: "ReadAgentToken", effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: [tokenSecretArn] },
        {
          sid: "WriteAgentLogs",
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`${this.logs.logGroup.arn}:*`],
        },
      ],
    });
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name,
      description: "Terraform Cloud agents: no ingress; HTTPS out (Terraform Cloud, registries, AWS and Kubernetes APIs)",
      vpcId: props.vpcId,
      tags: { Name: name },
    });
    new VpcSecurityGroupEgressRule(this, "https-out", {
      securityGroupId: this.securityGroup.id,
      description: "HTTPS to Terraform Cloud, provider registries, AWS APIs and the cluster endpoint",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
    this.cluster = new EcsCluster(this, "cluster", {
      name,
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
    const task = new EcsTaskDefinition(this, "task", {
      family: name,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu),
      memory: String(props.memoryMiB),
      executionRoleArn: this.executionRole.arn,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      containerDefinitions: JSON.stringify([
        {
          name: "tfc-agent",
          image: TFC_AGENT_IMAGE,
          essential: true,
          environment: [
            { name: "TFC_AGENT_NAME", value: name },
            { name: "TFC_AGENT_SINGLE", value: "false" },
          ],
          // Same region: ECS resolves the secret by name at task start.
          secrets: [{ name: "TFC_AGENT_TOKEN", valueFrom: props.tokenSecretName }],
          logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": `/ecs/${name}`, "awslogs-region": account.region, "awslogs-stream-prefix": "agent" },
          },
        },
      ]),
    });
    this.service = new EcsService(this, "service", {
      name,
      cluster: this.cluster.arn,
      taskDefinition: task.arn,
      desiredCount: props.count,
      launchType: "FARGATE",
      networkConfiguration: { subnets: props.subnetIds, securityGroups: [this.securityGroup.id], assignPublicIp: false },
      // A new agent version starts before the old stops; runs in progress finish on the old one.
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      dependsOn: [this.logs.logGroup],
    });
  }
}
