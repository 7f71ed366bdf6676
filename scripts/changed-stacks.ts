// Stacks whose synthesized Terraform differs between two synth outputs, in plan order.
//   npm run changed-stacks -- --base ../base/cdktf.out --head cdktf.out [--json]
import { parseArgs } from "util";
import { environmentOrder } from "./lib/environment-order";
import { orderStacks } from "./lib/stacks";
import { changedStacks } from "./lib/synth-diff";

export function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { base: { type: "string" }, head: { type: "string", default: "cdktf.out" }, json: { type: "boolean", default: false } },
  });
  if (!values.base) {
    process.stderr.write("usage: changed-stacks --base <base cdktf.out> [--head cdktf.out] [--json]\n");
    return 64;
  }
  const changes = changedStacks(values.base, values.head!);
  const change = Object.fromEntries(changes.map((entry) => [entry.id, entry.change]));
  const ordered = orderStacks(Object.keys(change), environmentOrder()).map((stack) => ({ ...stack, change: change[stack.id] }));
  process.stdout.write(values.json ? `${JSON.stringify(ordered, null, 2)}\n` : ordered.map((s) => `${s.id}\t${s.change}\n`).join(""));
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
