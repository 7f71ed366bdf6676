import { readFileSync } from "fs";
import { join } from "path";
import { renderComment } from "../../scripts/lib/plan-summary";
import { planChangedStacks, prPlanExitCode } from "../../scripts/lib/pr-plan";
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
    expect(results.find((result) => result.stack === "dev-cluster")).toEqual({
      stack: "dev-cluster",
      status: "waiting",
      upstream: ["dev-network", "dev-data"],
    });
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

describe("pull-request plan failures", () => {
  const base = outputs.create({});
  const head = outputs.create({
    "dev-network": cloudStack("llm-platform-dev-network"),
    "dev-data": cloudStack("llm-platform-dev-data"),
    "dev-cluster": cloudStack("llm-platform-dev-cluster"),
    "dev-edge": cloudStack("llm-platform-dev-edge"),
    "dev-workloads": cloudStack("llm-platform-dev-workloads"),
  });
  const all = ["network", "data", "cluster", "edge", "workloads"].map((layer) => `llm-platform-dev-${layer}`);
  const options = { baseOutdir: base, headOutdir: head, envOrder: ["dev"] };
  const ok = (stack: { id: string }) => ({ code: 0, output: runOutput(stack.id, `run-${stack.id.replace(/-/g, "")}`) });

  it("marks the stacks downstream of a failed plan blocked, and does not plan them", async () => {
    const planned: string[] = [];
    const results = await planChangedStacks(options, {
      plan: async (stack) => {
        planned.push(stack.id);
        return stack.id === "dev-data" ? { code: 1, output: "Error: invalid engine version" } : ok(stack);
      },
      hasState: async () => true,
      planJson: async () => fixture("network-additive"),
    });
    expect(results.map((result) => result.status)).toEqual(["planned", "failed", "blocked", "planned", "blocked"]);
    expect(results[2]).toEqual({ stack: "dev-cluster", status: "blocked", upstream: ["dev-data"] });
    // workloads reads data directly and cluster (blocked): both named.
    expect(results[4]).toEqual({ stack: "dev-workloads", status: "blocked", upstream: ["dev-data", "dev-cluster"] });
    expect(planned).toEqual(["dev-network", "dev-data", "dev-edge"]);
    const comment = renderComment(results);
    expect(comment).toContain("| `dev-cluster` | ⛔ blocked | - | - | - | not planned: upstream `dev-data` failed |");
    expect(prPlanExitCode(results, true)).toBe(1);
  });

  it("puts Terraform Cloud API errors in the stack's row instead of ending the run", async () => {
    const results = await planChangedStacks(options, {
      plan: async (stack) => ok(stack),
      hasState: async (workspace) => {
        if (workspace.workspace === "llm-platform-dev-edge")
          throw new Error("Terraform Cloud API GET /organizations/acme-llm/workspaces/llm-platform-dev-edge answered 503");
        return true;
      },
      planJson: async (_ws, runId) => {
        if (runId === "run-devnetwork") throw new Error("Terraform Cloud API GET /runs/run-devnetwork answered 401");
        return runId === "run-devdata" ? {} : fixture("network-additive");
      },
    });
    const byStack = Object.fromEntries(results.map((result) => [result.stack, result]));
    expect(byStack["dev-network"]).toMatchObject({
      status: "failed",
      message: "Terraform Cloud API: Terraform Cloud API GET /runs/run-devnetwork answered 401",
    });
    expect(byStack["dev-data"]).toMatchObject({ status: "blocked", upstream: ["dev-network"] });
    // The edge layer reads no other layer, so its state is never asked for: it plans.
    expect(byStack["dev-edge"]).toMatchObject({ status: "planned" });
    const comment = renderComment(results);
    expect(comment).toContain("Terraform Cloud API GET /runs/run-devnetwork answered 401");
  });

  it("fails a stack whose run returns something that is not a plan, naming the run", async () => {
    const results = await planChangedStacks(options, {
      plan: async (stack) => ok(stack),
      hasState: async () => true,
      planJson: async (_ws, runId) =>
        runId === "run-devedge" ? { format_version: "1.2", resource_changes: [{ address: "a.b", type: "a" }] } : fixture("network-additive"),
    });
    expect(results.find((result) => result.stack === "dev-edge")).toMatchObject({
      status: "failed",
      message: "Terraform Cloud API: the JSON plan of run run-devedge: resource_changes[0] (a.b) has no change",
    });
  });

  it("reports an API error while checking upstream state in the stack's row", async () => {
    const results = await planChangedStacks(options, {
      plan: async (stack) => ok(stack),
      hasState: async (workspace) => {
        if (workspace.workspace === "llm-platform-dev-network") throw new Error("TF_TOKEN_app_terraform_io is not set");
        return all.includes(workspace.workspace);
      },
      planJson: async () => fixture("network-additive"),
    });
    expect(results.find((result) => result.stack === "dev-data")).toEqual({
      stack: "dev-data",
      status: "failed",
      message: "Terraform Cloud API: TF_TOKEN_app_terraform_io is not set",
    });
    expect(results.find((result) => result.stack === "dev-cluster")).toMatchObject({ status: "blocked" });
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

  it("reads the redacted JSON plan of a run through its plan, which needs no workspace admin", async () => {
    const calls: string[] = [];
    const api = new TerraformCloudApi("app.terraform.io", "t", async (url: string) => {
      calls.push(url);
      const body = url.endsWith("/runs/run-1") ? { data: { relationships: { plan: { data: { id: "plan-9" } } } } } : { format_version: "1.2" };
      return { status: 200, ok: true, json: async () => body };
    });
    expect(await api.planJson("run-1")).toEqual({ format_version: "1.2" });
    expect(calls).toEqual(["https://app.terraform.io/api/v2/runs/run-1", "https://app.terraform.io/api/v2/plans/plan-9/json-output-redacted"]);
    const missing = new TerraformCloudApi("app.terraform.io", "t", async () => ({ status: 404, ok: false, json: async () => ({}) }));
    await expect(missing.planJson("run-2")).rejects.toThrow("run run-2 was not found or has no plan");
  });
});
