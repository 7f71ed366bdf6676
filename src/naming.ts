import type { EnvironmentConfig } from "./config";

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
