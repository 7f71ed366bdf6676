import { z } from "zod";
import { PARTITION_PATTERN, partitionOf } from "../../partitions";
import { AWS_REGIONS } from "../regions";
import { SYSTEM_NODE_GROUP, clusterSchema } from "./cluster";
import { edgeSchema } from "./edge";
import { checkDataInvariants, dataSchema } from "./data";
import { INTERFACE_ENDPOINT_SERVICES, networkSchema } from "./network";
import { ADDONS_CALLING_AWS, ADDON_CALLERS, addonAwsApis } from "../addon-aws-apis";
import { DATABASE_USER_PATTERN, applicationRoleName, databaseUserName, resourcePrefix } from "../../naming";
import { PLATFORM_ROLE_SUFFIXES, derivedNameProblems } from "../derived-names";
import { closestName } from "../issues";
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

/** Characters AWS accepts in tag keys and values (every service that tags accepts these). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS_MESSAGE = "letters, digits, spaces and _ . : / = + - @";

/** A tag value AWS accepts: at most 256 of {@link TAG_CHARACTERS} (empty allowed). */
const tagValue = z
  .string()
  .max(256, { message: "AWS tag values are at most 256 characters" })
  .regex(TAG_CHARACTERS, { message: `AWS tag values may hold ${TAG_CHARACTERS_MESSAGE}` });

const tagKey = z
  .string()
  .min(1, { message: "tag keys may not be empty" })
  .max(128, { message: "AWS tag keys are at most 128 characters" })
  .regex(TAG_CHARACTERS, { message: `AWS tag keys may hold ${TAG_CHARACTERS_MESSAGE}` })
  .refine((key) => !key.toLowerCase().startsWith("aws:"), { message: 'the "aws:" prefix is reserved for AWS' });

const tagsSchema = z.strictObject({
  /** Team or person accountable for the environment; becomes the Owner tag. */
  owner: tagValue.min(1, { message: "must name the owning team" }),
  /** Becomes the CostCenter tag. */
  costCenter: tagValue.min(1, { message: "must name the cost center" }),
  /** Further tags on every resource. Default: none. Reserved keys are rejected. */
  extra: z.record(tagKey, tagValue).default({}),
});

const terraformCloudSchema = z.strictObject({
  /** Terraform Cloud organization that owns this environment's workspaces. */
  organization: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, {
    message: "must be a Terraform Cloud organization name: letters, digits, '_' and '-'",
  }),
  /** Terraform Cloud or Terraform Enterprise host. Default: app.terraform.io. */
  hostname: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
      message: "must be the host name of Terraform Cloud or Terraform Enterprise, e.g. app.terraform.io (no https://)",
    })
    .default("app.terraform.io"),
  /** Terraform Cloud project the workspaces belong to. Default: the organization's default project. */
  project: z
    .string()
    .regex(/^[A-Za-z0-9 _-]{3,40}$/, {
      message: "must be a Terraform Cloud project name: 3 to 40 letters, digits, spaces, '_' and '-'",
    })
    .optional(),
  /**
   * The Terraform Cloud agents the network layer runs in the private subnets, for
   * the layers that talk to the cluster's API (docs/delivery.md). Default: one agent,
   * 1 vCPU, 2 GiB.
   */
  agents: z
    .strictObject({
      /** Agents running at once: how many runs of this environment may execute in parallel. Default: 1. */
      count: z.number().int().min(1).max(10).default(1),
      /** Fargate CPU units (1024 = 1 vCPU). Default: 1024. */
      cpu: z.union([z.literal(512), z.literal(1024), z.literal(2048), z.literal(4096)]).default(1024),
      /** Fargate memory in MiB, within what the CPU allows. Default: 2048. */
      memoryMiB: z.number().int().min(1024).max(30720).default(2048),
    })
    .prefault({})
    .superRefine((agents, ctx) => {
      // Fargate's pairs: memory from 2x to 8x the vCPUs (at least 1 GiB for 0.5 vCPU).
      const vcpu = agents.cpu / 1024;
      const [min, max] = [Math.max(1024, 2048 * vcpu), 8192 * vcpu];
      if (agents.memoryMiB < min || agents.memoryMiB > max) {
        ctx.addIssue({
          code: "custom",
          path: ["memoryMiB"],
          input: agents.memoryMiB,
          message: `Fargate allows ${min}-${max} MiB with ${agents.cpu} CPU units`,
        });
      }
    }),
});

