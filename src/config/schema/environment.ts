import { z } from "zod";
import { AWS_REGIONS } from "../regions";
import { SYSTEM_NODE_GROUP, clusterSchema } from "./cluster";
import { edgeSchema } from "./edge";
import { checkDataInvariants, dataSchema } from "./data";
import { networkSchema } from "./network";
import { slug } from "./primitives";
import { parseCertificateArn, parseEcrRepository, resolveCharts, unsupportedCharts, workloadsSchema, type WorkloadsConfig } from "./workloads";

/** Stages set the defaults and invariants an environment must meet (prod must be highly available). */
export const STAGES = ["dev", "staging", "prod"] as const;
export type Stage = (typeof STAGES)[number];

/** Tag keys the stacks set themselves; `tags.extra` may not override them. */
export const RESERVED_TAG_KEYS = ["Project", "Environment", "ManagedBy", "Owner", "CostCenter", "Layer"] as const;

/** Availability zone letters that map to subnet slots (see the subnet layout). */
export const AZ_LETTERS = "abcdefgh";

/** Minimum number of availability zones per stage. */
export const MIN_AZS: Record<Stage, number> = { dev: 2, staging: 2, prod: 3 };

const tagsSchema = z.strictObject({
  /** Team or person accountable for the environment; becomes the Owner tag. */
  owner: z.string().min(1, { message: "must name the owning team" }),
  /** Becomes the CostCenter tag. */
  costCenter: z.string().min(1, { message: "must name the cost center" }),
  /** Further tags on every resource. Default: none. Reserved keys are rejected. */
  extra: z.record(z.string(), z.string()).default({}),
});

const terraformCloudSchema = z.strictObject({
  /** Terraform Cloud organization that owns this environment's workspaces. */
  organization: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, {
      message: "must be a Terraform Cloud organization name: letters, digits, '_' and '-'",
    }),
  /** Terraform Cloud or Terraform Enterprise host. Default: app.terraform.io. */
  hostname: z.string().default("app.terraform.io"),
  /** Terraform Cloud project the workspaces belong to. Default: the organization's default project. */
  project: z.string().min(1).optional(),
});

export const environmentSchema = z
  .strictObject({
    /** Environment name: the `<env>` in stack ids and workspace names. */
    name: slug("environment name", 16),
    /** Which stage's defaults and invariants apply. */
    stage: z.enum(STAGES),
    /** Project name: the prefix of every resource and workspace name. */
    project: slug("project name", 24),
    aws: z.strictObject({
      /** The only account this environment's plans may run against. */
      accountId: z.string().regex(/^\d{12}$/, { message: "must be a 12-digit AWS account id" }),
      region: z.enum(AWS_REGIONS),
    }),
    terraformCloud: terraformCloudSchema,
    tags: tagsSchema,
    network: networkSchema,
    data: dataSchema,
    cluster: clusterSchema,
    edge: edgeSchema,
    workloads: workloadsSchema,
  })
  .superRefine((env, ctx) => {
    const azs = env.network.availabilityZones;
    azs.forEach((az, index) => {
      const letter = az.slice(env.aws.region.length);
      if (!az.startsWith(env.aws.region) || letter.length !== 1 || !AZ_LETTERS.includes(letter)) {
        ctx.addIssue({
          code: "custom",
          path: ["network", "availabilityZones", index],
          input: az,
          message: `must be a zone of region ${env.aws.region}: "${env.aws.region}" followed by one letter a-h`,
        });
      }
    });
    const minAzs = MIN_AZS[env.stage];
    if (azs.length < minAzs) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "availabilityZones"],
        input: azs,
        message:
          `${azs.length} availability zones give each of the 3 subnet tiers (public, private, data) ` +
          `only ${azs.length} subnets; stage ${env.stage} needs at least ${minAzs}`,
      });
    }
    if (env.stage === "prod" && env.network.natGateways !== "one-per-az") {
      ctx.addIssue({
        code: "custom",
        path: ["network", "natGateways"],
        input: env.network.natGateways,
        message: `stage prod must be highly available: use "one-per-az" so losing one AZ keeps egress`,
      });
    }
    checkClusterForStage(env, ctx);
    reportWorkloadsInvariants(env, ctx);
    for (const key of Object.keys(env.tags.extra)) {
      if ((RESERVED_TAG_KEYS as readonly string[]).includes(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["tags", "extra", key],
          input: key,
          message: `tag key is set by the stacks; reserved keys: ${RESERVED_TAG_KEYS.join(", ")}`,
        });
      }
    }
    checkDataInvariants({ ...env, availabilityZones: azs }, ctx);
    if (env.stage === "prod" && env.data.alarms.emailSubscribers.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["data", "alarms", "emailSubscribers"],
        input: env.data.alarms.emailSubscribers,
        message:
          "stage prod must tell someone: give at least one address for the alarm topic, " +
          "which receives the CloudWatch alarms and Alertmanager's alerts",
      });
    }
    for (const { addon, version, supported } of unsupportedCharts(env.workloads.addons, env.cluster.kubernetesVersion)) {
      ctx.addIssue({
        code: "custom",
        path: ["workloads", "addons", addon, "chart", "version"],
        input: version,
        message:
          `is not known to support Kubernetes ${env.cluster.kubernetesVersion} (cluster.kubernetesVersion): ` +
          `KUBERNETES_RELEASES in src/config/kubernetes-releases.ts lists ${supported.join(", ")}; ` +
          "add the version there, with its source, once its supported range is checked",
      });
    }
  })
  // Chart versions follow the cluster's Kubernetes version (src/config/kubernetes-releases.ts).
  .transform((env) => {
    const workloads: WorkloadsConfig = {
      ...env.workloads,
      addons: resolveCharts(env.workloads.addons, env.cluster.kubernetesVersion),
    };
    return { ...env, workloads };
  });

