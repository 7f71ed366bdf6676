import { deployEnvironment, renderDeploySummary } from "../../scripts/lib/deploy";

describe("deploy flow", () => {
  const stacks = ["prod-network", "dev-workloads", "dev-network", "dev-data", "dev-cluster", "dev-edge"];

  it("deploys one environment's stacks in layer order", async () => {
    const deployed: string[] = [];
    const outcomes = await deployEnvironment(stacks, "dev", async (stack) => {
      deployed.push(stack.id);
      return { code: 0, output: "" };
    });
    expect(deployed).toEqual(["dev-network", "dev-data", "dev-cluster", "dev-edge", "dev-workloads"]);
    expect(outcomes.every((outcome) => outcome.status === "applied")).toBe(true);
  });

  it("stops at the first failed layer and skips the layers above", async () => {
    const deployed: string[] = [];
    const outcomes = await deployEnvironment(stacks, "dev", async (stack) => {
      deployed.push(stack.id);
      return stack.id === "dev-data" ? { code: 1, output: "Error: creating RDS Cluster\nquota exceeded\n" } : { code: 0, output: "" };
    });
    expect(deployed).toEqual(["dev-network", "dev-data"]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["applied", "failed", "skipped", "skipped", "skipped"]);
    expect(outcomes[1].message).toBe("Error: creating RDS Cluster / quota exceeded");
    expect(renderDeploySummary("dev", outcomes)).toContain("| `dev-data` | ❌ failed | Error: creating RDS Cluster / quota exceeded |");
  });

  it("refuses an environment with no synthesized stacks", async () => {
    await expect(deployEnvironment(stacks, "qa", async () => ({ code: 0, output: "" }))).rejects.toThrow('no synthesized stacks for environment "qa"');
  });
});