/**
 * The environment and project names start every AWS name (`<project>-<env>-...`). RDS and
 * ElastiCache identifiers refuse two hyphens in a row, so the names may not hold them.
 */
const namePart = (what: string, maxLength: number) =>
  slug(what, maxLength).refine((value) => !value.includes("--"), {
    message: `${what} must not contain "--": RDS and ElastiCache identifiers refuse two hyphens in a row`,
  });

export const environmentSchema = z
  .strictObject({
    /** Environment name: the `<env>` in stack ids and workspace names. */
    name: namePart("environment name", 16),
    /** Which stage's defaults and invariants apply. */
    stage: z.enum(STAGES),
    /** Project name: the prefix of every resource and workspace name. */
    project: namePart("project name", 24),
    /** The AWS account and region every layer of this environment runs in. */
    aws: z.strictObject({
      /** The only account this environment's plans may run against. */
      accountId: z.string().regex(/^\d{12}$/, { message: "must be a 12-digit AWS account id" }),
      /** A commercial AWS region (src/config/regions.ts). */
      region: z.enum(AWS_REGIONS),
    }),
    /** Where the workspaces live: one per layer, `<project>-<env>-<layer>`. */
    terraformCloud: terraformCloudSchema,
    /** Tags every resource carries (with Project, Environment, ManagedBy and Layer). */
    tags: tagsSchema,
    /** The network layer: docs/network.md. */
    network: networkSchema,
    /** The data layer: docs/data.md. */
    data: dataSchema,
    /** The cluster layer: docs/cluster.md. */
    cluster: clusterSchema,
    /** The edge layer: docs/edge.md. */
    edge: edgeSchema,
    /** The workloads layer: docs/workloads.md. */
    workloads: workloadsSchema,
  })
  .superRefine((env, ctx) => {
    const azs = env.network.availabilityZones;
    const checkZones = (zones: readonly string[], region: string, path: string[]) =>
      zones.forEach((az, index) => {
        const letter = az.slice(region.length);
        if (!az.startsWith(region) || letter.length !== 1 || !AZ_LETTERS.includes(letter)) {
          ctx.addIssue({
            code: "custom",
            path: [...path, index],
            input: az,
            message: `must be a zone of region ${region}: "${region}" followed by one letter a-h`,
          });
        }
      });
    checkZones(azs, env.aws.region, ["network", "availabilityZones"]);
    const secondaryNetwork = env.network.disasterRecovery;
    const secondaryRegion = env.data.disasterRecovery?.region;
    if (secondaryNetwork && secondaryRegion) {
      checkZones(secondaryNetwork.availabilityZones, secondaryRegion, ["network", "disasterRecovery", "availabilityZones"]);
    } else if (secondaryNetwork) {
      ctx.addIssue({
        code: "custom",
        path: ["network", "disasterRecovery"],
        message: "is the VPC in data.disasterRecovery.region, which is not set: give data.disasterRecovery or remove this",
      });
    }
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
    reportAddonInternetEgress(env, ctx);
    checkReferences(env, ctx);
    for (const problem of derivedNameProblems([env])) {
      ctx.addIssue({ code: "custom", path: [...problem.path], input: problem.value, message: problem.message });
    }
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
    checkDataInvariants({ ...env, availabilityZones: azs, secondaryNetwork }, ctx);
    if (env.stage === "prod" && env.data.alarms.emailSubscribers.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["data", "alarms", "emailSubscribers"],
        input: env.data.alarms.emailSubscribers,
        message:
          "stage prod must tell someone: give at least one address for the alarm topic, " + "which receives the CloudWatch alarms and Alertmanager's alerts",
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
function checkClusterForStage(env: { stage: Stage; aws: { accountId: string }; cluster: z.output<typeof clusterSchema> }, ctx: z.RefinementCtx): void {
  const { cluster } = env;
  for (const [name, entry] of Object.entries(cluster.access)) {
    const account = new RegExp(`^arn:${PARTITION_PATTERN}:iam::(\\d{12}):`).exec(entry.principalArn)?.[1];
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

/** An image digest, the only image reference prod accepts. */
const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Minimum replicas of an API workload per stage: prod must survive losing a pod or a zone. */
export const MIN_APP_REPLICAS: Record<Stage, number> = { dev: 1, staging: 1, prod: 2 };

type ParsedEnvironment = {
  stage: Stage;
  network: { interfaceEndpoints: readonly string[] };
  aws: { accountId: string; region: string };
  data: { tables: readonly { name: string }[]; buckets: readonly { name: string }[] };
  workloads: z.output<typeof workloadsSchema>;
};

/** Interface endpoints the workloads need beyond sts and secretsmanager, with why. */
function neededEndpoints(workloads: z.output<typeof workloadsSchema>): Record<string, string> {
  const needed: Record<string, string> = {};
  for (const workload of Object.values(workloads.applications)) {
    const triggers = workload.kind === "worker" ? (workload.scaling?.triggers ?? []) : [];
    if (triggers.some((trigger) => trigger.type === "sqs")) needed.sqs = "SQS (the workers' queues, read by them and by KEDA)";
    if (triggers.some((trigger) => trigger.type === "cloudwatch") || workload.publishesMetrics.length > 0) {
      needed.monitoring = "CloudWatch metrics (published by workloads, read by KEDA)";
    }
  }
  return needed;
}

/** Workloads invariants that depend on the stage, account or region. */
function reportWorkloadsInvariants(env: ParsedEnvironment, ctx: z.RefinementCtx): void {
  const { addons, applications } = env.workloads;
  const issue = (path: (string | number)[], input: unknown, message: string) => ctx.addIssue({ code: "custom", path: ["workloads", ...path], input, message });
  for (const [name, workload] of Object.entries(applications)) {
    const at = ["applications", name];
    const repository = parseEcrRepository(workload.image.repository);
    if (!repository || repository.accountId !== env.aws.accountId || repository.region !== env.aws.region) {
      issue(
        [...at, "image", "repository"],
        workload.image.repository,
        "the image must come from the environment's own ECR, whose repository the cluster layer manages " +
          `(immutable tags, scan on push): expected ${env.aws.accountId}.dkr.ecr.${env.aws.region}.amazonaws.com/<name>`,
      );
    }
    if (env.stage === "prod" && !IMAGE_DIGEST.test(workload.image.tag)) {
      issue([...at, "image", "tag"], workload.image.tag, 'stage prod must run an image by digest: use "sha256:<64 hex>", a tag can be moved');
    }
    if (workload.kind !== "api") continue;
    const certificate = parseCertificateArn(workload.ingress.certificateArn);
    if (certificate && (certificate.region !== env.aws.region || certificate.accountId !== env.aws.accountId)) {
      issue(
        [...at, "ingress", "certificateArn"],
        workload.ingress.certificateArn,
        `the load balancer can only use a certificate of its own account and region: ` +
          `expected arn:${partitionOf(env.aws.region)}:acm:${env.aws.region}:${env.aws.accountId}:certificate/...`,
      );
    }
    if (env.stage !== "prod" && workload.ingress.inboundCidrs === undefined) {
      issue(
        [...at, "ingress", "inboundCidrs"],
        undefined,
        `stage ${env.stage} must not be open to the internet: list the client networks its load balancer accepts`,
      );
    }
    const minReplicas = MIN_APP_REPLICAS[env.stage];
    if (workload.autoscaling.minReplicas < minReplicas) {
      issue(
        [...at, "autoscaling", "minReplicas"],
        workload.autoscaling.minReplicas,
        `stage ${env.stage} must be highly available: at least ${minReplicas} replicas`,
      );
    }
    if (env.stage === "prod" && workload.disruptionBudget.minAvailable < 1) {
      issue(
        [...at, "disruptionBudget", "minAvailable"],
        workload.disruptionBudget.minAvailable,
        "stage prod must be highly available: keep at least 1 pod up during node drains",
      );
    }
    if (env.stage === "prod" && workload.zoneSpread !== "DoNotSchedule") {
      issue([...at, "zoneSpread"], workload.zoneSpread, 'stage prod must be highly available: use "DoNotSchedule" so a zone outage leaves pods elsewhere');
    }
  }
  const required: Record<string, string> = {
    sts: "STS (IRSA credentials, the search admin role)",
    secretsmanager: "Secrets Manager (secrets, the database role job's master secret)",
    ...neededEndpoints(env.workloads),
  };
  const missing = Object.keys(required).filter((service) => !env.network.interfaceEndpoints.includes(service));
  if (missing.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["network", "interfaceEndpoints"],
      input: env.network.interfaceEndpoints,
      message:
        `add ${missing.map((service) => `"${service}"`).join(" and ")}: the workloads' and the platform jobs' network policies ` +
        `reach AWS APIs only through VPC endpoints (${missing.map((service) => required[service]).join("; ")})`,
    });
  }
  for (const [name, workload] of Object.entries(applications)) {
    if (workload.databaseUser !== undefined && !workload.database) {
      issue(
        ["applications", name, "databaseUser"],
        workload.databaseUser,
        "names a database user, but the workload does not use the database: set database: true",
      );
    }
    const databaseUser = databaseUserName(name, workload.databaseUser);
    if (workload.database && !DATABASE_USER_PATTERN.test(databaseUser)) {
      issue(
        ["applications", name, "database"],
        true,
        `the workload's name gives the database user "${databaseUser}", which must start with a letter or _ and have at most 63 characters (${DATABASE_USER_PATTERN}): name one with databaseUser`,
      );
    }
  }
  if (env.stage === "prod" && !addons.kubePrometheusStack.enabled) {
    issue(["addons", "kubePrometheusStack", "enabled"], false, "stage prod must be monitored: enable kube-prometheus-stack");
  }
}

/** `"a", "b" and "c"`. */
function quotedList(items: readonly string[]): string {
  const quoted = items.map((item) => `"${item}"`);
  return quoted.length < 2 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/**
 * Each add-on on the pod network reaches AWS APIs through the environment's
 * interface endpoints; an API it calls without one needs a declared way out
 * through the NAT (`workloads.addonInternetEgress.<addon>`), and a declaration
 * is refused where nothing needs it.
 */
function reportAddonInternetEgress(env: ParsedEnvironment, ctx: z.RefinementCtx): void {
  const apis = addonAwsApis(env.workloads);
  for (const addon of ADDONS_CALLING_AWS) {
    const declared = env.workloads.addonInternetEgress[addon];
    const issue = (message: string) =>
      ctx.addIssue({ code: "custom", path: ["workloads", "addonInternetEgress", addon], input: declared, message: `${ADDON_CALLERS[addon]} ${message}` });
    const calls = apis[addon];
    if (calls === undefined) {
      if (declared.length > 0) issue("is not installed (workloads.addons.kubePrometheusStack.enabled is false): remove this declaration");
      continue;
    }
    const missing = calls.filter((call) => !env.network.interfaceEndpoints.includes(call.service));
    if (missing.length === 0) {
      if (declared.length > 0) {
        issue(
          `reaches every AWS API it calls through the environment's interface endpoints (${calls.map((call) => call.service).join(", ")}): ` +
            "remove this declaration",
        );
      }
      continue;
    }
    if (declared.length > 0) continue;
    const endpointable = missing.filter((call) => (INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(call.service));
    const never = missing.filter((call) => !endpointable.includes(call));
    const remedies = [
      ...(never.length === 0 ? [`add ${quotedList(endpointable.map((call) => call.service))} to network.interfaceEndpoints, or`] : []),
      "declare its egress through the NAT here (cidrs, ports and a reason)",
      ...(never.length > 0
        ? [`(${never.map((call) => call.name).join(", ")} ${never.length === 1 ? "has" : "have"} no interface endpoint the network layer creates)`]
        : []),
    ];
    issue(
      `calls ${missing.map((call) => call.name).join(", ")}, which the environment has no interface endpoint for, ` +
        `and its network policy lets it out of the VPC only to interface endpoints and to what is declared here: ${remedies.join(" ")}`,
    );
  }
}

type ReferencingEnvironment = ParsedEnvironment & {
  name: string;
  project: string;
  data: z.output<typeof environmentSchema>["data"];
};

/**
 * Cross-references between sections: what each workload uses must be declared
 * in the data layer, and the search domain's clients must be roles the
 * environment creates when they carry its prefix.
 */
function checkReferences(env: ReferencingEnvironment, ctx: z.RefinementCtx): void {
  const { applications } = env.workloads;
  const declared = {
    tables: { names: env.data.tables.map((table) => table.name), where: "data.tables" },
    buckets: { names: env.data.buckets.map((bucket) => bucket.name), where: "data.buckets" },
    secrets: { names: Object.keys(env.data.secrets), where: "data.secrets" },
    parameters: { names: Object.keys(env.data.parameters), where: "data.parameters" },
  };
  const reference = (path: (string | number)[], name: string, kind: keyof typeof declared) => {
    const { names, where } = declared[kind];
    if (names.includes(name)) return;
    const suggestion = closestName(name, names);
    ctx.addIssue({
      code: "custom",
      path: ["workloads", "applications", ...path],
      input: name,
      message: `is not declared in ${where}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; ` + `declared: ${names.join(", ") || "none"}`,
    });
  };
  for (const [name, workload] of Object.entries(applications)) {
    workload.tables.forEach((table, index) => reference([name, "tables", index], table, "tables"));
    workload.buckets.forEach((bucket, index) => reference([name, "buckets", index], bucket, "buckets"));
    for (const [variable, secret] of Object.entries(workload.secrets)) reference([name, "secrets", variable], secret, "secrets");
    for (const [variable, parameter] of Object.entries(workload.parameters)) reference([name, "parameters", variable], parameter, "parameters");
    const oidc = workload.kind === "api" ? workload.ingress.authentication?.oidc : undefined;
    if (oidc) reference([name, "ingress", "authentication", "oidc", "clientSecret"], oidc.clientSecret, "secrets");
  }
  const prefix = resourcePrefix(env);
  const workloadRoles = Object.keys(applications).map((name) => applicationRoleName(prefix, name));
  const ownRoles = [...PLATFORM_ROLE_SUFFIXES.map((suffix) => `${prefix}-${suffix}`), ...workloadRoles];
  const workloadNames = Object.keys(applications);
  env.data.search.clientRoleNames.forEach((role, index) => {
    if (!role.startsWith(`${prefix}-`)) {
      const other = workloadNames.find((name) => role.startsWith(`${env.project}-`) && role.endsWith(`-${name}`));
      if (other !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["data", "search", "clientRoleNames", index],
          input: role,
          message:
            `is not a role of this environment: it reads like the role of workload "${other}" in another environment ` +
            `of project "${env.project}"; this environment's is ${applicationRoleName(prefix, other)}`,
        });
      }
      return;
    }
    if (ownRoles.includes(role)) return;
    const suggestion = closestName(role, ownRoles);
    ctx.addIssue({
      code: "custom",
      path: ["data", "search", "clientRoleNames", index],
      input: role,
      message:
        `carries this environment's prefix "${prefix}-" but is no role it creates` +
        `${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; the workloads' roles are ${workloadRoles.join(", ")}`,
    });
  });
}

/** What an `environments/<env>.ts` file declares: defaults may be omitted. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with every default applied. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
