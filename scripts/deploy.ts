// Deploys one environment's stacks one at a time in layer order; stops at the first failure.
//   npm run deploy:env -- --env dev [--outdir cdktf.out]
import { appendFileSync } from "fs";
import { parseArgs } from "util";
import { deployEnvironment, renderDeploySummary } from "./lib/deploy";
import { runCommand, runMain } from "./lib/process";
import { synthesizedStackIds } from "./lib/stacks";

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { env: { type: "string" }, outdir: { type: "string", default: "cdktf.out" } },
  });
  if (!values.env) {
    process.stderr.write("usage: deploy --env <environment> [--outdir cdktf.out]\n");
    return 64;
  }
  const outcomes = await deployEnvironment(synthesizedStackIds(values.outdir!), values.env, (stack) =>
    runCommand("npx", [
      "cdktf", "deploy", stack.id, "--skip-synth", "--auto-approve", "--no-color",
      // One stack per call, upstream layers already applied by the previous calls.
      "--ignore-missing-stack-dependencies", "--output", values.outdir!,
    ]),
  );
  const summary = renderDeploySummary(values.env, outcomes);
  process.stdout.write(`\n${summary}`);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary);
  return outcomes.every((outcome) => outcome.status === "applied") ? 0 : 1;
}

if (require.main === module) runMain(main);
