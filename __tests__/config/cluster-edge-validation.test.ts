import { KUBERNETES_RELEASES } from "../../src/config";
import { configErrorText, configOf, patched } from "../support/environments";

const errorText = (source: ReturnType<typeof patched>): string => configErrorText(source);

const ONE_NODE = { capacityType: "ON_DEMAND", instanceTypes: ["m6i.large"], minSize: 1, desiredSize: 1, maxSize: 1 };
const workers = (patch: unknown) => ({ cluster: { nodeGroups: { workers: patch } } });

describe("cluster configuration", () => {
  it("applies defaults: private endpoint, deletion protection, a year of logs, 50 GiB disks", () => {
    const prod = configOf("prod");
    expect(prod.cluster.endpoint).toEqual({ publicAccess: false, publicAccessCidrs: [] });
    expect(prod.cluster.deletionProtection).toBe(true);
    expect(prod.cluster.controlPlaneLogs.retentionDays).toBe(365);
    expect(prod.cluster.nodeGroups.system.diskSizeGiB).toBe(50);
    expect(prod.cluster.nodeGroups.system.taints).toEqual([]);
  });

  it("makes the support type a per-environment choice with a reason", () => {
    expect(configOf("prod").cluster.supportType).toBe("EXTENDED");
    expect(configOf("dev").cluster.supportType).toBe("STANDARD");
    const missing = errorText(patched("dev", { cluster: { supportType: undefined, supportTypeReason: "short" } }));
    expect(missing).toContain('cluster.supportType: must be one of: "STANDARD", "EXTENDED"');
    expect(missing).toContain('cluster.supportTypeReason: got "short": must say why this support type');
  });

  it("rejects desired size outside min and max, naming env, path, value and the rule", () => {
    const text = errorText(patched("dev", workers({ minSize: 3, desiredSize: 2, maxSize: 5 })));
    expect(text).toContain('Invalid configuration for environment "dev":');
    expect(text).toContain("cluster.nodeGroups.workers.desiredSize: got 2: must satisfy minSize <= desiredSize <= maxSize; have minSize 3, maxSize 5");
  });

  it("rejects a desired size above max", () => {
    const text = errorText(patched("staging", workers({ minSize: 1, desiredSize: 11, maxSize: 10 })));
    expect(text).toContain("cluster.nodeGroups.workers.desiredSize: got 11: must satisfy minSize <= desiredSize <= maxSize");
  });

  it("rejects a spot group with a single instance type", () => {
    const text = errorText(patched("dev", workers({ instanceTypes: ["m6i.large"] })));
    expect(text).toContain('cluster.nodeGroups.workers.instanceTypes: got ["m6i.large"]: a SPOT group needs at least 2 instance types');
  });

  it("rejects spot instance types of different sizes, naming both size classes", () => {
    const text = errorText(patched("dev", workers({ instanceTypes: ["m6i.large", "m6i.xlarge", "c6i.large"] })));
    expect(text).toContain('cluster.nodeGroups.workers.instanceTypes[1]: got "m6i.xlarge": is 4 vCPU / 16 GiB but m6i.large is 2 vCPU / 8 GiB');
    expect(text).toContain('cluster.nodeGroups.workers.instanceTypes[2]: got "c6i.large": is 2 vCPU / 4 GiB');
    expect(text).toContain("must share one size class");
  });

  it("rejects mixing CPU architectures in one group", () => {
    const text = errorText(patched("dev", workers({ instanceTypes: ["m6i.large", "m7g.large"] })));
    expect(text).toContain('cluster.nodeGroups.workers.instanceTypes[1]: got "m7g.large": is arm64 but m6i.large is x86_64');
  });

  it("rejects unknown and duplicate instance types with the supported list", () => {
    const text = errorText(patched("dev", workers({ instanceTypes: ["m6i.large", "m6i.large", "m9z.large"] })));
    expect(text).toContain('cluster.nodeGroups.workers.instanceTypes[1]: got "m6i.large": duplicate instance type');
    expect(text).toContain('cluster.nodeGroups.workers.instanceTypes[2]: got "m9z.large": must be a supported instance type');
    expect(text).toContain("m6a.large");
  });

  it("requires spot nodes to be tainted", () => {
    const text = errorText(patched("dev", workers({ taints: [] })));
    expect(text).toContain("cluster.nodeGroups.workers.taints: got []: a SPOT group must taint its nodes (effect NO_SCHEDULE or NO_EXECUTE)");
  });

  it("requires an on-demand system group", () => {
    const spotSystem = errorText(
      patched("dev", {
        cluster: {
          nodeGroups: {
            system: {
              capacityType: "SPOT",
              instanceTypes: ["m6i.large", "m6a.large"],
              taints: [{ key: "spot", effect: "NO_SCHEDULE" }],
            },
          },
        },
      }),
    );
    expect(spotSystem).toContain('cluster.nodeGroups.system.capacityType: got "SPOT": the system node group must be ON_DEMAND');

    const source = patched("dev", {});
    delete (source.input as any).cluster.nodeGroups.system;
    expect(errorText(source)).toContain('cluster.nodeGroups: got ["workers"]: must include a "system" node group (ON_DEMAND)');
  });

  it("rejects node group names that cannot name AWS resources", () => {
    const text = errorText(patched("dev", { cluster: { nodeGroups: { GPU_Workers: ONE_NODE } } }));
    expect(text).toContain('cluster.nodeGroups.GPU_Workers: got "GPU_Workers": node group name must be lower-case letters, digits and hyphens');
    const long = errorText(patched("dev", { cluster: { nodeGroups: { "very-long-node-group-name": ONE_NODE } } }));
    expect(long).toContain("node group name must be at most 20 characters");
  });

  it("rejects an unsupported Kubernetes version with the supported list", () => {
    const text = errorText(patched("dev", { cluster: { kubernetesVersion: "1.27" } }));
    expect(text).toContain('cluster.kubernetesVersion: got "1.27": must be one of: "1.34", "1.35"');
  });

  it("takes the EKS add-on versions from the release table, never from the environment", () => {
    const dev = configOf("dev");
    expect(dev.cluster.addons).toEqual(KUBERNETES_RELEASES[dev.cluster.kubernetesVersion].eksAddons);
    const text = errorText(patched("dev", { cluster: { addons: { kubeProxy: "v1.32.6-eksbuild.2" } } }));
    expect(text).toContain("cluster.addons: unknown field");
  });

  it("requires an allow-list for a public endpoint, and rejects one that is open to the world", () => {
    const empty = errorText(patched("dev", { cluster: { endpoint: { publicAccess: true, publicAccessCidrs: [] } } }));
    expect(empty).toContain("cluster.endpoint.publicAccessCidrs: got []: a public endpoint needs an allow-list");
    const open = errorText(patched("dev", { cluster: { endpoint: { publicAccessCidrs: ["0.0.0.0/0"] } } }));
    expect(open).toContain('cluster.endpoint.publicAccessCidrs[0]: got "0.0.0.0/0": must be an IPv4 CIDR block');
    expect(open).toContain("prefix length from /8 to /32");
  });

  it("rejects an allow-list on a private endpoint, where it would be silently ignored", () => {
    const text = errorText(patched("prod", { cluster: { endpoint: { publicAccessCidrs: ["198.51.100.0/24"] } } }));
    expect(text).toContain('cluster.endpoint.publicAccessCidrs: got ["198.51.100.0/24"]: only applies to a public endpoint');
  });

  it.each(["dev", "prod"] as const)("keeps %s's endpoint private unless a reason is given", (name) => {
    const text = errorText(
      patched(name, {
        cluster: { endpoint: { publicAccess: true, publicAccessCidrs: ["198.51.100.0/24"], publicAccessReason: undefined } },
      }),
    );
    expect(text).toContain("cluster.endpoint.publicAccess: got true: a public API endpoint deviates from private-only");
    expect(text).toContain("give publicAccessReason saying why");
    const withReason = configOf(name, {
      cluster: {
        endpoint: {
          publicAccess: true,
          publicAccessCidrs: ["198.51.100.0/24"],
          publicAccessReason: "CI runners outside the VPC",
        },
      },
    });
    expect(withReason.cluster.endpoint.publicAccess).toBe(true);
  });

  it("keeps deletion protection and a highly available system group in prod", () => {
    const text = errorText(
      patched("prod", {
        cluster: { deletionProtection: false, nodeGroups: { system: { minSize: 1, desiredSize: 1 } } },
      }),
    );
    expect(text).toContain("cluster.deletionProtection: got false: stage prod must keep deletion protection on");
    expect(text).toContain("cluster.nodeGroups.system.minSize: got 1: stage prod must be highly available");
    expect(configOf("dev").cluster.deletionProtection).toBe(false);
  });

  it("requires an admin, one entry per principal, and principals of the environment's account", () => {
    const text = errorText(
      patched("staging", {
        cluster: {
          access: {
            "platform-admins": { access: "viewer", principalArn: "arn:aws:iam::222222222222:role/developer-readonly" },
            auditors: { principalArn: "arn:aws:iam::333333333333:role/auditor", access: "viewer" },
          },
        },
      }),
    );
    expect(text).toContain('cluster.access: got ["platform-admins","developers","auditors"]: at least one principal needs admin access');
    expect(text).toContain(
      'cluster.access.developers.principalArn: got "arn:aws:iam::222222222222:role/developer-readonly": already given in access entry "platform-admins"',
    );
    expect(text).toContain(
      'cluster.access.auditors.principalArn: got "arn:aws:iam::333333333333:role/auditor": must be an IAM role or user of this environment\'s account 222222222222',
    );
  });

  it("rejects a principal that is not an IAM role or user ARN", () => {
    const text = errorText(patched("dev", { cluster: { access: { developers: { principalArn: "developer-readonly" } } } }));
    expect(text).toContain('cluster.access.developers.principalArn: got "developer-readonly": must be the ARN of an IAM role or user');
  });

  it("rejects unknown node group fields with a suggestion", () => {
    const text = errorText(patched("dev", workers({ desiredSzie: 3 })));
    expect(text).toContain('cluster.nodeGroups.workers.desiredSzie: unknown field (did you mean "desiredSize"?)');
  });
});

