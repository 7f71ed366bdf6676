import { existsSync, readFileSync, readdirSync } from "fs";
import { join } from "path";
import { layerRank } from "../../src/layers";
import { LAYERS, LAYER_DEPENDENCIES, Layer, stackId } from "../../src/naming";

/** One synthesized stack: `<env>-<layer>`. */
export interface StackRef {
  readonly id: string;
  readonly env: string;
  readonly layer: Layer;
}

/** Splits a stack id into environment and layer; the layer is the last `-` part. */
export function parseStackId(id: string): StackRef {
  const layer = LAYERS.find((candidate) => id.endsWith(`-${candidate}`));
  const env = layer ? id.slice(0, -(layer.length + 1)) : "";
  if (!layer || env === "") {
    throw new Error(`stack id "${id}" is not <env>-<layer> with a layer among ${LAYERS.join(", ")}`);
  }
  return { id, env, layer };
}

/**
 * Orders stacks environment by environment (in `envOrder`, the promotion order),
 * and within an environment in layer (apply) order. Environments not in
 * `envOrder` come last, by name.
 */
export function orderStacks(ids: readonly string[], envOrder: readonly string[]): StackRef[] {
  const envRank = (env: string) => {
    const rank = envOrder.indexOf(env);
    return rank === -1 ? envOrder.length : rank;
  };
  return ids.map(parseStackId).sort((a, b) => envRank(a.env) - envRank(b.env) || a.env.localeCompare(b.env) || layerRank(a.layer) - layerRank(b.layer));
}

/** The stacks of one environment that exist in a synth output, in apply order. */
export function environmentStacks(stackIds: readonly string[], env: string): StackRef[] {
  return orderStacks(stackIds, [env]).filter((stack) => stack.env === env);
}

/** The stacks a stack reads, restricted to those that exist (a layer not built yet has no stack). */
export function upstreamStacks(stack: StackRef, existing: readonly string[]): StackRef[] {
  return LAYER_DEPENDENCIES[stack.layer]
    .map((layer) => stackId({ name: stack.env }, layer))
    .filter((id) => existing.includes(id))
    .map(parseStackId);
}

/** Stack ids in a cdktf output directory (`<outdir>/stacks/<id>/cdk.tf.json`); none if it does not exist. */
export function synthesizedStackIds(outdir: string): string[] {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return [];
  return readdirSync(stacksDir)
    .filter((id) => existsSync(join(stacksDir, id, "cdk.tf.json")))
    .sort();
}

/** The parsed `cdk.tf.json` of one synthesized stack. */
export function readStack(outdir: string, id: string): Record<string, any> {
  return JSON.parse(readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8"));
}

/** Where a stack's state lives in Terraform Cloud, from its synthesized `cloud` block. */
export interface CloudWorkspace {
  readonly hostname: string;
  readonly organization: string;
  readonly workspace: string;
}

export function cloudWorkspaceOf(stackJson: Record<string, any>): CloudWorkspace | undefined {
  const cloud = stackJson.terraform?.cloud;
  if (!cloud?.workspaces?.name) return undefined;
  return { hostname: cloud.hostname ?? "app.terraform.io", organization: cloud.organization, workspace: cloud.workspaces.name };
}
