import { readStack, synthesizedStackIds } from "./stacks";

/** How a stack's synthesized Terraform differs between two synth outputs. */
export type StackChange = "added" | "changed" | "removed";

export interface ChangedStack {
  readonly id: string;
  readonly change: StackChange;
}

/**
 * A copy of synthesized Terraform JSON without cdktf's `//` metadata (construct
 * paths, cdktf version, output maps) at any depth, with object keys sorted so
 * the order constructs were declared in does not count as a change.
 */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([key]) => key !== "//")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, withoutMetadata(inner)]));
}

/** True when two synthesized stacks would give Terraform the same configuration. */
export function sameTerraform(a: unknown, b: unknown): boolean {
  return JSON.stringify(withoutMetadata(a)) === JSON.stringify(withoutMetadata(b));
}

/**
 * Stacks whose `cdk.tf.json` differs between the base and head synth outputs
 * (`cdktf.out` directories), ignoring only the `//` metadata. Sorted by id.
 */
export function changedStacks(baseOutdir: string, headOutdir: string): ChangedStack[] {
  const base = synthesizedStackIds(baseOutdir);
  const head = synthesizedStackIds(headOutdir);
  const changes: ChangedStack[] = [];
  for (const id of [...new Set([...base, ...head])].sort()) {
    if (!base.includes(id)) changes.push({ id, change: "added" });
    else if (!head.includes(id)) changes.push({ id, change: "removed" });
    else if (!sameTerraform(readStack(baseOutdir, id), readStack(headOutdir, id))) changes.push({ id, change: "changed" });
  }
  return changes;
}