describe("edge configuration", () => {
  it("applies defaults: 5-minute rate window, no anonymous IP blocking, a year of logs", () => {
    const dev = configOf("dev");
    expect(dev.edge.waf.rateLimit.windowSeconds).toBe(300);
    expect(dev.edge.waf.blockAnonymousIps).toBe(false);
    expect(dev.edge.waf.logs.retentionDays).toBe(365);
    expect(configOf("prod").edge.waf.logs.retentionDays).toBe(731);
  });

  it("rejects a rate limit WAF does not accept", () => {
    const text = errorText(patched("dev", { edge: { waf: { rateLimit: { requests: 5, windowSeconds: 90 } } } }));
    expect(text).toContain("edge.waf.rateLimit.requests: got 5: must be at least 10, the smallest limit WAF accepts");
    expect(text).toContain("edge.waf.rateLimit.windowSeconds: got 90: must be one of: 60, 120, 300, 600");
  });

  it("rejects an admin allow-list that is empty, open to the world or has a bad path", () => {
    const text = errorText(patched("prod", { edge: { waf: { adminAllowList: { pathPrefixes: ["admin"], cidrs: [] } } } }));
    expect(text).toContain("edge.waf.adminAllowList.pathPrefixes[0]: got \"admin\": must be a URI path prefix starting with '/'");
    expect(text).toContain("edge.waf.adminAllowList.cidrs: got []: list at least one CIDR allowed to reach the admin paths");
    const open = errorText(patched("prod", { edge: { waf: { adminAllowList: { cidrs: ["0.0.0.0/0"] } } } }));
    expect(open).toContain('edge.waf.adminAllowList.cidrs[0]: got "0.0.0.0/0": must be an IPv4 CIDR block');
  });

  it("redacts x-api-key by default and rejects bad large-body paths, header names and per-key limits", () => {
    expect(configOf("dev").edge.waf.logs.redactedHeaders).toEqual(["x-api-key"]);
    const text = errorText(
      patched("dev", {
        edge: {
          waf: {
            largeBodyPathPrefixes: ["v1/chat"],
            rateLimitPerKey: { header: "X-Api-Key", requests: 1 },
            logs: { redactedHeaders: ["Authorization Token"] },
          },
        },
      }),
    );
    expect(text).toContain("edge.waf.largeBodyPathPrefixes[0]: got \"v1/chat\": must be a URI path prefix starting with '/'");
    expect(text).toContain('edge.waf.rateLimitPerKey.header: got "X-Api-Key": must be a lower-case HTTP header name');
    expect(text).toContain("edge.waf.rateLimitPerKey.requests: got 1: must be at least 10");
    expect(text).toContain('edge.waf.logs.redactedHeaders[0]: got "Authorization Token": must be a lower-case HTTP header name');
  });
});
