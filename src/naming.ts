import type { EnvironmentConfig } from "./config";

/**
 * The layers of every environment, in apply order. Each is one TerraformStack
 * with its own Terraform Cloud workspace and state.
 */
export const LAYERS = ["network", "data", "cluster", "edge", "workloads"] as const;
export type Layer = (typeof LAYERS)[number];

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
