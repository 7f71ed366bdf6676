import { CommandResult, tail } from "./process";
import { StackRef, environmentStacks } from "./stacks";

export interface DeployOutcome {
  readonly stack: string;
  readonly status: "applied" | "failed" | "skipped";
  readonly message?: string;
}

/**
 * Deploys the stacks of one environment one at a time in layer order, and
 * stops at the first failure: a layer is never applied on top of an upstream
 * layer whose apply failed. The rest are reported as skipped.
 */
export async function deployEnvironment(
  stackIds: readonly string[],
  env: string,
  deploy: (stack: StackRef) => Promise<CommandResult>,
): Promise<DeployOutcome[]> {
  const stacks = environmentStacks(stackIds, env);
  if (stacks.length === 0) throw new Error(`no synthesized stacks for environment "${env}"; run npm run synth first`);
  const outcomes: DeployOutcome[] = [];
  for (const stack of stacks) {
    if (outcomes.some((outcome) => outcome.status === "failed")) {
      outcomes.push({ stack: stack.id, status: "skipped", message: "an earlier layer failed" });
      continue;
    }
    const result = await deploy(stack);
    outcomes.push(
      result.code === 0 ? { stack: stack.id, status: "applied" } : { stack: stack.id, status: "failed", message: tail(result.output) },
    );
  }
  return outcomes;
}

/** Markdown for the job summary. */
export function renderDeploySummary(env: string, outcomes: readonly DeployOutcome[]): string {
  const icon = { applied: "✅", failed: "❌", skipped: "⏭️" } as const;
  return [
    `## Deploy ${env}`,
    "",
    "| stack | result | detail |",
    "|---|---|---|",
    ...outcomes.map((outcome) => `| \`${outcome.stack}\` | ${icon[outcome.status]} ${outcome.status} | ${outcome.message ?? ""} |`),
    "",
  ].join("\n");
}
