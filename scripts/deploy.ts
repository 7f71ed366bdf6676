// Deploys one environment in two steps, so a reviewer approves the plan that is applied:
//   npm run deploy:env -- --env dev --plan deploy-plan.json     saved plans of every stack, in layer order;
//                                                              the per-stack summary (stateful destroys first)
//                                                              to the job summary
//   npm run deploy:env -- --env dev --apply deploy-plan.json    confirms exactly those runs, in order, stopping
//                                                              at the first failure
// Exit codes: 0 fine; 1 a plan or apply failed; 2 a stateful resource would be destroyed and that was not
// declared (--allow-stateful-destroy); 64 wrong usage.
import { appendFileSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parseArgs } from "util";
import { EnvironmentPlan, applyEnvironmentPlan, planEnvironment, renderDeploySummary } from "./lib/deploy";
import { EXIT } from "./lib/plan-input";
import { renderComment } from "./lib/plan-summary";
import { prPlanExitCode } from "./lib/pr-plan";
import { runCommand, runMain } from "./lib/process";
import { StackRef, synthesizedStackIds } from "./lib/stacks";
import { TerraformCloudApi } from "./lib/terraform-cloud";

const USAGE = "usage: deploy --env <environment> (--plan <plan file> | --apply <plan file>) [--outdir cdktf.out] [--allow-stateful-destroy]\n";

/** A saved plan in Terraform Cloud (`terraform plan -out`): a run that waits for a confirmation. */
async function savedPlan(outdir: string, stack: StackRef) {
  const dir = join(outdir, "stacks", stack.id);
  const init = await runCommand("terraform", [`-chdir=${dir}`, "init", "-input=false", "-no-color"]);
  if (init.code !== 0) return init;
  return runCommand("terraform", [`-chdir=${dir}`, "plan", "-out=tfplan", "-input=false", "-no-color"]);
}

function report(text: string): void {
  process.stdout.write(`\n${text}`);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, text);
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: "string" },
      plan: { type: "string" },
      apply: { type: "string" },
      outdir: { type: "string", default: "cdktf.out" },
      "allow-stateful-destroy": { type: "boolean", default: false },
    },
  });
  if (!values.env || (values.plan === undefined) === (values.apply === undefined)) {
    process.stderr.write(USAGE);
    return EXIT.usage;
  }
  const outdir = values.outdir!;
  const apis = new Map<string, TerraformCloudApi>();
  const api = (hostname: string) => {
    if (!apis.has(hostname)) apis.set(hostname, TerraformCloudApi.fromEnvironment(hostname));
    return apis.get(hostname)!;
  };
  const effects = {
    plan: (stack: StackRef) => savedPlan(outdir, stack),
    hasState: (workspace: { hostname: string; organization: string; workspace: string }) =>
      api(workspace.hostname).hasState(workspace.organization, workspace.workspace),
    planJson: (workspace: { hostname: string }, runId: string) => api(workspace.hostname).planJson(runId),
    confirm: (workspace: { hostname: string }, runId: string) =>
      api(workspace.hostname).confirm(runId, `deploy of ${values.env}, approved in GitHub (run ${process.env.GITHUB_RUN_ID ?? "local"})`),
  };
  const allowStatefulDestroy = values["allow-stateful-destroy"]!;
  if (values.plan !== undefined) {
    const plan = await planEnvironment(synthesizedStackIds(outdir), values.env, outdir, effects);
    writeFileSync(values.plan, JSON.stringify(plan, null, 2));
    report(
      renderComment(plan.results, {
        heading: `Plans of ${values.env}: approving the deployment applies exactly these runs`,
        note: "Every stack of the environment is planned, in layer order, as a saved plan in Terraform Cloud; a waiting stack is planned, under the same stateful-destroy rule, once its upstream is applied.",
        commit: process.env.GITHUB_SHA,
      }),
    );
    return prPlanExitCode(plan.results, allowStatefulDestroy);
  }
  const plan = JSON.parse(readFileSync(values.apply!, "utf8")) as EnvironmentPlan;
  if (plan.env !== values.env) {
    process.stderr.write(`${values.apply} plans environment "${plan.env}", not "${values.env}"\n`);
    return EXIT.usage;
  }
  const outcomes = await applyEnvironmentPlan(plan, { outdir, allowStatefulDestroy }, effects);
  report(renderDeploySummary(values.env, outcomes));
  return outcomes.some((outcome) => outcome.status === "failed") ? EXIT.failed : EXIT.ok;
}

if (require.main === module) runMain(main);
