import { App, TerraformResource, TerraformStack } from "cdktf";
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

/**
 * Stateful addresses and `moved` blocks of one stack (stacks are not nested
 * here), read from its constructs without synthesizing the whole stack: only
 * resources with a declared move are rendered. Call after the stack's aspects ran.
 */
export function stackStateOf(stack: TerraformStack): StackState {
  const resource: Record<string, Record<string, unknown>> = {};
  const moved: { from: string; to: string }[] = [];
  for (const node of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    const element = node as TerraformResource;
    // Stryker disable next-line ConditionalExpression,BlockStatement: a shortcut only; rendering every resource gives the same addresses, slower
    if (!element.hasResourceMove()) {
      (resource[element.terraformResourceType] ??= {})[element.friendlyUniqueId] = {};
      continue;
    }
    const fragment = element.toTerraform() as Parameters<typeof stackState>[0];
    for (const [type, byId] of Object.entries(fragment.resource ?? {})) Object.assign((resource[type] ??= {}), byId);
    // Stryker disable next-line ArrayDeclaration: a resource with a declared move always renders its moved block
    moved.push(...(fragment.moved ?? []));
  }
  return stackState({ resource, moved });
}

/** Runs every stack's aspects (nothing written) and returns each one's state, by stack id. */
export function appState(app: App): Record<string, StackState> {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  // Stryker disable next-line ArrowFunction: preparing adds the backend and cross-stack outputs and reads, never a resource address; done as app.synth() does
  stacks.forEach((stack) => stack.prepareStack());
  stacks.forEach((stack) => invokeAspects(stack));
  return preparedAppState(app);
}

