import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { sharedSynth } from "./support/shared-synth";
import { HEAVY_HOOK_TIMEOUT_MS } from "./support/timeouts";

/**
 * Terraform addresses are a public contract. The network construct was made
 * mode-polymorphic (stacks loop over known zones, modules use for_each) for the
 * plain Terraform modules; these fixtures are `npm run synth` of main before that
 * change, and every resource, data source, provider and backend setting must stay
 * exactly what it was. Outputs are left out: layers above add cross-stack outputs
 * whenever they read another network value. Update a fixture only in the same
 * commit as a deliberate, reviewed change to the network stack.
 */
const COMPARED_SECTIONS = ["terraform", "provider", "data", "resource"] as const;

/**
 * Resource types the network stack gained after the fixtures were taken, by
 * deliberate change: they are new resources only, and everything else must
 * still match.
 */
const ADDED_SINCE_FIXTURES: Record<string, string> = {
  aws_network_acl: "network ACLs per subnet tier (issue 15)",
  aws_network_acl_rule: "network ACLs per subnet tier (issue 15)",
};

function sections(text: string): Record<string, unknown> {
  const json = JSON.parse(text) as Record<string, any>;
  const resource = Object.fromEntries(Object.entries(json.resource ?? {}).filter(([type]) => !(type in ADDED_SINCE_FIXTURES)));
  return Object.fromEntries(COMPARED_SECTIONS.map((section) => [section, section === "resource" ? resource : json[section]]));
}
const FIXTURES = join(__dirname, "fixtures", "synth-before-module-mode");

describe("synthesized stacks", () => {
  let outdir: string;
  beforeAll(() => {
    outdir = sharedSynth().outdir;
  }, HEAVY_HOOK_TIMEOUT_MS);

  const stacks = readdirSync(FIXTURES);
  it("has a fixture for every network stack", () => {
    expect(stacks.sort()).toEqual(["dev-network", "prod-network", "staging-network"]);
  });

  it.each(stacks)("%s keeps every resource exactly as before module mode", (stack) => {
    const expected = readFileSync(join(FIXTURES, stack, "cdk.tf.json"), "utf8");
    const actual = readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
    expect(sections(actual)).toEqual(sections(expected));
  });
});
