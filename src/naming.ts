import type { EnvironmentConfig } from "./config";
import { formatArn, scopeOf } from "./constructs/iam/arn";

/**
 * The layers of every environment, in apply order. Each is one TerraformStack
 * with its own Terraform Cloud workspace and state.
 */
export const LAYERS = ["network", "data", "cluster", "edge", "workloads"] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * Which layers each layer reads (through cross-stack references, i.e. the
 * producer's remote state). The one source of the apply order check, the
 * remote state sharing of the workspaces and the "waiting for upstream apply"
 * decision of pull-request plans (see src/layers.ts).
 */
export const LAYER_DEPENDENCIES: { readonly [L in Layer]: readonly Layer[] } = {
  network: [],
  data: ["network"],
  cluster: ["network", "data"],
  edge: [],
  workloads: ["network", "data", "cluster", "edge"],
};

type Named = Pick<EnvironmentConfig, "name" | "project">;

/** Stack id, also the folder under cdktf.out/stacks: `<env>-<layer>`. */
export function stackId(env: Pick<Named, "name">, layer: Layer): string {
  return `${env.name}-${layer}`;
}

/** Terraform Cloud workspace of one layer of one environment: `<project>-<env>-<layer>`. */
export function workspaceName(env: Named, layer: Layer): string {
  return `${env.project}-${env.name}-${layer}`;
}

/** Prefix of every AWS resource name in an environment: `<project>-<env>`. */
export function resourcePrefix(env: Named): string {
  return `${env.project}-${env.name}`;
}

/** The two phases of a Terraform Cloud run; each gets its own AWS role. */
export const RUN_PHASES = ["plan", "apply"] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** IAM path of the Terraform Cloud run roles the bootstrap creates. */
export const RUN_ROLE_PATH = "/terraform-cloud/";

/** Name of a workspace's run role: `tfc-<project>-<env>-<layer>-<phase>`, at most 61 characters. */
export function runRoleName(workspace: string, phase: RunPhase): string {
  return `tfc-${workspace}-${phase}`;
}

/** Where an environment's account is: enough to name its IAM roles. */
type AccountOf = { aws: Pick<EnvironmentConfig["aws"], "accountId" | "region"> };

/** ARN of an IAM role of the environment's account, `<path><name>` e.g. `/terraform-cloud/x`; partition from the region. */
export function accountRoleArn(env: AccountOf, pathAndName: string): string {
  const resource = `role${pathAndName.startsWith("/") ? "" : "/"}${pathAndName}`;
  return formatArn(scopeOf(env.aws.accountId, env.aws.region), { service: "iam", region: "", resource });
}

/** ARN of the role Terraform Cloud assumes for one phase of one layer's runs (created by bootstrap/). */
export function runRoleArn(env: Named & AccountOf, layer: Layer, phase: RunPhase): string {
  return accountRoleArn(env, `${RUN_ROLE_PATH}${runRoleName(workspaceName(env, layer), phase)}`);
}

/**
 * The permissions boundary every IAM role a layer creates must carry: a
 * managed policy the bootstrap owns (`<project>-<env>-run-boundary` under the
 * run role path). The apply roles may create and change roles only with it,
 * and never remove it, so no layer can make a role more powerful than it.
 */
export function runBoundaryPolicyName(env: Named): string {
  return `${resourcePrefix(env)}-run-boundary`;
}

export function runBoundaryPolicyArn(env: Named & AccountOf): string {
  const resource = `policy${RUN_ROLE_PATH}${runBoundaryPolicyName(env)}`;
  return formatArn(scopeOf(env.aws.accountId, env.aws.region), { service: "iam", region: "", resource });
}

/**
 * IAM role an application's pods assume (IRSA), `<project>-<env>-<app>`. The data
 * layer names it in its search domain's access policy before the workloads layer
 * creates it, so both read the name from here.
 */
export function applicationRoleName(namePrefix: string, applicationName: string): string {
  return `${namePrefix}-${applicationName}`;
}

/** A PostgreSQL role name the platform creates: lower-case, a plain identifier. */
export const DATABASE_USER_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The database user of a workload: the one it names (`databaseUser`), or its
 * name with `-` as `_` (`llm-api` -> `llm_api`).
 */
export function databaseUserName(workloadName: string, configured?: string): string {
  return configured ?? workloadName.replace(/-/g, "_");
}

/** The IAM role of the job that maps the search domain's client roles: `<project>-<env>-search-role-mappings`. */
export function searchRoleMappingJobRoleName(namePrefix: string): string {
  return `${namePrefix}-search-role-mappings`;
}

/** The IAM role of the job that creates an application's database role: `<project>-<env>-<app>-db-role`. */
export function databaseRoleJobRoleName(namePrefix: string, applicationName: string): string {
  return `${applicationRoleName(namePrefix, applicationName)}-db-role`;
}
