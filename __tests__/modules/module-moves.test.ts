import { execFileSync, spawnSync } from "child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { compareContracts, moduleContract } from "../../src/modules/contract";
import { ModuleDefinition } from "../../src/modules/definition";
import { generateModule } from "../../src/modules/generate";
import { parseExports } from "../../scripts/validate";
import { MODULES_DIR, REPO, scratchDefinition } from "../support/modules";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

/** The offline kit, where the other kit-gated tests look for it. */
const KIT = [process.env.VALIDATE_OFFLINE_KIT, join(REPO, "..", "shared", "terraform")].find((dir) => dir && existsSync(join(dir, "mirror.sh")));
const scratch = mkdtempSync(join(tmpdir(), "module-moves-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The waf definition with `edit` applied, from a scratch folder. */
function editedWaf(edit: (source: string) => string, name: string): ModuleDefinition {
  return scratchDefinition("waf", join(scratch, name), edit);
}

const renameLogging = (source: string) => source.replace('"logging", {', '"delivery", {');
/** Each address the rename changes, paired with its new one. */
const LOGGING_MOVES = [
  "aws_cloudwatch_log_group.%s_logs_log_group",
  "aws_cloudwatch_log_resource_policy.%s_delivery",
  "aws_kms_alias.%s_logs_key_alias",
  "aws_kms_key.%s_logs_key_key",
  "aws_wafv2_web_acl_logging_configuration.%s_configuration",
].map((address) => ({ from: address.replace("%s", "logging"), to: address.replace("%s", "delivery") }));
const withMoves = (source: string) =>
  renameLogging(source).replace("  build(scope, inputs) {", `  moved: ${JSON.stringify(LOGGING_MOVES)},\n  build(scope, inputs) {`);

describe("moved blocks in modules", () => {
  it("a construct id change with moved blocks is a compatible (minor) change; without them it is breaking", async () => {
    const committed = JSON.parse(readFileSync(join(MODULES_DIR, "waf", "contract.json"), "utf8"));
    const without = compareContracts(committed, moduleContract(await generateModule(editedWaf(renameLogging, "without")), "1.0.0"));
    expect(without.filter((d) => d.bump === "major").map((d) => d.what)).toEqual(
      LOGGING_MOVES.map(({ from }) => `resource ${from} disappears without a moved block: a caller's plan destroys it`).sort(),
    );
    const moved = await generateModule(editedWaf(withMoves, "with"));
    expect(moved.files["main.tf"]).toContain("moved {\n  from = aws_kms_key.logging_logs_key_key\n  to   = aws_kms_key.delivery_logs_key_key\n}\n");
    const differences = compareContracts(committed, moduleContract(moved, "1.0.0"));
    expect(differences.map((d) => d.bump)).toEqual(LOGGING_MOVES.map(() => "minor"));
  });

  it("refuses a moved block from an address the module still has or to one it lacks", async () => {
    await expect(generateModule(editedWaf((s) => s.replace("  build(scope, inputs) {", '  moved: [{ from: "aws_kms_key.logging_logs_key_key", to: "aws_kms_key.gone" }],\n  build(scope, inputs) {'), "bad"))).rejects.toThrow(
      "module waf: moved from aws_kms_key.logging_logs_key_key, which the module still has; moved to aws_kms_key.gone, which the module does not have",
    );
  });

  (KIT ? it : it.skip)(
    "terraform test: upgrading a caller from the committed waf module to one with the construct id change plans moves, not destroys (offline kit)",
    async () => {
      const oldDir = join(scratch, "tf", "old");
      const newDir = join(scratch, "tf", "new");
      mkdirSync(oldDir, { recursive: true });
      for (const file of readdirSync(join(MODULES_DIR, "waf")).filter((name) => name.endsWith(".tf"))) copyFileSync(join(MODULES_DIR, "waf", file), join(oldDir, file));
      const moved = await generateModule(editedWaf(withMoves, "terraform"));
      mkdirSync(join(newDir, "tests"), { recursive: true });
      for (const [file, content] of Object.entries(moved.files)) if (file.endsWith(".tf")) writeFileSync(join(newDir, file), content);
      // One state (state_key) across both runs: the old version applies, the new version plans against its state.
      // A moved resource keeps its (mocked, apply-time) ARN in the plan; a replaced one would be unknown and fail the assertion.
      writeFileSync(
        join(newDir, "tests", "upgrade.tftest.hcl"),
        `mock_provider "aws" {}

variables {
  name       = "acme-dev"
  rate_limit = 2000
}

run "old_version" {
  command   = apply
  state_key = "caller"
  module {
    source = "../old"
  }
}

run "new_version" {
  command   = plan
  state_key = "caller"
  assert {
    condition     = aws_kms_key.delivery_logs_key_key.arn == run.old_version.log_kms_key_arn
    error_message = "The log key moved: same key, no replacement."
  }
  assert {
    condition     = aws_cloudwatch_log_group.delivery_logs_log_group.arn != null && output.log_group_name == run.old_version.log_group_name
    error_message = "The log group moved."
  }
}
`,
      );
      const env = { ...process.env, ...parseExports(execFileSync("bash", [join(KIT!, "mirror.sh"), join(scratch, "kit")], { encoding: "utf8" })) };
      const init = spawnSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: newDir, env, encoding: "utf8" });
      expect({ status: init.status, stderr: init.stderr }).toEqual({ status: 0, stderr: "" });
      const test = spawnSync("terraform", ["test", "-no-color", "-verbose"], { cwd: newDir, env, encoding: "utf8" });
      expect(test.stdout).toContain("2 passed, 0 failed");
      // Either "# <from> has moved to <to>", or "# <to> will be updated in-place" followed by "# (moved from <from>)".
      for (const { from, to } of LOGGING_MOVES) {
        expect({ from, moved: test.stdout.includes(`# ${from} has moved to ${to}\n`) || test.stdout.includes(`# ${to} will be updated in-place\n  # (moved from ${from})`) }).toEqual({ from, moved: true });
      }
      expect(test.stdout).toMatch(/Plan: 0 to add, \d+ to change, 0 to destroy\./);
      expect(test.stdout).not.toMatch(/must be replaced|will be destroyed/);
    },
    HEAVY_HOOK_TIMEOUT_MS,
  );
});
