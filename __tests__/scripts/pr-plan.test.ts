import { readFileSync } from "fs";
import { join } from "path";
import { planChangedStacks } from "../../scripts/lib/pr-plan";
import { CommandResult } from "../../scripts/lib/process";
import { TerraformCloudApi, isUpstreamNotApplied, runFromOutput, tokenVariable } from "../../scripts/lib/terraform-cloud";
import { SynthOutputs, cloudStack } from "../support/synth-outputs";

const outputs = new SynthOutputs();
afterAll(() => outputs.cleanup());
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "plans", `${name}.json`), "utf8"));
const runOutput = (ws: string, run: string) => `Running plan in HCP Terraform.\nhttps://app.terraform.io/app/acme-llm/${ws}/runs/${run}\nPlan: 1 to add`;

describe("pull-request plan flow", () => {
  const base = outputs.create({ "dev-network": cloudStack("llm-platform-dev-network", { a: 1 }) });
  const head = outputs.create({
    "dev-network": cloudStack("llm-platform-dev-network", { a: 2 }),
    "dev-data": cloudStack("llm-platform-dev-data"),
    "dev-cluster": cloudStack("llm-platform-dev-cluster"),
    "dev-edge": cloudStack("llm-platform-dev-edge"),
    "staging-network": cloudStack("llm-platform-staging-network"),
  });

  function effects(applied: string[], plans: Record<string, CommandResult>) {
    const planned: string[] = [];
    return {
      planned,
      effects: {
        plan: async (stack: { id: string }) => {
          planned.push(stack.id);
          return plans[stack.id] ?? { code: 0, output: runOutput(stack.id, `run-${stack.id.replace(/-/g, "")}`) };
        },
        hasState: async (workspace: { workspace: string }) => applied.includes(workspace.workspace),
        planJson: async (_ws: unknown, runId: string) => fixture(runId === "run-devdata" ? "data-stateful-destroy" : "network-additive"),
      },
    };
  }

  it("plans changed stacks in layer order and waits on upstream layers never applied", async () => {
    const { planned, effects: fx } = effects(["llm-platform-dev-network"], {});
    const results = await planChangedStacks({ baseOutdir: base, headOutdir: head, envOrder: ["dev", "staging"] }, fx);
    expect(results.map((result) => [result.stack, result.status])).toEqual([
      ["dev-network", "planned"],
      ["dev-data", "planned"],
      ["dev-cluster", "waiting"],
      ["dev-edge", "planned"],
      ["staging-network", "planned"],
    ]);
    expect(results[2]).toEqual({ stack: "dev-cluster", status: "waiting", upstream: ["dev-data"] });
    expect(planned).toEqual(["dev-network", "dev-data", "dev-edge", "staging-network"]);
    expect(results[1]).toMatchObject({ summary: { destroy: 4 }, runUrl: "https://app.terraform.io/app/acme-llm/dev-data/runs/run-devdata" });
  });

  it("cascades waiting: a layer above a waiting layer waits too", async () => {
    const { planned, effects: fx } = effects([], {});
    const results = await planChangedStacks({ baseOutdir: base, headOutdir: head, envOrder: ["dev", "staging"] }, fx);
    expect(results.find((result) => result.stack === "dev-cluster")).toEqual({ stack: "dev-cluster", status: "waiting", upstream: ["dev-network", "dev-data"] });
    expect(planned).not.toContain("dev-cluster");
  });

  it("reports a plan that fails on a missing upstream output as waiting, other failures as failed", async () => {
    const { effects: fx } = effects(["llm-platform-dev-network", "llm-platform-dev-data"], {
      "dev-data": { code: 1, output: 'Error: Unsupported attribute\nThis object does not have an attribute named "cross-stack-output-aws_vpcnetwork_vpcid".' },
      "dev-edge": { code: 1, output: "Error: creating WAFv2 WebACL\n\n  on cdk.tf.json line 4:\n  invalid rule" },
    });
    const results = await planChangedStacks({ baseOutdir: base, headOutdir: head, envOrder: ["dev", "staging"] }, fx);
    expect(results.find((result) => result.stack === "dev-data")).toEqual({ stack: "dev-data", status: "waiting", upstream: ["dev-network"] });
    expect(results.find((result) => result.stack === "dev-cluster")).toMatchObject({ status: "waiting" });
    expect(results.find((result) => result.stack === "dev-edge")).toEqual({
      stack: "dev-edge",
      status: "failed",
      message: "Error: creating WAFv2 WebACL / on cdk.tf.json line 4: / invalid rule",
      runUrl: undefined,
    });
  });
});

describe("Terraform Cloud helpers", () => {
  it("names the token variable Terraform reads for a host", () => {
    expect(tokenVariable("app.terraform.io")).toBe("TF_TOKEN_app_terraform_io");
    expect(tokenVariable("tfe.my-corp.example")).toBe("TF_TOKEN_tfe_my__corp_example");
  });

  it("finds the run link in cdktf output", () => {
    expect(runFromOutput("x\nhttps://app.terraform.io/app/acme/ws/runs/run-AbC123\ny")).toEqual({
      url: "https://app.terraform.io/app/acme/ws/runs/run-AbC123",
      id: "run-AbC123",
    });
    expect(runFromOutput("no link")).toBeUndefined();
    expect(isUpstreamNotApplied("Error: Unable to find remote state")).toBe(true);
    expect(isUpstreamNotApplied("Error: invalid CIDR")).toBe(false);
  });

  it("asks the API whether a workspace was ever applied", async () => {
    const calls: string[] = [];
    const fake = (states: Record<string, number>) => async (url: string) => {
      calls.push(url);
      const status = Object.entries(states).find(([suffix]) => url.endsWith(suffix))?.[1] ?? 404;
      return { status, ok: status < 400, json: async () => ({ data: { id: "ws-123" } }) };
    };
    const applied = new TerraformCloudApi("app.terraform.io", "t", fake({ "/workspaces/llm-platform-dev-network": 200, "/current-state-version": 200 }));
    expect(await applied.hasState("acme-llm", "llm-platform-dev-network")).toBe(true);
    expect(calls).toEqual([
      "https://app.terraform.io/api/v2/organizations/acme-llm/workspaces/llm-platform-dev-network",
      "https://app.terraform.io/api/v2/workspaces/ws-123/current-state-version",
    ]);
    const fresh = new TerraformCloudApi("app.terraform.io", "t", fake({ "/workspaces/llm-platform-dev-network": 200 }));
    expect(await fresh.hasState("acme-llm", "llm-platform-dev-network")).toBe(false);
    const broken = new TerraformCloudApi("app.terraform.io", "t", fake({ "/workspaces/x": 500 }));
    await expect(broken.hasState("acme-llm", "x")).rejects.toThrow("answered 500");
    expect(() => TerraformCloudApi.fromEnvironment("app.terraform.io", {})).toThrow("TF_TOKEN_app_terraform_io is not set");
  });
});
