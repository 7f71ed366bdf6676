import { EKS_ADDONS, KUBERNETES_RELEASES, KUBERNETES_VERSIONS, WORKLOAD_CHARTS, chartVersion, minorOf, type KubernetesVersion } from "../../src/config";
import { allConfigs } from "../support/environments";

const rows = Object.entries(KUBERNETES_RELEASES) as [KubernetesVersion, (typeof KUBERNETES_RELEASES)[KubernetesVersion]][];

describe("the Kubernetes release table", () => {
  it("has one row per supported minor, in order, and nothing else", () => {
    expect(Object.keys(KUBERNETES_RELEASES)).toEqual([...KUBERNETES_VERSIONS]);
    const minors = KUBERNETES_VERSIONS.map((version) => Number(version.split(".")[1]));
    // Consecutive minors: EKS upgrades one minor at a time, so the upgrade path needs every step.
    minors.slice(1).forEach((minor, index) => expect(minor).toBe(minors[index] + 1));
  });

  it.each(rows)("%s: the autoscaler image and kube-proxy match the minor", (minor, release) => {
    expect(release.clusterAutoscalerImageTag).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(minorOf(release.clusterAutoscalerImageTag)).toBe(minor);
    expect(minorOf(release.eksAddons.kubeProxy)).toBe(minor);
  });

  it.each(rows)("%s: every EKS add-on has an EKS add-on version", (_minor, release) => {
    expect(Object.keys(release.eksAddons).sort()).toEqual(Object.keys(EKS_ADDONS).sort());
    for (const version of Object.values(release.eksAddons)) expect(version).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
  });

  it.each(rows)("%s: every chart has exact versions", (_minor, release) => {
    expect(Object.keys(release.charts).sort()).toEqual(Object.keys(WORKLOAD_CHARTS).sort());
    for (const versions of Object.values(release.charts)) {
      expect(versions.length).toBeGreaterThan(0);
      for (const version of versions) expect(chartVersion.safeParse(version).success).toBe(true);
    }
  });

  it.each(rows)("%s: support dates are ISO dates, extended support 12 months after standard", (_minor, release) => {
    const standard = new Date(`${release.standardSupportUntil}T00:00:00Z`);
    const extended = new Date(`${release.extendedSupportUntil}T00:00:00Z`);
    expect(Number.isNaN(standard.getTime())).toBe(false);
    expect(extended.getUTCFullYear() - standard.getUTCFullYear()).toBe(1);
    expect(extended.getUTCMonth()).toBe(standard.getUTCMonth());
  });

  it("newer minors never pin older add-ons than older minors", () => {
    const parts = (version: string) =>
      version
        .slice(1)
        .split(/[.-]/)
        .filter((part) => /^\d+$/.test(part))
        .map(Number);
    const compare = (a: string, b: string) => {
      const [x, y] = [parts(a), parts(b)];
      for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
      return 0;
    };
    rows.slice(1).forEach(([, release], index) => {
      const older = rows[index][1];
      for (const key of Object.keys(EKS_ADDONS) as (keyof typeof EKS_ADDONS)[]) {
        expect(compare(release.eksAddons[key], older.eksAddons[key])).toBeGreaterThanOrEqual(0);
      }
    });
  });

  it("every environment runs versions from its minor's row", () => {
    for (const env of allConfigs()) {
      const release = KUBERNETES_RELEASES[env.cluster.kubernetesVersion];
      expect(env.cluster.addons).toEqual(release.eksAddons);
      for (const key of Object.keys(WORKLOAD_CHARTS) as (keyof typeof WORKLOAD_CHARTS)[]) {
        expect(release.charts[key]).toContain(env.workloads.addons[key].chart.version);
      }
    }
  });
});
