import { TerraformStack, Testing } from "cdktf";

/** The synthesized Terraform JSON of one stack. */
export interface SynthesizedStack {
  terraform: Record<string, any>;
  provider?: Record<string, any[]>;
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output?: Record<string, any>;
  variable?: Record<string, any>;
}

export function synthStack(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/**
 * The construct path (within the stack) a logical id was made from: cdktf joins
 * the path with `_` and appends an 8-character hash; our construct ids use `-`.
 */
export function constructPath(logicalId: string): string {
  return logicalId.replace(/_[0-9A-F]{8}$/, "").replace(/_/g, "/");
}

/** Resources of one type, keyed by their construct path within the stack (e.g. `network/vpc`). */
export function resourcesOf(json: SynthesizedStack, type: string): Record<string, any> {
  return keyedByPath(json.resource?.[type]);
}

function keyedByPath(items: Record<string, any> | undefined): Record<string, any> {
  return Object.fromEntries(Object.entries(items ?? {}).map(([id, item]) => [constructPath(id), item]));
}

/** The one resource at a construct path; fails loudly when it is missing. */
export function resourceAt(json: SynthesizedStack, type: string, path: string): any {
  const resource = resourcesOf(json, type)[path];
  if (!resource) {
    throw new Error(`no ${type} at ${path}; have: ${Object.keys(resourcesOf(json, type)).join(", ")}`);
  }
  return resource;
}

/** Parses the `json` attribute of an aws_iam_policy_document data source synthesized as JSON. */
export function policyStatements(json: SynthesizedStack, path: string): any[] {
  return dataAt(json, "aws_iam_policy_document", path).statement;
}

export function dataAt(json: SynthesizedStack, type: string, path: string): any {
  const match = keyedByPath(json.data?.[type])[path];
  if (!match) throw new Error(`no data.${type} at ${path}`);
  return match;
}
