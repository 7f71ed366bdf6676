// Summarizes JSON plans (`terraform show -json tfplan > plan.json`) as the pull-request comment does.
//   npm run plan:summary -- dev-network=plan.json [dev-data=data.json ...] [--allow-stateful-destroy]
// Exit codes (docs/delivery.md): 0 fine; 2 a stateful resource would be destroyed and that was not
// allowed; 64 wrong usage; 65 an input is not a Terraform JSON plan; 66 an input file is missing.
import { parseArgs } from "util";
import { EXIT, PlanInputError, readPlanFile } from "./lib/plan-input";
import { prPlanExitCode } from "./lib/pr-plan";
import { StackResult, renderComment, summarizePlan } from "./lib/plan-summary";

const USAGE = "usage: plan-summary <stack>=<plan.json> ... [--allow-stateful-destroy]\n";

export function main(argv: string[], stderr: Pick<NodeJS.WriteStream, "write"> = process.stderr): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { "allow-stateful-destroy": { type: "boolean", default: false } } });
  } catch (error) {
    stderr.write(`${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0 || positionals.some((arg) => !/^[^=]+=.+$/.test(arg))) {
    stderr.write(USAGE);
    return EXIT.usage;
  }
  const results: StackResult[] = [];
  for (const arg of positionals) {
    const [stack, file] = arg.split(/=(.*)/s, 2);
    try {
      results.push({ stack, status: "planned", summary: summarizePlan(readPlanFile(file)) });
    } catch (error) {
      if (!(error instanceof PlanInputError)) throw error;
      stderr.write(`plan-summary: ${stack}: ${error.message}\n`);
      return error.exitCode;
    }
  }
  process.stdout.write(renderComment(results));
  return prPlanExitCode(results, values["allow-stateful-destroy"]!);
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
