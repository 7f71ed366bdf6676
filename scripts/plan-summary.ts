// Summarizes JSON plans (`terraform show -json tfplan > plan.json`) as the pull-request comment does.
//   npm run plan:summary -- dev-network=plan.json [dev-data=data.json ...] [--allow-stateful-destroy]
// Exits 2 when a stateful resource would be destroyed, unless allowed.
import { readFileSync } from "fs";
import { parseArgs } from "util";
import { prPlanExitCode } from "./lib/pr-plan";
import { StackResult, renderComment, summarizePlan } from "./lib/plan-summary";

export function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "allow-stateful-destroy": { type: "boolean", default: false } },
  });
  if (positionals.length === 0 || positionals.some((arg) => !arg.includes("="))) {
    process.stderr.write("usage: plan-summary <stack>=<plan.json> ... [--allow-stateful-destroy]\n");
    return 64;
  }
  const results: StackResult[] = positionals.map((arg) => {
    const [stack, file] = arg.split("=", 2);
    return { stack, status: "planned", summary: summarizePlan(JSON.parse(readFileSync(file, "utf8"))) };
  });
  process.stdout.write(renderComment(results));
  return prPlanExitCode(results, values["allow-stateful-destroy"]!);
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