/** Each stack's state, by stack id, for an app whose aspects already ran (as after `prepareApp`). */
export function preparedAppState(app: App): Record<string, StackState> {
  return Object.fromEntries(
    app.node
      .findAll()
      .filter(TerraformStack.isStack)
      .map((stack): [string, StackState] => [stack.node.id, stackStateOf(stack)])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** How one recorded or synthesized stateful address differs from the manifest. */
export type StateChange =
  /** Recorded, no longer synthesized, no move declared: Terraform would destroy it. */
  | { readonly kind: "destroyed"; readonly stack: string; readonly address: string; readonly stackRemoved: boolean }
  /** Recorded, and a `moved` block names a target the stack does not have: still a destroy. */
  | { readonly kind: "moved-to-missing"; readonly stack: string; readonly address: string; readonly target: string }
  /** Recorded, and moved to an address the stack has: safe, but the manifest must record the new address. */
  | { readonly kind: "moved"; readonly stack: string; readonly address: string; readonly target: string }
  /** Synthesized, stateful and not yet recorded. */
  | { readonly kind: "added"; readonly stack: string; readonly address: string };

/** Every difference between the manifest and the synthesized state, by stack then address. */
export function stateChanges(manifest: StateManifest, current: Record<string, StackState>): StateChange[] {
  const changes: StateChange[] = [];
  const stackIds = [...new Set([...Object.keys(manifest.stacks), ...Object.keys(current)])].sort();
  for (const stack of stackIds) {
    const recorded = new Set(manifest.stacks[stack] ?? []);
    const state = current[stack] ?? { addresses: [], moved: {} };
    const now = new Set(state.addresses);
    for (const address of [...recorded].filter((a) => !now.has(a)).sort()) {
      const target = state.moved[address];
      if (target === undefined) changes.push({ kind: "destroyed", stack, address, stackRemoved: !(stack in current) });
      else changes.push({ kind: now.has(target) ? "moved" : "moved-to-missing", stack, address, target });
    }
    for (const address of [...now].filter((a) => !recorded.has(a)).sort()) {
      const source = Object.keys(state.moved).find((from) => state.moved[from] === address);
      if (source && recorded.has(source)) continue; // reported above, from the old address
      changes.push({ kind: "added", stack, address });
    }
  }
  return changes;
}

/** Whether the change would destroy a recorded stateful resource. */
export function destroys(change: StateChange): change is Extract<StateChange, { kind: "destroyed" | "moved-to-missing" }> {
  return change.kind === "destroyed" || change.kind === "moved-to-missing";
}

/** `<stack>/<address>`: how `--allow-destroy` and the synth switch name a stateful resource. */
export function qualifiedAddress(change: Pick<StateChange, "stack" | "address">): string {
  return `${change.stack}/${change.address}`;
}

const DECLARE_MOVE =
  "If its construct id or scope changed, declare the move (resource.moveFromId(...) / moveTo, or a `moved` block) " + `and run \`${STATE_MANIFEST_COMMAND}\``;

/** One line saying what the change means and what to do about it. */
export function describeChange(change: StateChange): string {
  const where = `${change.stack}: ${change.address}`;
  const allow = `if the destruction is intended, run \`${STATE_MANIFEST_COMMAND} -- --allow-destroy ${qualifiedAddress(change)}\``;
  switch (change.kind) {
    case "destroyed":
      return change.stackRemoved
        ? `${where} is in a stack that is no longer synthesized (a removed stack or environment): its resources ` +
            `would be destroyed or left unmanaged. Restore the stack; ${allow}`
        : `${where} is gone from the synthesized stack, so Terraform would DESTROY it. ${DECLARE_MOVE}; ${allow}`;
    case "moved-to-missing":
      return `${where} has a \`moved\` block to ${change.target}, which the synthesized stack does not have, so Terraform would DESTROY it. Point the move at the resource's new address; ${allow}`;
    case "moved":
      return `${where} moves to ${change.target} (declared): run \`${STATE_MANIFEST_COMMAND}\` and commit the manifest with the move`;
    case "added":
      return `${where} is a new stateful resource missing from ${STATE_MANIFEST_FILE}: run \`${STATE_MANIFEST_COMMAND}\``;
  }
}

/**
 * Why the synthesized state does not match the manifest: stateful addresses
 * that would be destroyed (or moved without the manifest knowing) and new ones
 * the manifest lacks. Empty when they match.
 */
export function manifestProblems(manifest: StateManifest, current: Record<string, StackState>): string[] {
  return stateChanges(manifest, current).map(describeChange);
}

/**
 * The manifest for the synthesized state. Refuses to drop an address unless a
 * `moved` block takes it to a new one or it is listed in `allowDestroy`
 * (`<stack>/<address>`): regenerating the manifest never hides a destroy.
 */
export function updatedManifest(
  previous: StateManifest | undefined,
  current: Record<string, StackState>,
  // Stryker disable next-line ArrayDeclaration: no stateful address looks like the mutant's placeholder
  allowDestroy: readonly string[] = [],
): StateManifest {
  const refused = unallowedDestroys(stateChanges(previous ?? { stacks: {} }, current), allowDestroy);
  if (refused.length > 0) {
    throw new UserInputError(
      [
        "These stateful resources would be destroyed: they are gone from the synthesized stacks and no `moved` block takes them to an address that exists.",
        ...refused.map((change) => `  - ${describeChange(change)}`),
        "Declare the move (resource.moveFromId / moveTo), or, if destroying them is intended, pass each one with --allow-destroy <stack>/<address>.",
      ].join("\n"),
    );
  }
  return {
    $comment: `Terraform addresses of every stateful resource per stack, generated by \`${STATE_MANIFEST_COMMAND}\`. A test fails when the synthesized stacks differ; see docs/guardrails.md.`,
    stacks: Object.fromEntries(Object.entries(current).map(([stackId, state]) => [stackId, state.addresses])),
  };
}

/** The destroys among `changes` that `allowDestroy` (`<stack>/<address>` entries) does not name. */
export function unallowedDestroys(changes: readonly StateChange[], allowDestroy: readonly string[]): StateChange[] {
  return changes.filter(destroys).filter((change) => !allowDestroy.includes(qualifiedAddress(change)));
}
