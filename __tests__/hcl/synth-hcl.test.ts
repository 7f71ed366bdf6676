import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { ENVIRONMENTS } from "../../environments";
import { loadEnvironments } from "../../src/config";
import { expectedParse, parseHcl } from "../../src/hcl/roundtrip";
import { renderEnvironmentsAsHcl } from "../../src/hcl/environments";
import { HclStack, withoutMetadata, writeHclStacks } from "../../src/hcl/stacks";
import { HCL_OUTDIR } from "../../scripts/synth-hcl-paths";
import { blockMismatches, kitProviderSchemas } from "../support/provider-schemas";
import { sharedSynth } from "../support/shared-synth";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

const providerSchemas = kitProviderSchemas();

describe("npm run synth:hcl", () => {
  let stacks: Record<string, HclStack>;
  let outdir: string;
  beforeAll(async () => {
    stacks = await renderEnvironmentsAsHcl(loadEnvironments(ENVIRONMENTS), "cloud");
    outdir = sharedSynth().outdir;
  }, HEAVY_HOOK_TIMEOUT_MS);
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("renders every stack cdktf synthesizes", () => {
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(stacks).sort()).toEqual(Object.keys(manifest.stacks).sort());
  });

  it("renders exactly the JSON of cdk.tf.json, and the HCL parses back to it", async () => {
    for (const [id, stack] of Object.entries(stacks)) {
      const cdkTfJson = JSON.parse(readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8"));
      expect(stack.json).toEqual(withoutMetadata(cdkTfJson));
      expect({ id, parsed: await parseHcl("main.tf", stack.hcl) }).toEqual({ id, parsed: expectedParse(stack.json, stack.schema) });
    }
  });

  // The round trip above checks the HCL against the same block schema it was written with; this
  // checks that schema against the providers' own (the offline kit's dumps), key by key.
  (providerSchemas ? it : it.skip)("writes blocks and arguments as the providers' real schemas have them (offline kit)", () => {
    for (const [id, stack] of Object.entries(stacks)) {
      expect({ id, mismatches: blockMismatches(stack.json, stack.schema, providerSchemas!) }).toEqual({ id, mismatches: [] });
    }
  });

  it("keeps each stack's cloud workspace and provider guard", () => {
    expect(stacks["prod-network"].hcl).toContain('name    = "llm-platform-prod-network"');
    expect(stacks["prod-network"].hcl).toContain('allowed_account_ids = ["333333333333"]');
  });

  it("writes every asset a stack references next to its main.tf (the workloads layer's own chart)", () => {
    const hclDir = mkdtempSync(join(tmpdir(), "llm-platform-hcl-"));
    dirs.push(hclDir);
    writeHclStacks(stacks, hclDir);
    const referenced = Object.entries(stacks).flatMap(([id, stack]) =>
      [...stack.hcl.matchAll(/"\.\/(assets\/[^"]+)"/g)].map((match) => join(hclDir, "stacks", id, match[1])),
    );
    expect(referenced.length).toBeGreaterThan(0);
    expect(referenced.filter((path) => !existsSync(join(path, "Chart.yaml")))).toEqual([]);
  });

  it("writes outside cdktf.out, so no cdk.tf.json ever sits beside the HCL", () => {
    expect(relative(join(__dirname, "..", "..", "cdktf.out"), HCL_OUTDIR).startsWith("..")).toBe(true);
  });
});
