// The pull-request plan: plans the stacks whose synthesized Terraform changed
// (speculative runs in Terraform Cloud), in layer order, and writes the comment.
//   npm run plan:pr -- --base ../base/cdktf.out --head cdktf.out --comment plan-comment.md [--allow-stateful-destroy]
// Needs TF_TOKEN_<host> (e.g. TF_TOKEN_app_terraform_io): the plan team's token (queue plans, read runs).
import { writeFileSync } from "fs";
import { parseArgs } from "util";
import { environmentOrder } from "./lib/environment-order";
import { renderComment } from "./lib/plan-summary";
import { planChangedStacks, prPlanExitCode } from "./lib/pr-plan";
import { runCommand, runMain } from "./lib/process";
import { TerraformCloudApi } from "./lib/terraform-cloud";

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      base: { type: "string" },
      head: { type: "string", default: "cdktf.out" },
      comment: { type: "string", default: "plan-comment.md" },
      commit: { type: "string" },
      "allow-stateful-destroy": { type: "boolean", default: false },
    },
  });
  if (!values.base) {
    process.stderr.write("usage: pr-plan --base <base cdktf.out> [--head cdktf.out] [--comment file] [--allow-stateful-destroy]\n");
    return 64;
  }
  const apis = new Map<string, TerraformCloudApi>();
  const api = (hostname: string) => {
    if (!apis.has(hostname)) apis.set(hostname, TerraformCloudApi.fromEnvironment(hostname));
    return apis.get(hostname)!;
  };
  const results = await planChangedStacks(
    { baseOutdir: values.base, headOutdir: values.head!, envOrder: environmentOrder() },
    {
      plan: (stack) => runCommand("npx", ["cdktf", "plan", stack.id, "--skip-synth", "--no-color", "--output", values.head!]),
      hasState: (workspace) => api(workspace.hostname).hasState(workspace.organization, workspace.workspace),
      planJson: (workspace, runId) => api(workspace.hostname).planJson(runId),
    },
  );
  const comment = renderComment(results, { commit: values.commit });
  writeFileSync(values.comment!, comment);
  process.stdout.write(`\n${comment}`);
  return prPlanExitCode(results, values["allow-stateful-destroy"]!);
}

if (require.main === module) runMain(main);
