import { PlanSummary, StackResult, statefulDestroysOf } from "./plan-summary";
import { PrPlanEffects, errorMessage, planStacks } from "./pr-plan";
import { CloudWorkspace, cloudWorkspaceOf, environmentStacks, parseStackId, readStack } from "./stacks";
import { runFromOutput } from "./terraform-cloud";

export interface DeployOutcome {
  readonly stack: string;
  readonly status: "applied" | "unchanged" | "failed" | "skipped";
  readonly message?: string;
  readonly runUrl?: string;
}

/** What the deploy's apply phase does in Terraform Cloud, injected so the flow is testable. */
export interface DeployEffects extends PrPlanEffects {
  /** Confirms a planned run (the one the reviewer saw) and waits for its apply; resolves to its final status. */
  confirm(workspace: CloudWorkspace, runId: string): Promise<string>;
}

/** The plan phase's result for one environment: what the reviewer approves, and what the apply confirms. */
export interface EnvironmentPlan {
  readonly env: string;
  readonly results: StackResult[];
}

/**
 * Plans every stack of one environment in layer order as saved plans (runs
 * that are planned and wait for a confirmation), with the pull requests'
 * rules: a stack whose upstream was never applied waits, one whose upstream
 * failed is blocked.
 */
export async function planEnvironment(stackIds: readonly string[], env: string, outdir: string, effects: PrPlanEffects): Promise<EnvironmentPlan> {
  const stacks = environmentStacks(stackIds, env);
  if (stacks.length === 0) throw new Error(`no synthesized stacks for environment "${env}"; run npm run synth first`);
  return { env, results: await planStacks(stacks, outdir, effects) };
}

const hasChanges = (summary: PlanSummary) => summary.add + summary.change + summary.destroy + summary.forget > 0;

export interface ApplyOptions {
  readonly outdir: string;
  /** The deploy declared its stateful destroys (never for a push to the default branch). */
  readonly allowStatefulDestroy: boolean;
}

/**
 * Applies an approved environment plan, one stack at a time in layer order:
 * confirms exactly the run that was planned and shown, never a fresh one.
 * Stops at the first failure; the layers above are skipped. A stack that
 * was waiting for an upstream applied in this deploy is planned now, under
 * the same stateful-destroy rule, and confirmed only if it passes.
 */
export async function applyEnvironmentPlan(plan: EnvironmentPlan, options: ApplyOptions, effects: DeployEffects): Promise<DeployOutcome[]> {
  const outcomes: DeployOutcome[] = [];
  for (const result of plan.results) {
    if (outcomes.some((outcome) => outcome.status === "failed")) {
      outcomes.push({ stack: result.stack, status: "skipped", message: "an earlier layer failed" });
      continue;
    }
    outcomes.push(await applyOne(result, options, effects));
  }
  return outcomes;
}

async function applyOne(result: StackResult, options: ApplyOptions, effects: DeployEffects): Promise<DeployOutcome> {
  const stack = result.stack;
  let planned = result;
  if (result.status === "waiting") {
    // Its upstream was applied moments ago in this deploy: plan now, with the same check.
    [planned] = await planStacks([parseStackId(stack)], options.outdir, effects);
    const destroys = statefulDestroysOf([planned]);
    if (destroys.length > 0 && !options.allowStatefulDestroy) {
      return { stack, status: "failed", message: `would destroy stateful ${destroys.map(({ destroy }) => destroy.address).join(", ")}; not declared` };
    }
  }
  switch (planned.status) {
    case "planned": {
      if (!hasChanges(planned.summary)) return { stack, status: "unchanged", runUrl: planned.runUrl };
      const run = planned.runUrl ? runFromOutput(planned.runUrl) : undefined;
      const workspace = cloudWorkspaceOf(readStack(options.outdir, stack));
      if (!run || !workspace) return { stack, status: "failed", message: "the plan has no Terraform Cloud run to confirm" };
      try {
        const status = await effects.confirm(workspace, run.id);
        return status === "applied"
          ? { stack, status: "applied", runUrl: run.url }
          : { stack, status: "failed", message: `run ended ${status}`, runUrl: run.url };
      } catch (error) {
        return { stack, status: "failed", message: `Terraform Cloud API: ${errorMessage(error)}`, runUrl: run.url };
      }
    }
    case "waiting":
      return { stack, status: "failed", message: `upstream ${planned.upstream.join(", ")} still has no state` };
    case "failed":
      return { stack, status: "failed", message: planned.message, runUrl: planned.runUrl };
    case "blocked":
      return { stack, status: "skipped", message: `upstream ${planned.upstream.join(", ")} failed` };
    case "removed":
      return { stack, status: "skipped", message: "stack removed" };
  }
}

/** Markdown for the job summary. */
export function renderDeploySummary(env: string, outcomes: readonly DeployOutcome[]): string {
  const icon = { applied: "✅", unchanged: "➖", failed: "❌", skipped: "⏭️" } as const;
  const stackCell = (outcome: DeployOutcome) => (outcome.runUrl ? `[\`${outcome.stack}\`](${outcome.runUrl})` : `\`${outcome.stack}\``);
  return [
    `## Deploy ${env}`,
    "",
    "| stack | result | detail |",
    "|---|---|---|",
    ...outcomes.map((outcome) => `| ${stackCell(outcome)} | ${icon[outcome.status]} ${outcome.status} | ${outcome.message ?? ""} |`),
    "",
  ].join("\n");
}
