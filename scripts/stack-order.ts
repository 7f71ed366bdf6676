// The synthesized stacks in apply order: environment by environment, layer by layer.
//   npm run stack-order -- [--env dev] [--outdir cdktf.out]
import { parseArgs } from "util";
import { environmentOrder } from "./lib/environment-order";
import { orderStacks, synthesizedStackIds } from "./lib/stacks";

export function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { env: { type: "string" }, outdir: { type: "string", default: "cdktf.out" } },
  });
  const stacks = orderStacks(synthesizedStackIds(values.outdir!), environmentOrder()).filter((stack) => values.env === undefined || stack.env === values.env);
  if (stacks.length === 0) {
    process.stderr.write(`no synthesized stacks${values.env ? ` for environment "${values.env}"` : ""} in ${values.outdir}; run npm run synth\n`);
    return 1;
  }
  process.stdout.write(stacks.map((stack) => `${stack.id}\n`).join(""));
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
