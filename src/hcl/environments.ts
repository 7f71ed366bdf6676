import { App, TerraformStack } from "cdktf";
import { addEnvironments } from "../app";
import { EnvironmentConfig } from "../config";
import { BackendMode } from "../stacks/backend";
import { HclStack, renderStack } from "./stacks";

// Apart from stacks.ts, which renders any stack: only this needs the whole app (every layer's
// constructs), and what renders a generated module (src/modules/) does not.

/** Every stack of every environment, by stack id (`<env>-<layer>`). */
export async function renderEnvironmentsAsHcl(envs: readonly EnvironmentConfig[], backend: BackendMode): Promise<Record<string, HclStack>> {
  const app = new App({ skipValidation: true });
  addEnvironments(app, envs, { backend });
  const stacks = app.node.children.filter((child): child is TerraformStack => TerraformStack.isStack(child));
  // As App.synth does: prepare every stack first, so the cross-stack outputs a
  // consumer adds to its producer exist before any stack is rendered.
  stacks.forEach((stack) => stack.prepareStack());
  const rendered: Record<string, HclStack> = {};
  for (const stack of stacks) rendered[stack.node.id] = await renderStack(stack);
  return rendered;
}
