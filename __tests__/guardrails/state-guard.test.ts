import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ENVIRONMENTS } from "../../environments";
import { synthesize } from "../../src/cli";
import { ALLOW_DESTROY_ENV_VAR, allowedDestroys, checkState, readStateManifest } from "../../src/guardrails/state-guard";
import { STATE_MANIFEST_FILE, StackState, StateManifest } from "../../src/guardrails/state-manifest";
import { declared } from "../support/environments";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

const committed = JSON.parse(readFileSync(join(__dirname, "..", "..", STATE_MANIFEST_FILE), "utf8")) as StateManifest;

/** The synthesized state that matches `manifest` exactly. */
const matching = (manifest: StateManifest): Record<string, StackState> =>
  Object.fromEntries(Object.entries(manifest.stacks).map(([id, addresses]) => [id, { addresses: [...addresses], moved: {} }]));

/** Files (not directories: cdktf creates an empty `stacks/` early) written under `dir`. */
const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name) : [];

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
});

describe("npm run synth guards the recorded stateful addresses", () => {
  const root = mkdtempSync(join(tmpdir(), "llm-platform-state-guard-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let count = 0;
  const run = (sources = ENVIRONMENTS, processEnv: NodeJS.ProcessEnv = {}, stateManifest?: StateManifest) => {
    const outdir = join(root, `out-${count++}`);
    const stderr: string[] = [];
    const stdout: string[] = [];
    const code = synthesize(sources, {
      outdir,
      processEnv,
      stateManifest,
      stderr: { write: (text: string) => stderr.push(text) },
      stdout: { write: (text: string) => stdout.push(text) },
    });
    return { code, outdir, stderr: stderr.join(""), stdout: stdout.join("") };
  };

  it(
    "fails, writing nothing, when a stateful construct id changes without a declared move, in every environment",
    () => {
      // The manifest remembers each environment's chats table under an older construct id: to synth, as after a rename.
      const renamed = (address: string) => address.replace(/^aws_dynamodb_table\.table-chats_/, "aws_dynamodb_table.table-chat-history_");
      const manifest = {
        stacks: Object.fromEntries(Object.entries(committed.stacks).map(([id, addresses]) => [id, addresses.map(renamed)])),
      };
      const { code, outdir, stderr } = run(ENVIRONMENTS, {}, manifest);
      expect(code).toBe(1);
      expect(filesUnder(outdir)).toEqual([]);
      for (const env of ["dev", "staging", "prod"]) {
        expect(stderr).toMatch(new RegExp(`  - ${env}-data: aws_dynamodb_table\\.table-chat-history_\\w+ is gone from the synthesized stack, so Terraform would DESTROY it`));
      }
      expect(stderr).toMatch(/^State check failed: 3 stateful resource\(s\)/);
    },
    HEAVY_HOOK_TIMEOUT_MS,
  );

  it(
    "fails listing every stateful address of an environment that is no longer synthesized",
    () => {
      const { code, outdir, stderr } = run([declared("dev")]);
      expect(code).toBe(1);
      expect(filesUnder(outdir)).toEqual([]);
      const lost = Object.entries(committed.stacks).filter(([id]) => !id.startsWith("dev-"));
      const count = lost.reduce((sum, [, addresses]) => sum + addresses.length, 0);
      expect(stderr).toContain(`State check failed: ${count} stateful resource(s)`);
      for (const [id, addresses] of lost) {
        for (const address of addresses) expect(stderr).toContain(`  - ${id}: ${address} is in a stack that is no longer synthesized`);
      }
    },
    HEAVY_HOOK_TIMEOUT_MS,
  );

  it(
    "writes the stacks when the switch allows the destroy, and logs it",
    () => {
      const gone = "aws_dynamodb_table.table-retired_table_00000000";
      const devStacks = Object.fromEntries(Object.entries(committed.stacks).filter(([id]) => id.startsWith("dev-")));
      const manifest = { stacks: { ...devStacks, "dev-data": [...devStacks["dev-data"], gone] } };
      const refused = run([declared("dev")], {}, manifest);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`dev-data: ${gone} is gone from the synthesized stack`);
      const allowed = run([declared("dev")], { [ALLOW_DESTROY_ENV_VAR]: `dev-data/${gone}` }, manifest);
      expect(allowed.stderr).toBe(`${ALLOW_DESTROY_ENV_VAR}: allowing the DESTROY of dev-data/${gone}\n`);
      expect(allowed.code).toBe(0);
      expect(existsSync(join(allowed.outdir, "stacks", "dev-data", "cdk.tf.json"))).toBe(true);
    },
    HEAVY_HOOK_TIMEOUT_MS,
  );
});
