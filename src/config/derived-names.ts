import { LAYERS, applicationRoleName, databaseRoleJobRoleName, databaseUserName, resourcePrefix, workspaceName } from "../naming";
import { formatPath } from "./errors";
import { bucketName, replicaBucketName } from "./schema/data/bucket";
import type { EnvironmentConfig } from "./schema/environment";

/**
 * Names the stacks derive from the config, where they must be unique and what
 * AWS or Terraform Cloud accept. Two environments that derive one name would
 * share a workspace (and so one state), or fight over a bucket or a role, so
 * {@link derivedNameProblems} refuses that before anything is synthesized.
 */

/** Suffixes of the IAM roles every environment creates besides the application's: `<project>-<env>-<suffix>`. */
export const PLATFORM_ROLE_SUFFIXES = [
  "aws-load-balancer-controller",
  "cloudwatch-agent",
  "cluster-autoscaler",
  "data-backup",
  "ebs-csi",
  "eks-cluster",
  "eks-node",
  "external-secrets",
  "postgres-monitoring",
  "search-admin",
  // The job that maps the search domain's client roles (workloads layer); the admin role trusts it by name.
  "search-role-mappings",
  // Terraform Cloud agents (network layer, cloud backend): the name is reserved with a local backend too.
  "tfc-agents-execution",
  "vpc-cni",
  "vpc-flow-logs",
] as const;

/** The bucket every environment creates for S3 server access logs: `<project>-<env>-s3-access-logs-<account>`. */
export const ACCESS_LOG_BUCKET = "s3-access-logs";

/** The ElastiCache replication group: `<project>-<env>-cache`. */
export const CACHE_SUFFIX = "cache";

/** Longest names AWS accepts, for the names derived here. */
export const NAME_LIMITS = {
  "IAM role": 64,
  "S3 bucket": 63,
  "ElastiCache replication group": 40,
  "Terraform Cloud workspace": 90,
} as const;

export type DerivedNameKind = keyof typeof NAME_LIMITS | "resource prefix" | "DynamoDB table";

/** One name the stacks will create, where it must be unique, and the config field that decides it. */
export interface DerivedName {
  readonly kind: DerivedNameKind;
  /** Where the name must be unique, e.g. `account 111111111111` or `app.terraform.io/acme`. */
  readonly scope: string;
  readonly name: string;
  /** The config field to change; `["name"]` when the environment and project names make it. */
  readonly path: readonly (string | number)[];
  /** The value of that field. */
  readonly value: string;
}

/**
 * What names are derived from: the parts of an environment that the schema has
 * checked before it fills in defaults from other tables (chart versions), so
 * the check runs inside the schema and on finished configs alike.
 */
export type NamingInput = Pick<EnvironmentConfig, "name" | "project" | "stage" | "aws" | "terraformCloud" | "data"> & {
  readonly workloads: {
    readonly applications: Readonly<Record<string, { readonly database?: boolean; readonly databaseUser?: string }>>;
    readonly addons: { readonly kubePrometheusStack: { readonly enabled: boolean }; readonly keda: { readonly enabled: boolean } };
  };
};

