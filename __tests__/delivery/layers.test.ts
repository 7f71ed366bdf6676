import { applyOrderViolations, consumersOf, upstreamLayers } from "../../src/layers";
import { LAYERS, LAYER_DEPENDENCIES } from "../../src/naming";

describe("layer dependencies", () => {
  it("lets the committed apply order apply top to bottom", () => {
    expect(LAYERS).toEqual(["network", "data", "cluster", "edge", "workloads"]);
    expect(applyOrderViolations()).toEqual([]);
  });

  it("rejects an order that applies a layer before one it reads", () => {
    expect(applyOrderViolations(["data", "network", "cluster", "edge", "workloads"])).toEqual([
      "layer data reads network, so network must come before data in the apply order",
    ]);
  });

  it("rejects an order that drops or repeats a layer", () => {
    expect(applyOrderViolations(["network", "data", "cluster", "cluster", "workloads"])).toEqual([
      "layer cluster appears 2 times in the apply order; it must appear once",
      "layer edge appears 0 times in the apply order; it must appear once",
    ]);
  });

  it("rejects a dependency map with a layer reading a later one", () => {
    const cyclic = { ...LAYER_DEPENDENCIES, network: ["workloads" as const] };
    expect(applyOrderViolations(LAYERS, cyclic)).toContain("layer network reads workloads, so workloads must come before network in the apply order");
  });

  it("shares each layer's state only with the layers that read it", () => {
    expect(consumersOf("network")).toEqual(["data", "cluster", "workloads"]);
    expect(consumersOf("data")).toEqual(["cluster", "workloads"]);
    expect(consumersOf("cluster")).toEqual(["workloads"]);
    expect(consumersOf("edge")).toEqual(["workloads"]);
    expect(consumersOf("workloads")).toEqual([]);
  });

  it("names each layer's upstream layers", () => {
    expect(upstreamLayers("edge")).toEqual([]);
    expect(upstreamLayers("workloads")).toEqual(["network", "data", "cluster", "edge"]);
  });
});
