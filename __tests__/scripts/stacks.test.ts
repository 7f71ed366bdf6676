import { changedStacks, sameTerraform, withoutMetadata } from "../../scripts/lib/synth-diff";
import { environmentStacks, orderStacks, parseStackId, synthesizedStackIds, upstreamStacks } from "../../scripts/lib/stacks";
import { environmentOrder } from "../../scripts/lib/environment-order";
import { SynthOutputs, cloudStack } from "../support/synth-outputs";

const outputs = new SynthOutputs();
afterAll(() => outputs.cleanup());

const vpc = (cidr: string, path = "dev-network/network/vpc") => ({
  aws_vpc: { network_vpc_4E8F0223: { "//": { metadata: { path, uniqueId: "network_vpc_4E8F0223" } }, cidr_block: cidr } },
});

describe("changed stacks", () => {
  it("ignores cdktf's // metadata at any depth, and key order", () => {
    expect(withoutMetadata({ "//": 1, b: [{ "//": 2, c: 3 }], a: 1 })).toEqual({ a: 1, b: [{ c: 3 }] });
    expect(sameTerraform({ a: 1, b: 2, "//": { version: "0.20" } }, { b: 2, a: 1, "//": { version: "0.21" } })).toBe(true);
    expect(sameTerraform({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });

  it("reports added, changed and removed stacks and nothing else", () => {
    const base = outputs.create({
      "dev-network": cloudStack("llm-platform-dev-network", vpc("10.10.0.0/16"), { version: "0.20.0" }),
      "staging-network": cloudStack("llm-platform-staging-network", vpc("10.20.0.0/16")),
      "qa-network": cloudStack("llm-platform-qa-network"),
    });
    const head = outputs.create({
      // Only metadata differs: not a change.
      "dev-network": cloudStack("llm-platform-dev-network", vpc("10.10.0.0/16", "dev-network/moved/vpc"), { version: "0.21.0" }),
      "staging-network": cloudStack("llm-platform-staging-network", vpc("10.21.0.0/16")),
      "dev-data": cloudStack("llm-platform-dev-data"),
    });
    expect(changedStacks(base, head)).toEqual([
      { id: "dev-data", change: "added" },
      { id: "qa-network", change: "removed" },
      { id: "staging-network", change: "changed" },
    ]);
  });

  it("treats a missing base output (first pull request) as every stack added", () => {
    const head = outputs.create({ "dev-network": cloudStack("ws") });
    expect(synthesizedStackIds("/nonexistent/cdktf.out")).toEqual([]);
    expect(changedStacks("/nonexistent/cdktf.out", head)).toEqual([{ id: "dev-network", change: "added" }]);
  });
});

describe("stack order", () => {
  it("splits stack ids into environment and layer, environments may contain dashes", () => {
    expect(parseStackId("prod-eu-cluster")).toEqual({ id: "prod-eu-cluster", env: "prod-eu", layer: "cluster" });
    expect(() => parseStackId("dev-frontend")).toThrow('stack id "dev-frontend" is not <env>-<layer>');
    expect(() => parseStackId("-network")).toThrow();
  });

  it("orders by promotion order of environments, then by layer", () => {
    const ids = ["prod-network", "dev-workloads", "staging-data", "dev-edge", "dev-network", "zz-network", "dev-cluster", "dev-data"];
    expect(orderStacks(ids, environmentOrder()).map((stack) => stack.id)).toEqual([
      "dev-network",
      "dev-data",
      "dev-cluster",
      "dev-edge",
      "dev-workloads",
      "staging-data",
      "prod-network",
      "zz-network",
    ]);
    expect(environmentOrder()).toEqual(["dev", "staging", "prod"]);
  });

  it("lists one environment's stacks in apply order", () => {
    expect(environmentStacks(["dev-edge", "prod-network", "dev-network"], "dev").map((stack) => stack.id)).toEqual(["dev-network", "dev-edge"]);
  });

  it("finds the upstream stacks that exist", () => {
    const existing = ["dev-network", "dev-data", "dev-workloads"];
    expect(upstreamStacks(parseStackId("dev-workloads"), existing).map((stack) => stack.id)).toEqual(["dev-network", "dev-data"]);
    expect(upstreamStacks(parseStackId("dev-edge"), existing)).toEqual([]);
  });
});
