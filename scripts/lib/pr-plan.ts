import { validatePlan } from "./plan-input";
import { JsonPlan, StackResult, statefulDestroysOf, summarizePlan } from "./plan-summary";
import { CommandResult } from "./process";
import { tail } from "./process";
import { CloudWorkspace, StackRef, cloudWorkspaceOf, orderStacks, readStack, synthesizedStackIds, upstreamStacks } from "./stacks";
import { changedStacks } from "./synth-diff";
import { isUpstreamNotApplied, runFromOutput } from "./terraform-cloud";

export interface PrPlanOptions {
  readonly baseOutdir: string;
  readonly headOutdir: string;
  /** Environment names in promotion order. */
  readonly envOrder: readonly string[];
}

/** Side effects, injected so the flow is testable without Terraform Cloud. */
export interface PrPlanEffects {
  /** Runs `cdktf plan <stack>` (a speculative run in Terraform Cloud). */
  plan(stack: StackRef): Promise<CommandResult>;
  /** Whether a workspace has ever been applied (has a state version). */
  hasState(workspace: CloudWorkspace): Promise<boolean>;
  /** The JSON plan of a Terraform Cloud run. */
  planJson(workspace: CloudWorkspace, runId: string): Promise<JsonPlan>;
}

/** What an effect's failure says in the comment: the message, without a stack trace. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Plans every stack whose synthesized Terraform changed, environment by
 * environment in layer order. A stack whose upstream stack has never been
 * applied (or is itself waiting) is reported as waiting instead of planned;
 * one whose upstream plan failed (or is itself blocked) as blocked. A
 * Terraform Cloud API error fails that stack with the error in its row
 * instead of ending the run without a comment.
 */
export async function planChangedStacks(options: PrPlanOptions, effects: PrPlanEffects): Promise<StackResult[]> {
  const changes = changedStacks(options.baseOutdir, options.headOutdir);
  const removed = new Set(changes.filter((change) => change.change === "removed").map((change) => change.id));
  return planStacks(
    orderStacks(
      changes.map((change) => change.id),
      options.envOrder,
    ),
    options.headOutdir,
    effects,
    removed,
  );
}

/**
 * Plans the given stacks (in the order given: layer order) of one synth
 * output, with the waiting and blocked rules of planChangedStacks. Pull
 * requests plan the changed stacks; deploys every stack of an environment.
 */
export async function planStacks(
  stacks: readonly StackRef[],
  outdir: string,
  effects: PrPlanEffects,
  removed: ReadonlySet<string> = new Set(),
): Promise<StackResult[]> {
  const headStacks = synthesizedStackIds(outdir);
  const options = { headOutdir: outdir };
  const results: StackResult[] = [];
  const waiting = new Set<string>();
  const broken = new Set<string>();
  for (const stack of stacks) {
    if (removed.has(stack.id)) {
      results.push({ stack: stack.id, status: "removed" });
      continue;
    }
    const upstream = upstreamStacks(stack, headStacks);
    const failedUpstream = upstream.filter((up) => broken.has(up.id)).map((up) => up.id);
    if (failedUpstream.length > 0) {
      broken.add(stack.id);
      results.push({ stack: stack.id, status: "blocked", upstream: failedUpstream });
      continue;
    }
    let result: StackResult;
    try {
      const notApplied: string[] = [];
      for (const up of upstream) {
        const workspace = cloudWorkspaceOf(readStack(options.headOutdir, up.id));
        if (waiting.has(up.id) || (workspace && !(await effects.hasState(workspace)))) notApplied.push(up.id);
      }
      result = notApplied.length > 0 ? { stack: stack.id, status: "waiting", upstream: notApplied } : await planOne(stack, options, effects, upstream);
    } catch (error) {
      result = { stack: stack.id, status: "failed", message: `Terraform Cloud API: ${errorMessage(error)}` };
    }
    if (result.status === "waiting") waiting.add(stack.id);
    if (result.status === "failed") broken.add(stack.id);
    results.push(result);
  }
  return results;
}

async function planOne(
  stack: StackRef,
  options: Pick<PrPlanOptions, "headOutdir">,
  effects: PrPlanEffects,
  upstream: readonly StackRef[],
): Promise<StackResult> {
  const result = await effects.plan(stack);
  const run = runFromOutput(result.output);
  if (result.code !== 0) {
    if (isUpstreamNotApplied(result.output)) {
      // The upstream exists but lacks an output this change reads: its own change must be applied first.
      return { stack: stack.id, status: "waiting", upstream: upstream.map((up) => up.id) };
    }
    return { stack: stack.id, status: "failed", message: tail(result.output), runUrl: run?.url };
  }
  const workspace = cloudWorkspaceOf(readStack(options.headOutdir, stack.id));
  if (!run || !workspace) {
    return { stack: stack.id, status: "failed", message: "the plan printed no Terraform Cloud run link; is the stack on the cloud backend?" };
  }
  try {
    const plan = validatePlan(await effects.planJson(workspace, run.id), `the JSON plan of run ${run.id}`);
    return { stack: stack.id, status: "planned", summary: summarizePlan(plan), runUrl: run.url };
  } catch (error) {
    return { stack: stack.id, status: "failed", message: `Terraform Cloud API: ${errorMessage(error)}`, runUrl: run.url };
  }
}

/**
 * The check's verdict: failed plans fail it; a stateful destroy fails it
 * unless explicitly allowed (the `allow-stateful-destroy` label); waiting and
 * removed stacks do not (blocked ones only follow a failed one).
 */
export function prPlanExitCode(results: readonly StackResult[], allowStatefulDestroy: boolean): number {
  if (results.some((result) => result.status === "failed")) return 1;
  if (!allowStatefulDestroy && statefulDestroysOf(results).length > 0) return 2;
  return 0;
}
