import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { main } from "../../scripts/plan-summary";
import { EXIT, PlanInputError, parsePlan, readPlanFile, validatePlan } from "../../scripts/lib/plan-input";

const dir = mkdtempSync(join(tmpdir(), "plan-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const problemOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PlanInputError);
    return (error as PlanInputError).message;
  }
  throw new Error("expected a PlanInputError");
};
const entry = (extra: Record<string, unknown>) => ({ address: "aws_vpc.main", type: "aws_vpc", ...extra });

describe("plan input validation", () => {
  it("accepts a JSON plan, with or without resource changes", () => {
    expect(validatePlan({ format_version: "1.2", resource_changes: [entry({ change: { actions: ["create"] } })] }, "p")).toBeDefined();
    expect(validatePlan({ format_version: "1.2", planned_values: {} }, "p")).toBeDefined();
  });

  it.each([
    ["an empty object", {}, "p.json: has no format_version; expected the output of `terraform show -json <saved plan>`"],
    ["an array", [], "p.json: is an array, not a JSON object"],
    ["null", null, "p.json: is null, not a JSON object"],
    ["a raw state file", { version: 4, serial: 3, lineage: "abc", resources: [] }, "p.json: is a Terraform state file (it has lineage/serial), not a plan"],
    ["`terraform show -json` of a state", { format_version: "1.0", values: { root_module: {} } }, "p.json: is `terraform show -json` of a state"],
    ["a document with a version only", { format_version: "1.2" }, "p.json: has neither resource_changes nor planned_values"],
    ["resource_changes not a list", { format_version: "1.2", resource_changes: {} }, "p.json: resource_changes is not an array"],
    ["an entry without change", { format_version: "1.2", resource_changes: [entry({})] }, "p.json: resource_changes[0] (aws_vpc.main) has no change"],
    [
      "an entry without actions",
      { format_version: "1.2", resource_changes: [entry({ change: {} })] },
      "resource_changes[0] (aws_vpc.main) has no change.actions",
    ],
    ["an entry with empty actions", { format_version: "1.2", resource_changes: [entry({ change: { actions: [] } })] }, "has no change.actions"],
    [
      "an entry without address",
      { format_version: "1.2", resource_changes: [{ type: "x", change: { actions: ["create"] } }] },
      "p.json: resource_changes[0] has no address",
    ],
  ])("rejects %s, naming the file and what is missing", (_name, document, message) => {
    expect(problemOf(() => validatePlan(document, "p.json"))).toContain(message);
  });

  it("names the file of malformed JSON, without a stack trace", () => {
    expect(problemOf(() => parsePlan("{ not json", "plan.json"))).toMatch(/^plan\.json: is not JSON \(.+\); expected/);
  });

  it("gives a missing file its own exit code", () => {
    const missing = join(dir, "missing.json");
    let error: PlanInputError | undefined;
    try {
      readPlanFile(missing);
    } catch (caught) {
      error = caught as PlanInputError;
    }
    expect(error).toMatchObject({ message: `${missing}: no such file`, exitCode: EXIT.noInput });
  });
});

describe("plan:summary exit codes", () => {
  const run = (args: string[]) => {
    const errors: string[] = [];
    const out = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      return { code: main(args, { write: (text: string) => errors.push(text) > 0 }), errors: errors.join("") };
    } finally {
      out.mockRestore();
    }
  };

  it.each([
    ["{}", "{}", "has no format_version"],
    ["a state file", JSON.stringify({ version: 4, serial: 1, lineage: "l", resources: [] }), "is a Terraform state file"],
    ["an entry without change", JSON.stringify({ format_version: "1.2", resource_changes: [entry({})] }), "(aws_vpc.main) has no change"],
    ["broken JSON", '{"format_version":', "is not JSON"],
  ])("exits 65 on %s and says which stack and file", (name, text, problem) => {
    const path = file(`${name.replace(/\W/g, "_")}.json`, text);
    const { code, errors } = run([`dev-network=${path}`]);
    expect(code).toBe(EXIT.notAPlan);
    expect(errors).toContain(`plan-summary: dev-network: ${path}: `);
    expect(errors).toContain(problem);
    expect(errors).not.toMatch(/\n\s+at /);
  });

  it("exits 66 on a missing file and 64 on wrong usage", () => {
    expect(run([`dev-network=${join(dir, "nope.json")}`]).code).toBe(EXIT.noInput);
    expect(run([]).code).toBe(EXIT.usage);
    expect(run(["dev-network"]).code).toBe(EXIT.usage);
    expect(run(["dev-network=x.json", "--unknown"]).code).toBe(EXIT.usage);
  });
});
