import { readFileSync } from "fs";
import { join } from "path";
import { DeployEffects, applyEnvironmentPlan, planEnvironment, renderDeploySummary } from "../../scripts/lib/deploy";
import { TerraformCloudApi } from "../../scripts/lib/terraform-cloud";
import { SynthOutputs, cloudStack } from "../support/synth-outputs";

const outputs = new SynthOutputs();
afterAll(() => outputs.cleanup());
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "plans", `${name}.json`), "utf8"));
const runId = (stack: string) => `run-${stack.replace(/-/g, "")}`;
const runUrl = (stack: string) => `https://app.terraform.io/app/acme-llm/workspaces/llm-platform-${stack}/runs/${runId(stack)}`;

describe("deploy: approve the plan that is applied", () => {
  const outdir = outputs.create(
    Object.fromEntries(
      ["dev-network", "dev-data", "dev-cluster", "dev-edge", "dev-workloads", "prod-network"].map((id) => [id, cloudStack(`llm-platform-${id}`)]),
    ),
  );

  /** Fake Terraform Cloud: every stack applied before except those listed, plans per run id, confirmations recorded. */
  function cloud(options: { fresh?: string[]; plans?: Record<string, string>; failing?: string[] } = {}) {
    const planned: string[] = [];
    const confirmed: string[] = [];
    const applied = new Set(["network", "data", "cluster", "edge", "workloads"].map((layer) => `llm-platform-dev-${layer}`));
    for (const stack of options.fresh ?? []) applied.delete(`llm-platform-${stack}`);
    const effects: DeployEffects = {
      plan: async (stack) => {
        planned.push(stack.id);
        return { code: 0, output: `Running plan in HCP Terraform.\n${runUrl(stack.id)}\n` };
      },
      hasState: async (workspace) => applied.has(workspace.workspace),
      planJson: async (_ws, id) => fixture(options.plans?.[id] ?? "network-additive"),
      confirm: async (workspace, id) => {
        confirmed.push(id);
        applied.add(workspace.workspace);
        return (options.failing ?? []).includes(id) ? "errored" : "applied";
      },
    };
    return { effects, planned, confirmed };
  }

  it("plans every stack of the environment in layer order, as runs to confirm later", async () => {
    const { effects, planned, confirmed } = cloud();
    const plan = await planEnvironment(["prod-network", "dev-workloads", "dev-network", "dev-data", "dev-cluster", "dev-edge"], "dev", outdir, effects);
    expect(planned).toEqual(["dev-network", "dev-data", "dev-cluster", "dev-edge", "dev-workloads"]);
    expect(plan.results.every((result) => result.status === "planned")).toBe(true);
    expect(confirmed).toEqual([]);
  });

  it("applies by confirming exactly the runs that were planned and approved, in order, planning nothing anew", async () => {
    const planPhase = cloud();
    const plan = await planEnvironment(["dev-network", "dev-data", "dev-cluster", "dev-edge", "dev-workloads"], "dev", outdir, planPhase.effects);
    const approved = JSON.parse(JSON.stringify(plan));
    const applyPhase = cloud();
    const outcomes = await applyEnvironmentPlan(approved, { outdir, allowStatefulDestroy: false }, applyPhase.effects);
    expect(applyPhase.planned).toEqual([]);
    expect(applyPhase.confirmed).toEqual(["run-devnetwork", "run-devdata", "run-devcluster", "run-devedge", "run-devworkloads"]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["applied", "applied", "applied", "applied", "applied"]);
  });

  it("confirms nothing for a stack without changes", async () => {
    const { effects, confirmed } = cloud({ plans: { "run-devedge": "no-changes" } });
    const plan = await planEnvironment(["dev-edge"], "dev", outdir, effects);
    const outcomes = await applyEnvironmentPlan(plan, { outdir, allowStatefulDestroy: false }, effects);
    expect(outcomes).toEqual([{ stack: "dev-edge", status: "unchanged", runUrl: runUrl("dev-edge") }]);
    expect(confirmed).toEqual([]);
  });

  it("stops at the first failed apply and skips the layers above", async () => {
    const { effects, confirmed } = cloud({ failing: ["run-devdata"] });
    const plan = await planEnvironment(["dev-network", "dev-data", "dev-cluster", "dev-edge", "dev-workloads"], "dev", outdir, effects);
    const outcomes = await applyEnvironmentPlan(plan, { outdir, allowStatefulDestroy: false }, effects);
    expect(confirmed).toEqual(["run-devnetwork", "run-devdata"]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["applied", "failed", "skipped", "skipped", "skipped"]);
    expect(outcomes[1]).toMatchObject({ message: "run ended errored", runUrl: runUrl("dev-data") });
    expect(renderDeploySummary("dev", outcomes)).toContain(`| [\`dev-data\`](${runUrl("dev-data")}) | ❌ failed | run ended errored |`);
  });

  it("plans a stack waiting for a fresh upstream once that upstream is applied, and applies it only if it destroys nothing stateful", async () => {
    const planPhase = cloud({ fresh: ["dev-network", "dev-data"] });
    const plan = await planEnvironment(["dev-network", "dev-data"], "dev", outdir, planPhase.effects);
    expect(plan.results.map((result) => result.status)).toEqual(["planned", "waiting"]);
    const applyPhase = cloud({ fresh: ["dev-network", "dev-data"] });
    const outcomes = await applyEnvironmentPlan(plan, { outdir, allowStatefulDestroy: false }, applyPhase.effects);
    expect(applyPhase.planned).toEqual(["dev-data"]);
    expect(applyPhase.confirmed).toEqual(["run-devnetwork", "run-devdata"]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["applied", "applied"]);

    const destructive = cloud({ fresh: ["dev-network", "dev-data"], plans: { "run-devdata": "data-stateful-destroy" } });
    const stopped = await applyEnvironmentPlan(plan, { outdir, allowStatefulDestroy: false }, destructive.effects);
    expect(destructive.confirmed).toEqual(["run-devnetwork"]);
    expect(stopped[1]).toMatchObject({
      status: "failed",
      message: expect.stringContaining("would destroy stateful aws_rds_cluster.database_cluster_9A8B7C6D"),
    });
  });

  it("refuses an environment with no synthesized stacks", async () => {
    await expect(planEnvironment(["dev-network"], "qa", outdir, cloud().effects)).rejects.toThrow('no synthesized stacks for environment "qa"');
  });
});

describe("Terraform Cloud: confirming a run", () => {
  it("applies the run and waits for its final status", async () => {
    const calls: string[] = [];
    const statuses = ["confirmed", "applying", "applied"];
    const api = new TerraformCloudApi(
      "app.terraform.io",
      "t",
      async (url: string, init?: { method?: string }) => {
        calls.push(`${init?.method ?? "GET"} ${url}`);
        return { status: 200, ok: true, json: async () => ({ data: { attributes: { status: statuses.shift() } } }) };
      },
      async () => undefined,
    );
    expect(await api.confirm("run-1", "approved")).toBe("applied");
    expect(calls).toEqual([
      "POST https://app.terraform.io/api/v2/runs/run-1/actions/apply",
      "GET https://app.terraform.io/api/v2/runs/run-1",
      "GET https://app.terraform.io/api/v2/runs/run-1",
      "GET https://app.terraform.io/api/v2/runs/run-1",
    ]);
    const refused = new TerraformCloudApi("app.terraform.io", "t", async () => ({ status: 409, ok: false, json: async () => ({}) }));
    await expect(refused.confirm("run-2", "x")).rejects.toThrow("POST /runs/run-2/actions/apply answered 409");
  });
});
