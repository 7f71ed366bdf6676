import { readdirSync } from "fs";
import { join } from "path";
import { LAYER_DEPENDENCIES } from "../../src/naming";
import { parseStackId } from "../../scripts/lib/stacks";
import { sharedSynth } from "../support/shared-synth";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

describe("the dependency map matches the synthesized stacks", () => {
  it(
    "every remote state a stack reads belongs to a layer LAYER_DEPENDENCIES lets it read",
    () => {
      const synth = sharedSynth();
      const ids = readdirSync(join(synth.outdir, "stacks"));
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        const json = synth.stack(id);
        const { env, layer } = parseStackId(id);
        for (const read of Object.values(json.data?.terraform_remote_state ?? {}) as any[]) {
          const workspace: string = read.config.workspaces.name;
          const upstream = workspace.slice(workspace.indexOf(`-${env}-`) + env.length + 2);
          expect({ stack: id, reads: upstream, allowed: LAYER_DEPENDENCIES[layer].includes(upstream as never) }).toEqual({
            stack: id,
            reads: upstream,
            allowed: true,
          });
        }
      }
    },
    HEAVY_HOOK_TIMEOUT_MS,
  );
});
