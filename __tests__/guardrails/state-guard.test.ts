import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { TerraformStack, Testing } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { applyGuardrails } from "../../src/guardrails";
import { ALLOW_DESTROY_ENV_VAR, allowedDestroys, checkAppState, checkState, readStateManifest } from "../../src/guardrails/state-guard";
import { STATE_MANIFEST_FILE, StackState, StateManifest, appState } from "../../src/guardrails/state-manifest";

const committed = JSON.parse(readFileSync(join(__dirname, "..", "..", STATE_MANIFEST_FILE), "utf8")) as StateManifest;

/** The synthesized state that matches `manifest` exactly. */
const matching = (manifest: StateManifest): Record<string, StackState> =>
  Object.fromEntries(Object.entries(manifest.stacks).map(([id, addresses]) => [id, { addresses: [...addresses], moved: {} }]));

const TABLE = "aws_dynamodb_table.table-sessions_table_1CD4FC2F";
const BUCKET = "aws_s3_bucket.documents";
const recorded: StateManifest = { stacks: { "dev-data": [BUCKET, TABLE], "prod-data": [BUCKET, TABLE] } };

describe("checkState (what synth runs before writing)", () => {
  it("passes silently when the synthesized state matches the manifest", () => {
    expect(checkState(recorded, matching(recorded))).toEqual([]);
  });

  it("refuses a recorded address that disappears, in a dev stack as in a prod one, saying what to do", () => {
    const current = { "dev-data": { addresses: [BUCKET], moved: {} }, "prod-data": { addresses: [BUCKET], moved: {} } };
    expect(() => checkState(recorded, current)).toThrow(
      new RegExp(
        [
          "^State check failed: 2 stateful resource\\(s\\) recorded in state/stateful-addresses.json would be destroyed; nothing was written.",
          `  - dev-data: ${TABLE.replace(/\./g, "\\.")} is gone from the synthesized stack, so Terraform would DESTROY it\\. .*moveFromId.*--allow-destroy dev-data/.*`,
          `  - prod-data: ${TABLE.replace(/\./g, "\\.")} is gone .*--allow-destroy prod-data/.*`,
          `To destroy them on purpose, .*${ALLOW_DESTROY_ENV_VAR}=`,
        ].join("\\n"),
      ),
    );
  });

  it("accepts a declared move to an address that exists, and logs that the manifest must record it", () => {
    const target = "aws_dynamodb_table.sessions_table_0A0A0A0A";
    const current = { ...matching(recorded), "dev-data": { addresses: [BUCKET, target], moved: { [TABLE]: target } } };
    expect(checkState(recorded, current)).toEqual([
      "State manifest: 1 change(s) to record:",
      `  - dev-data: ${TABLE} moves to ${target} (declared): run \`npm run state:manifest\` and commit the manifest with the move`,
    ]);
  });

  it("refuses a move whose target the stack does not have", () => {
    const current = {
      ...matching(recorded),
      "dev-data": { addresses: [BUCKET], moved: { [TABLE]: "aws_dynamodb_table.typo" } },
    };
    expect(() => checkState(recorded, current)).toThrow(
      `dev-data: ${TABLE} has a \`moved\` block to aws_dynamodb_table.typo, which the synthesized stack does not have, so Terraform would DESTROY it.`,
    );
  });

  it("logs a new stateful address without refusing it (it destroys nothing)", () => {
    const current = { ...matching(recorded), "dev-data": { addresses: [BUCKET, TABLE, "aws_kms_key.new"], moved: {} } };
    expect(checkState(recorded, current)).toEqual([
      "State manifest: 1 change(s) to record:",
      "  - dev-data: aws_kms_key.new is a new stateful resource missing from state/stateful-addresses.json: run `npm run state:manifest`",
    ]);
  });

  it("lets the switch allow exactly the destroys it names, and logs each one", () => {
    const current = { "dev-data": { addresses: [BUCKET], moved: {} }, "prod-data": { addresses: [BUCKET], moved: {} } };
    expect(() => checkState(recorded, current, [`dev-data/${TABLE}`])).toThrow(/1 stateful resource\(s\)[\s\S]*prod-data/);
    expect(checkState(recorded, current, [`dev-data/${TABLE}`, `prod-data/${TABLE}`, "prod-data/aws_s3_bucket.typo"])).toEqual([
      `${ALLOW_DESTROY_ENV_VAR}: allowing the DESTROY of dev-data/${TABLE}`,
      `${ALLOW_DESTROY_ENV_VAR}: allowing the DESTROY of prod-data/${TABLE}`,
      `${ALLOW_DESTROY_ENV_VAR}: prod-data/aws_s3_bucket.typo matches no recorded stateful address that would be destroyed`,
    ]);
  });

  it("reads the switch as entries separated by spaces or commas", () => {
    expect(allowedDestroys({ [ALLOW_DESTROY_ENV_VAR]: ` a/x.y,b/z.w  c/v.u ` })).toEqual(["a/x.y", "b/z.w", "c/v.u"]);
    expect(allowedDestroys({})).toEqual([]);
  });

  it("reads the committed manifest, and names the command when it is missing", () => {
    expect(readStateManifest()).toEqual(committed);
    const empty = mkdtempSync(join(tmpdir(), "llm-platform-no-manifest-"));
    try {
      expect(() => readStateManifest(empty)).toThrow("state/stateful-addresses.json is missing: run `npm run state:manifest`");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("reads the state of an app whose guardrails ran, with the switch from the process environment", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "dev-data");
    applyGuardrails(stack, { stage: "dev", requiredTags: [] });
    new DynamodbTable(stack, "renamed", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }] });
    const manifest = { stacks: { "dev-data": ["aws_dynamodb_table.original"] } };
    appState(app); // runs the aspects, as checkGuardrails does before synth asks
    expect(() => checkAppState(app, {}, manifest)).toThrow(/dev-data: aws_dynamodb_table\.original is gone/);
    expect(checkAppState(app, { [ALLOW_DESTROY_ENV_VAR]: "dev-data/aws_dynamodb_table.original" }, manifest)).toEqual([
      `${ALLOW_DESTROY_ENV_VAR}: allowing the DESTROY of dev-data/aws_dynamodb_table.original`,
      "State manifest: 1 change(s) to record:",
      "  - dev-data: aws_dynamodb_table.renamed is a new stateful resource missing from state/stateful-addresses.json: run `npm run state:manifest`",
    ]);
  });
});