/** Every name of one environment that must be unique in its scope, or fit an AWS limit. */
export function derivedNames(env: NamingInput): DerivedName[] {
  const prefix = resourcePrefix(env);
  const account = `account ${env.aws.accountId}`;
  const { organization, hostname } = env.terraformCloud;
  return [
    { kind: "resource prefix", scope: "all environments", name: prefix, path: ["name"], value: env.name },
    ...LAYERS.map((layer) => ({
      kind: "Terraform Cloud workspace" as const,
      scope: `${hostname}/${organization}`,
      name: workspaceName(env, layer),
      path: ["name"],
      value: env.name,
    })),
    ...PLATFORM_ROLE_SUFFIXES.map((suffix) => ({
      kind: "IAM role" as const,
      scope: account,
      name: `${prefix}-${suffix}`,
      path: ["name"],
      value: env.name,
    })),
    ...Object.keys(env.workloads.applications).map((name) => ({
      kind: "IAM role" as const,
      scope: account,
      name: applicationRoleName(prefix, name),
      path: ["workloads", "applications", name],
      value: name,
    })),
    // The job creating each database user runs as a role of its own, named after the first workload with that user.
    ...databaseRoleJobOwners(env.workloads.applications).map((name) => ({
      kind: "IAM role" as const,
      scope: account,
      name: databaseRoleJobRoleName(prefix, name),
      path: ["workloads", "applications", name, "database"],
      value: "true",
    })),
    // KEDA's operator reads queue depths and metrics as its own role.
    ...(env.workloads.addons.keda.enabled
      ? [{ kind: "IAM role" as const, scope: account, name: `${prefix}-keda-operator`, path: ["workloads", "addons", "keda", "enabled"], value: "true" }]
      : []),
    // Alertmanager publishes to the alarm topic where the monitoring stack runs.
    ...(env.workloads.addons.kubePrometheusStack.enabled
      ? [
          {
            kind: "IAM role" as const,
            scope: account,
            name: `${prefix}-alertmanager`,
            path: ["workloads", "addons", "kubePrometheusStack", "enabled"],
            value: "true",
          },
        ]
      : []),
    // The access log bucket exists where access logging is on (the data layer's default: prod only).
    ...((env.data.s3AccessLogging ?? env.stage === "prod")
      ? [{ kind: "S3 bucket" as const, scope: "all of S3", name: bucketName(prefix, ACCESS_LOG_BUCKET, env.aws.accountId), path: ["name"], value: env.name }]
      : []),
    ...env.data.buckets.map((bucket, index) => ({
      kind: "S3 bucket" as const,
      scope: "all of S3",
      name: bucketName(prefix, bucket.name, env.aws.accountId),
      path: ["data", "buckets", index, "name"],
      value: bucket.name,
    })),
    // Buckets replicated to the recovery region: the replica, and the role S3 replicates as.
    ...env.data.buckets.flatMap((bucket, index) =>
      bucket.replicate && env.data.disasterRecovery
        ? [
            {
              kind: "S3 bucket" as const,
              scope: "all of S3",
              name: replicaBucketName(prefix, bucket.name, env.data.disasterRecovery.region, env.aws.accountId),
              path: ["data", "buckets", index, "name"],
              value: bucket.name,
            },
            {
              kind: "IAM role" as const,
              scope: account,
              name: `${prefix}-${bucket.name}-replication`,
              path: ["data", "buckets", index, "name"],
              value: bucket.name,
            },
          ]
        : [],
    ),
    ...env.data.tables.map((table, index) => ({
      kind: "DynamoDB table" as const,
      scope: `${account} in ${env.aws.region}`,
      name: `${prefix}-${table.name}`,
      path: ["data", "tables", index, "name"],
      value: table.name,
    })),
    { kind: "ElastiCache replication group", scope: `${account} in ${env.aws.region}`, name: `${prefix}-${CACHE_SUFFIX}`, path: ["name"], value: env.name },
  ];
}

/** A name that appears twice in one scope, or is longer than AWS or Terraform Cloud accept. */
export interface DerivedNameProblem {
  /** The environment whose field must change. */
  readonly environment: string;
  readonly path: readonly (string | number)[];
  readonly value: string;
  readonly message: string;
}

/**
 * Names too long for AWS, and names two environments (or two parts of one
 * environment) would both create. Reports each clash once, on the later
 * environment in `envs` order.
 */
export function derivedNameProblems(envs: readonly NamingInput[]): DerivedNameProblem[] {
  const problems: DerivedNameProblem[] = [];
  const owners = new Map<string, { environment: string; path: string }>();
  const reported = new Set<string>();
  for (const env of envs) {
    for (const derived of derivedNames(env)) {
      const field = formatPath(derived.path);
      const limit = (NAME_LIMITS as Record<string, number | undefined>)[derived.kind];
      if (limit !== undefined && derived.name.length > limit) {
        problems.push({
          environment: env.name,
          path: derived.path,
          value: derived.value,
          message:
            `makes the ${derived.kind} name "${derived.name}" ${derived.name.length} characters long; ` +
            `the limit is ${limit}: shorten ${field === "name" ? "the project or environment name" : "it"}`,
        });
      }
      const key = `${derived.kind}\u0000${derived.scope}\u0000${derived.name}`;
      const owner = owners.get(key);
      if (!owner) {
        owners.set(key, { environment: env.name, path: field });
        continue;
      }
      const clash = `${env.name}\u0000${owner.environment}\u0000${derived.kind}`;
      if (reported.has(clash)) continue;
      reported.add(clash);
      const where = owner.environment === env.name ? `this environment's ${owner.path}` : `environment "${owner.environment}"`;
      problems.push({
        environment: env.name,
        path: derived.path,
        value: derived.value,
        message:
          `derives the ${derived.kind} "${derived.name}" (in ${derived.scope}), which ${where} derives too` +
          `${derived.kind === "Terraform Cloud workspace" || derived.kind === "resource prefix" ? ": both would share one Terraform state" : ""}; ` +
          `derived names must be unique, so change ${field === "name" ? "the project or environment name" : field}`,
      });
    }
  }
  return problems;
}

/** The workloads that create a database user: the first, in config order, of those connecting as each user. */
export function databaseRoleJobOwners(applications: NamingInput["workloads"]["applications"]): string[] {
  const owners = new Map<string, string>();
  for (const [name, workload] of Object.entries(applications)) {
    const user = databaseUserName(name, workload.databaseUser);
    if (workload.database === true && !owners.has(user)) owners.set(user, name);
  }
  return [...owners.values()];
}
