import { App, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { UserInputError } from "../config";
import { isStatefulType } from "./stateful";

/** Where the manifest lives, relative to the repository root. */
export const STATE_MANIFEST_FILE = "state/stateful-addresses.json";
export const STATE_MANIFEST_COMMAND = "npm run state:manifest";

/** The Terraform addresses of every stateful resource, per stack: what a plan must never destroy by accident. */
export interface StateManifest {
  readonly $comment?: string;
  readonly stacks: Record<string, string[]>;
}

/** What one synthesized stack holds that matters for state: its stateful addresses and declared moves. */
export interface StackState {
  readonly addresses: string[];
  /** `moved` blocks: old address -> new address. */
  readonly moved: Record<string, string>;
}

/** Stateful addresses and `moved` blocks of a synthesized stack (its `cdk.tf.json` content). */
export function stackState(json: { resource?: Record<string, Record<string, unknown>>; moved?: { from: string; to: string }[] }): StackState {
  const addresses = Object.entries(json.resource ?? {})
    .filter(([type]) => isStatefulType(type))
    .flatMap(([type, resources]) => Object.keys(resources).map((id) => `${type}.${id}`))
    .sort();
  const moved = Object.fromEntries((json.moved ?? []).map((block) => [block.from, block.to]));
  return { addresses, moved };
}

/** Synthesizes every stack of `app` in memory (aspects included, nothing written) and returns each one's state. */
export function appState(app: App): Record<string, StackState> {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  stacks.forEach((stack) => stack.prepareStack());
  return Object.fromEntries(
    stacks
      .map((stack): [string, StackState] => {
        invokeAspects(stack);
        return [stack.node.id, stackState(stack.toTerraform())];
      })
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/**
 * Why the synthesized state does not match the manifest: stateful addresses
 * that would be destroyed (or moved without the manifest knowing) and new ones
 * the manifest lacks. Empty when they match.
 */
export function manifestProblems(manifest: StateManifest, current: Record<string, StackState>): string[] {
  const problems: string[] = [];
  const stackIds = [...new Set([...Object.keys(manifest.stacks), ...Object.keys(current)])].sort();
  for (const stackId of stackIds) {
    const recorded = new Set(manifest.stacks[stackId] ?? []);
    const state = current[stackId] ?? { addresses: [], moved: {} };
    const now = new Set(state.addresses);
    for (const address of [...recorded].filter((a) => !now.has(a)).sort()) {
      const target = state.moved[address];
      problems.push(
        target
          ? `${stackId}: ${address} moves to ${target} (declared): run \`${STATE_MANIFEST_COMMAND}\` and commit the manifest with the move`
          : `${stackId}: ${address} is gone from the synthesized stack, so Terraform would DESTROY it. ` +
              "If its construct id or scope changed, declare the move (resource.moveFromId(...) / moveTo, or a `moved` block) " +
              `and run \`${STATE_MANIFEST_COMMAND}\`; if the destruction is intended, run ` +
              `\`${STATE_MANIFEST_COMMAND} -- --allow-destroy ${stackId}/${address}\``,
      );
    }
    for (const address of [...now].filter((a) => !recorded.has(a)).sort()) {
      const source = Object.keys(state.moved).find((from) => state.moved[from] === address);
      if (source && recorded.has(source)) continue; // reported above, from the old address
      problems.push(`${stackId}: ${address} is a new stateful resource missing from ${STATE_MANIFEST_FILE}: run \`${STATE_MANIFEST_COMMAND}\``);
    }
  }
  return problems;
}

/**
 * The manifest for the synthesized state. Refuses to drop an address unless a
 * `moved` block takes it to a new one or it is listed in `allowDestroy`
 * (`<stack>/<address>`): regenerating the manifest never hides a destroy.
 */
export function updatedManifest(
  previous: StateManifest | undefined,
  current: Record<string, StackState>,
  allowDestroy: readonly string[] = [],
): StateManifest {
  const refused: string[] = [];
  for (const [stackId, addresses] of Object.entries(previous?.stacks ?? {})) {
    const state = current[stackId] ?? { addresses: [], moved: {} };
    for (const address of addresses) {
      const kept = state.addresses.includes(address) || state.addresses.includes(state.moved[address]);
      if (!kept && !allowDestroy.includes(`${stackId}/${address}`)) refused.push(`  - ${stackId}/${address}`);
    }
  }
  if (refused.length > 0) {
    throw new UserInputError(
      [
        "These stateful resources would be destroyed: they are gone from the synthesized stacks and no `moved` block takes them to a new address.",
        ...refused,
        "Declare the move (resource.moveFromId / moveTo), or, if destroying them is intended, pass each one with --allow-destroy <stack>/<address>.",
      ].join("\n"),
    );
  }
  return {
    $comment: `Terraform addresses of every stateful resource per stack, generated by \`${STATE_MANIFEST_COMMAND}\`. A test fails when the synthesized stacks differ; see docs/guardrails.md.`,
    stacks: Object.fromEntries(Object.entries(current).map(([stackId, state]) => [stackId, state.addresses])),
  };
}