/** Cluster rules that depend on the stage or the account. */
function checkClusterForStage(
  env: { stage: Stage; aws: { accountId: string }; cluster: z.output<typeof clusterSchema> },
  ctx: z.RefinementCtx,
): void {
  const { cluster } = env;
  for (const [name, entry] of Object.entries(cluster.access)) {
    const account = /^arn:aws:iam::(\d{12}):/.exec(entry.principalArn)?.[1];
    if (account && account !== env.aws.accountId) {
      ctx.addIssue({
        code: "custom",
        path: ["cluster", "access", name, "principalArn"],
        input: entry.principalArn,
        message: `must be an IAM role or user of this environment's account ${env.aws.accountId}`,
      });
    }
  }
  if (cluster.endpoint.publicAccess && !cluster.endpoint.publicAccessReason) {
    ctx.addIssue({
      code: "custom",
      path: ["cluster", "endpoint", "publicAccess"],
      input: true,
      message:
        `a public API endpoint deviates from private-only (the ${env.stage === "prod" ? "prod " : ""}default): ` +
        "give publicAccessReason saying why; it becomes the reason of the NET003 policy suppression",
    });
  }
  if (env.stage !== "prod") return;
  if (!cluster.deletionProtection) {
    ctx.addIssue({
      code: "custom",
      path: ["cluster", "deletionProtection"],
      input: false,
      message: "stage prod must keep deletion protection on",
    });
  }
  const system = cluster.nodeGroups[SYSTEM_NODE_GROUP];
  if (system && system.minSize < 2) {
    ctx.addIssue({
      code: "custom",
      path: ["cluster", "nodeGroups", SYSTEM_NODE_GROUP, "minSize"],
      input: system.minSize,
      message: "stage prod must be highly available: the system node group needs minSize 2 or more",
    });
  }
}

/** AWS APIs the application calls directly, which its network policies reach through interface endpoints only. */
const APPLICATION_AWS_ENDPOINTS = ["sts", "secretsmanager"] as const;

/** An image digest, the only image reference prod accepts. */
const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Minimum replicas of the application per stage: prod must survive losing a pod or a zone. */
export const MIN_APP_REPLICAS: Record<Stage, number> = { dev: 1, staging: 1, prod: 2 };

