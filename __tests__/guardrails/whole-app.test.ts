import { App, TerraformStack, Testing } from "cdktf";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ENVIRONMENTS } from "../../environments";
import { addEnvironments } from "../../src/app";
import { POLICY_REPORT_FILE, synthesize } from "../../src/cli";
import { loadEnvironments } from "../../src/config";
import { POLICY_SUPPRESSIONS } from "../../src/guardrails";
import { ALLOW_DESTROY_ENV_VAR } from "../../src/guardrails/state-guard";
import { STATE_MANIFEST_FILE, StateManifest, appState, manifestProblems, stackState } from "../../src/guardrails/state-manifest";
import { declared } from "../support/environments";
import { sharedSynth } from "../support/shared-synth";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

// The guardrails on the whole app, every environment: slow, so kept apart from the rule and
// manifest unit tests (the mutation run, `npm run mutate`, leaves this file out).

const committed = JSON.parse(readFileSync(join(__dirname, "..", "..", STATE_MANIFEST_FILE), "utf8")) as StateManifest;

/** Files (not directories: cdktf creates an empty `stacks/` early) written under `dir`. */
const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name)
    : [];

describe("the app's guardrails", () => {
  let app: App;
  beforeAll(() => {
    app = Testing.app();
    addEnvironments(app, loadEnvironments(ENVIRONMENTS));
  }, HEAVY_HOOK_TIMEOUT_MS);

  it("the committed state manifest lists exactly the stateful addresses every environment synthesizes", () => {
    const state = appState(app);
    expect(manifestProblems(committed, state)).toEqual([]);
    // The state is read from the constructs (cheap enough for every synth): it must be what the stacks
    // synthesize, as npm run synth wrote them (the suite's shared synth of the same environments).
    const { stack } = sharedSynth();
    const stackIds = app.node
      .findAll()
      .filter(TerraformStack.isStack)
      .map((each) => each.node.id);
    expect(Object.keys(state).sort()).toEqual(stackIds.sort());
    for (const id of stackIds) expect({ id, state: state[id] }).toEqual({ id, state: stackState(stack(id)) });
  });

  it("prevent_destroy is applied to prod layer stacks and not to dev ones", () => {
    // What npm run synth wrote: the suite's one shared synth, not a second synth of every stack.
    const { stack } = sharedSynth();
    const vpcLifecycle = (id: string) => Object.values(stack(id).resource!.aws_vpc)[0].lifecycle;
    expect(vpcLifecycle("prod-network")).toEqual({ prevent_destroy: true });
    expect(vpcLifecycle("dev-network")).toBeUndefined();
    expect(Object.values(stack("prod-network").resource!.aws_route)[0].lifecycle).toBeUndefined();
  });

  it("suppressions committed in POLICY_SUPPRESSIONS all match something in the app, and the app passes every rule", () => {
    // The report npm run synth wrote (the shared synth): what checkGuardrails found over every environment.
    const report = JSON.parse(readFileSync(join(sharedSynth().outdir, POLICY_REPORT_FILE), "utf8")) as { violations: unknown[]; unusedSuppressions: unknown[] };
    expect(report.violations).toEqual([]);
    expect(report.unusedSuppressions).toEqual([]);
    expect(POLICY_SUPPRESSIONS.every((s) => s.reason.length >= 20)).toBe(true);
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
        expect(stderr).toMatch(
          new RegExp(`  - ${env}-data: aws_dynamodb_table\\.table-chat-history_\\w+ is gone from the synthesized stack, so Terraform would DESTROY it`),
        );
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
