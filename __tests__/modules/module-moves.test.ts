import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { compareContracts, moduleContract } from "../../src/modules/contract";
import { ModuleDefinition } from "../../src/modules/definition";
import { generateModule } from "../../src/modules/generate";
import { MODULES_DIR } from "../support/modules";
import { LOGGING_MOVES, editedWaf as editedWafIn, renameLogging, withMoves } from "../support/module-moves";

// The upgrade itself, planned with real Terraform (`terraform test`), is in
// __tests__/terraform/module-upgrade.test.ts (`npm run test:terraform`, in .ci/run).

const scratch = mkdtempSync(join(tmpdir(), "module-moves-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The waf definition with `edit` applied, from a scratch folder. */
const editedWaf = (edit: (source: string) => string, name: string): ModuleDefinition => editedWafIn(edit, scratch, name);

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
});
