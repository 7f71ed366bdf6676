import { readFileSync } from "fs";
import { join } from "path";
import { main } from "../../scripts/plan-summary";
import { COMMENT_MARKER, JsonPlan, StackResult, renderComment, summarizePlan } from "../../scripts/lib/plan-summary";
import { prPlanExitCode } from "../../scripts/lib/pr-plan";
import { STATEFUL_RESOURCE_TYPES } from "../../src/guardrails/stateful";

const fixture = (name: string) => join(__dirname, "..", "fixtures", "plans", `${name}.json`);
const plan = (name: string): JsonPlan => JSON.parse(readFileSync(fixture(name), "utf8"));

describe("plan summary", () => {
  it("counts creates and updates, ignoring no-ops and data source reads", () => {
    expect(summarizePlan(plan("network-additive"))).toEqual({ add: 1, change: 1, destroy: 0, replace: 0, forget: 0, statefulDestroys: [] });
  });

  it("counts a replace once in add and once in destroy, in either order, as Terraform does", () => {
    const summary = summarizePlan(plan("data-stateful-destroy"));
    expect(summary).toMatchObject({ add: 2, change: 1, destroy: 4, replace: 2, forget: 1 });
  });

  it("flags destroys and replaces of stateful resources only", () => {
    expect(summarizePlan(plan("data-stateful-destroy")).statefulDestroys).toEqual([
      { address: "aws_rds_cluster.database_cluster_9A8B7C6D", type: "aws_rds_cluster", replace: false },
      { address: "aws_dynamodb_table.tables_chats_11223344", type: "aws_dynamodb_table", replace: true },
    ]);
  });

  it("keeps the stateful list to data-holding types", () => {
    expect(Object.keys(STATEFUL_RESOURCE_TYPES)).toEqual(
      expect.arrayContaining(["aws_rds_cluster", "aws_dynamodb_table", "aws_s3_bucket", "aws_kms_key", "aws_eks_cluster"]),
    );
    expect(Object.keys(STATEFUL_RESOURCE_TYPES)).not.toContain("aws_security_group");
  });

  const results: StackResult[] = [
    {
      stack: "dev-network",
      status: "planned",
      summary: summarizePlan(plan("network-additive")),
      runUrl: "https://app.terraform.io/app/acme-llm/workspaces/llm-platform-dev-network/runs/run-abc",
    },
    { stack: "dev-data", status: "planned", summary: summarizePlan(plan("data-stateful-destroy")) },
    { stack: "dev-cluster", status: "waiting", upstream: ["dev-data"] },
    { stack: "staging-network", status: "planned", summary: summarizePlan(plan("no-changes")) },
    { stack: "prod-edge", status: "failed", message: "Error: invalid | value" },
    { stack: "qa-network", status: "removed" },
  ];

  it("renders one comment with a row per stack and the stateful destroys first", () => {
    const comment = renderComment(results, { commit: "abc1234" });
    expect(comment.startsWith(COMMENT_MARKER)).toBe(true);
    expect(comment.indexOf("destroys 2 stateful resources")).toBeLessThan(comment.indexOf("| stack |"));
    expect(comment).toContain("> - `dev-data`: `aws_rds_cluster.database_cluster_9A8B7C6D` (destroyed)");
    expect(comment).toContain("> - `dev-data`: `aws_dynamodb_table.tables_chats_11223344` (replaced: destroyed, then created empty)");
    expect(comment).toContain(
      "| `dev-network` | [planned](https://app.terraform.io/app/acme-llm/workspaces/llm-platform-dev-network/runs/run-abc) | 1 | 1 | 0 |  |",
    );
    expect(comment).toContain("| `dev-data` | planned | 2 | 1 | 4 | 2 replaced, 1 forgotten, 🚨 **2 stateful destroyed** |");
    expect(comment).toContain("| `dev-cluster` | ⏳ waiting for upstream apply | - | - | - | `dev-data` never applied");
    expect(comment).toContain("| `staging-network` | no changes | 0 | 0 | 0 |");
    expect(comment).toContain("| `prod-edge` | ❌ plan failed | - | - | - | Error: invalid \\| value |");
    expect(comment).toContain("| `qa-network` | ⚠️ stack removed |");
    expect(comment).toContain("Commit `abc1234`");
  });

  it("raises no alarm when nothing stateful is destroyed", () => {
    const comment = renderComment([results[0]]);
    expect(comment).not.toContain("CAUTION");
    expect(renderComment([])).toContain("nothing to plan");
  });

  it("fails the check on a failed plan, and on a stateful destroy unless allowed", () => {
    expect(prPlanExitCode(results, true)).toBe(1);
    const withoutFailure = results.filter((result) => result.status !== "failed");
    expect(prPlanExitCode(withoutFailure, false)).toBe(2);
    expect(prPlanExitCode(withoutFailure, true)).toBe(0);
    expect(prPlanExitCode([results[0], results[2]], false)).toBe(0);
  });

  describe("a single stateful destroy or replace is marked as loudly as several", () => {
    const one = (actions: string[]): StackResult => ({
      stack: "prod-data",
      status: "planned",
      summary: summarizePlan({
        resource_changes: [
          { address: "aws_security_group.sg", type: "aws_security_group", change: { actions: ["delete"] } },
          { address: "aws_rds_cluster.database", type: "aws_rds_cluster", change: { actions } },
        ],
      }),
    });

    it.each([
      ["destroy", ["delete"], "destroyed"],
      ["replace (create first)", ["create", "delete"], "replaced: destroyed, then created empty"],
      ["replace (delete first)", ["delete", "create"], "replaced: destroyed, then created empty"],
    ])("%s", (_name, actions, how) => {
      const result = one(actions);
      const comment = renderComment([result]);
      expect(comment).toContain("> [!CAUTION]");
      expect(comment).toContain("> 🚨 **This pull request destroys 1 stateful resource.** Data in them is lost for good.");
      expect(comment).toContain(`> - \`prod-data\`: \`aws_rds_cluster.database\` (${how})`);
      expect(comment).toMatch(/\| `prod-data` \| planned \| \d \| 0 \| 2 \| .*🚨 \*\*1 stateful destroyed\*\* \|/);
      expect(comment).not.toContain("aws_security_group.sg`");
      expect(prPlanExitCode([result], false)).toBe(2);
      expect(prPlanExitCode([result], true)).toBe(0);
    });

    it("and an update of a stateful resource is not a destroy", () => {
      const comment = renderComment([one(["update"])]);
      expect(comment).not.toContain("CAUTION");
      expect(comment).not.toContain("🚨");
      expect(prPlanExitCode([one(["update"])], false)).toBe(0);
    });
  });

  it("counts a plan that only forgets resources as planned, not as no changes", () => {
    const forgetOnly = summarizePlan({ resource_changes: [{ address: "aws_s3_bucket.b", type: "aws_s3_bucket", change: { actions: ["forget"] } }] });
    expect(forgetOnly).toMatchObject({ add: 0, change: 0, destroy: 0, forget: 1, statefulDestroys: [] });
    expect(renderComment([{ stack: "dev-data", status: "planned", summary: forgetOnly }])).toContain("| `dev-data` | planned | 0 | 0 | 0 | 1 forgotten |");
  });

  it("keeps a failure message on one table row and names no commit it was not given", () => {
    const comment = renderComment([{ stack: "prod-edge", status: "failed", message: "Error: one\ntwo | three" }]);
    expect(comment).toContain("| `prod-edge` | ❌ plan failed | - | - | - | Error: one two \\| three |");
    expect(comment).not.toContain("Commit");
  });

  it("renders the whole comment exactly: marker, heading, caution block, table and footer", () => {
    const summary = summarizePlan({
      resource_changes: [
        { address: "aws_rds_cluster.db", type: "aws_rds_cluster", change: { actions: ["delete"] } },
        { address: "aws_dynamodb_table.t", type: "aws_dynamodb_table", change: { actions: ["create", "delete"] } },
      ],
    });
    const comment = renderComment([
      { stack: "dev-data", status: "planned", summary },
      { stack: "dev-cluster", status: "waiting", upstream: ["dev-network", "dev-data"] },
    ]);
    expect(comment).toBe(
      [
        COMMENT_MARKER,
        "## Terraform plans",
        "",
        "> [!CAUTION]",
        "> 🚨 **This pull request destroys 2 stateful resources.** Data in them is lost for good.",
        "> Only merge if that is intended and backed up; label the pull request `allow-stateful-destroy` to let the check pass.",
        ">",
        "> - `dev-data`: `aws_rds_cluster.db` (destroyed)",
        "> - `dev-data`: `aws_dynamodb_table.t` (replaced: destroyed, then created empty)",
        "",
        "| stack | result | add | change | destroy | notes |",
        "|---|---|---|---|---|---|",
        "| `dev-data` | planned | 1 | 0 | 2 | 1 replaced, 🚨 **2 stateful destroyed** |",
        "| `dev-cluster` | ⏳ waiting for upstream apply | - | - | - | `dev-network`, `dev-data` never applied; plans after it is |",
        "",
        "Only stacks whose synthesized `cdk.tf.json` changed are planned, in layer order; plans are speculative runs in Terraform Cloud.",
        "",
      ].join("\n"),
    );
  });

  it("counts a plan that creates one resource and forgets another as planned, and a plan without changes as empty", () => {
    const summary = summarizePlan({
      resource_changes: [
        { address: "aws_s3_bucket.new", type: "aws_s3_bucket", change: { actions: ["create"] } },
        { address: "aws_s3_bucket.old", type: "aws_s3_bucket", change: { actions: ["forget"] } },
      ],
    });
    expect(renderComment([{ stack: "dev-data", status: "planned", summary }])).toContain("| `dev-data` | planned | 1 | 0 | 0 | 1 forgotten |");
    expect(summarizePlan({})).toEqual({ add: 0, change: 0, destroy: 0, replace: 0, forget: 0, statefulDestroys: [] });
  });

  it("works from the command line on plan files", () => {
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(main([`dev-network=${fixture("network-additive")}`])).toBe(0);
      expect(main([`dev-data=${fixture("data-stateful-destroy")}`])).toBe(2);
      expect(main([`dev-data=${fixture("data-stateful-destroy")}`, "--allow-stateful-destroy"])).toBe(0);
      expect(String(write.mock.calls[0][0])).toContain("| `dev-network` | planned | 1 | 1 | 0 |");
    } finally {
      write.mockRestore();
    }
  });
});

describe("a blocked stack", () => {
  it("gets a row naming the upstream stacks whose plan failed", () => {
    const comment = renderComment([{ stack: "prod-workloads", status: "blocked", upstream: ["prod-cluster", "prod-data"] }]);
    expect(comment).toContain("| `prod-workloads` | ⛔ blocked | - | - | - | not planned: upstream `prod-cluster`, `prod-data` failed |");
  });
});