type ParsedEnvironment = {
  stage: Stage;
  network: { interfaceEndpoints: readonly string[] };
  aws: { accountId: string; region: string };
  workloads: z.output<typeof workloadsSchema>;
};

/** Workloads invariants that depend on the stage, account or region. */
function reportWorkloadsInvariants(env: ParsedEnvironment, ctx: z.RefinementCtx): void {
  const { application, addons } = env.workloads;
  const certificate = parseCertificateArn(application.ingress.certificateArn);
  if (certificate && (certificate.region !== env.aws.region || certificate.accountId !== env.aws.accountId)) {
    ctx.addIssue({
      code: "custom",
      path: ["workloads", "application", "ingress", "certificateArn"],
      input: application.ingress.certificateArn,
      message:
        `the load balancer can only use a certificate of its own account and region: ` +
        `expected arn:aws:acm:${env.aws.region}:${env.aws.accountId}:certificate/...`,
    });
  }
  const repository = parseEcrRepository(application.image.repository);
  if (!repository || repository.accountId !== env.aws.accountId || repository.region !== env.aws.region) {
    ctx.addIssue({
      code: "custom",
      path: ["workloads", "application", "image", "repository"],
      input: application.image.repository,
      message:
        "the image must come from the environment's own ECR, whose repository the cluster layer manages " +
        `(immutable tags, scan on push): expected ${env.aws.accountId}.dkr.ecr.${env.aws.region}.amazonaws.com/<name>`,
    });
  }
  const missing = APPLICATION_AWS_ENDPOINTS.filter((service) => !env.network.interfaceEndpoints.includes(service));
  if (missing.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["network", "interfaceEndpoints"],
      input: env.network.interfaceEndpoints,
      message:
        `add ${missing.map((service) => `"${service}"`).join(" and ")}: the application's network policies ` +
        "reach AWS APIs only through VPC endpoints (STS for its IRSA credentials, Secrets Manager for its secrets)",
    });
  }
  if (env.stage !== "prod" && application.ingress.inboundCidrs === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["workloads", "application", "ingress", "inboundCidrs"],
      input: undefined,
      message: `stage ${env.stage} must not be open to the internet: list the client networks its load balancer accepts`,
    });
  }
  if (env.stage === "prod" && !IMAGE_DIGEST.test(application.image.tag)) {
    ctx.addIssue({
      code: "custom",
      path: ["workloads", "application", "image", "tag"],
      input: application.image.tag,
      message: 'stage prod must run an image by digest: use "sha256:<64 hex>", a tag can be moved',
    });
  }
  const minReplicas = MIN_APP_REPLICAS[env.stage];
  if (application.autoscaling.minReplicas < minReplicas) {
    ctx.addIssue({
      code: "custom",
      path: ["workloads", "application", "autoscaling", "minReplicas"],
      input: application.autoscaling.minReplicas,
      message: `stage ${env.stage} must be highly available: at least ${minReplicas} replicas`,
    });
  }
  if (env.stage === "prod") {
    if (application.disruptionBudget.minAvailable < 1) {
      ctx.addIssue({
        code: "custom",
        path: ["workloads", "application", "disruptionBudget", "minAvailable"],
        input: application.disruptionBudget.minAvailable,
        message: "stage prod must be highly available: keep at least 1 pod up during node drains",
      });
    }
    if (application.zoneSpread !== "DoNotSchedule") {
      ctx.addIssue({
        code: "custom",
        path: ["workloads", "application", "zoneSpread"],
        input: application.zoneSpread,
        message: 'stage prod must be highly available: use "DoNotSchedule" so a zone outage leaves pods elsewhere',
      });
    }
    if (!addons.kubePrometheusStack.enabled) {
      ctx.addIssue({
        code: "custom",
        path: ["workloads", "addons", "kubePrometheusStack", "enabled"],
        input: false,
        message: "stage prod must be monitored: enable kube-prometheus-stack",
      });
    }
  }
}

/** What an `environments/<env>.ts` file declares: defaults may be omitted. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with every default applied. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
