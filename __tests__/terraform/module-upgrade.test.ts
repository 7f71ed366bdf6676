import { execFileSync, spawnSync } from "child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { generateModule } from "../../src/modules/generate";
import { parseExports } from "../../scripts/validate";
import { LOGGING_MOVES, editedWaf, withMoves } from "../support/module-moves";
import { MODULES_DIR, REPO } from "../support/modules";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

// Real Terraform, so not in `npm test` (about 20 s of CPU for one `terraform test`): run by
// `npm run test:terraform` (jest.terraform.config.js), which .ci/run runs with the offline kit.
// The contract and the generated moved blocks of the same change are checked in
// __tests__/modules/module-moves.test.ts.

/** The offline kit: VALIDATE_OFFLINE_KIT, or shared/terraform beside the repository (as in CI). */
const KIT = [process.env.VALIDATE_OFFLINE_KIT, join(REPO, "..", "shared", "terraform")].find((dir) => dir && existsSync(join(dir, "mirror.sh")));
const scratch = mkdtempSync(join(tmpdir(), "module-upgrade-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("moved blocks in modules, with Terraform", () => {
  it(
    "terraform test: upgrading a caller from the committed waf module to one with the construct id change plans moves, not destroys (offline kit)",
    async () => {
      if (!KIT) throw new Error("needs the offline Terraform kit: set VALIDATE_OFFLINE_KIT to its folder, or put shared/terraform beside the repository");
      const oldDir = join(scratch, "tf", "old");
      const newDir = join(scratch, "tf", "new");
      mkdirSync(oldDir, { recursive: true });
      for (const file of readdirSync(join(MODULES_DIR, "waf")).filter((name) => name.endsWith(".tf")))
        copyFileSync(join(MODULES_DIR, "waf", file), join(oldDir, file));
      const moved = await generateModule(editedWaf(withMoves, scratch, "definition"));
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
      const env = { ...process.env, ...parseExports(execFileSync("bash", [join(KIT, "mirror.sh"), join(scratch, "kit")], { encoding: "utf8" })) };
      const init = spawnSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: newDir, env, encoding: "utf8" });
      expect({ status: init.status, stderr: init.stderr }).toEqual({ status: 0, stderr: "" });
      const test = spawnSync("terraform", ["test", "-no-color", "-verbose"], { cwd: newDir, env, encoding: "utf8" });
      expect(test.stdout).toContain("2 passed, 0 failed");
      // Either "# <from> has moved to <to>", or "# <to> will be updated in-place" followed by "# (moved from <from>)".
      for (const { from, to } of LOGGING_MOVES) {
        expect({
          from,
          moved: test.stdout.includes(`# ${from} has moved to ${to}\n`) || test.stdout.includes(`# ${to} will be updated in-place\n  # (moved from ${from})`),
        }).toEqual({ from, moved: true });
      }
      expect(test.stdout).toMatch(/Plan: 0 to add, \d+ to change, 0 to destroy\./);
      expect(test.stdout).not.toMatch(/must be replaced|will be destroyed/);
    },
    HEAVY_HOOK_TIMEOUT_MS,
  );
});
