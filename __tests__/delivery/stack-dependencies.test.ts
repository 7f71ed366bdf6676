import { App, Testing } from "cdktf";
import { addEnvironments } from "../../src/app";
import { LAYER_DEPENDENCIES } from "../../src/naming";
import { parseStackId } from "../../scripts/lib/stacks";
import { allConfigs } from "../support/environments";

describe("the dependency map matches the synthesized stacks", () => {
  it("every remote state a stack reads belongs to a layer LAYER_DEPENDENCIES lets it read", () => {
    const app = Testing.stubVersion(new App({ stackTraces: false }));
    const stacks = Object.values(addEnvironments(app, allConfigs())).flatMap((env) => Object.values(env));
    expect(stacks.length).toBeGreaterThan(0);
    for (const stack of stacks) {
      const json = JSON.parse(Testing.synth(stack));
      const { env, layer } = parseStackId(stack.node.id);
      for (const read of Object.values(json.data?.terraform_remote_state ?? {}) as any[]) {
        const workspace: string = read.config.workspaces.name;
        const upstream = workspace.slice(workspace.indexOf(`-${env}-`) + env.length + 2);
        expect({ stack: stack.node.id, reads: upstream, allowed: LAYER_DEPENDENCIES[layer].includes(upstream as never) }).toEqual({
          stack: stack.node.id,
          reads: upstream,
          allowed: true,
        });
      }
    }
  });
});
