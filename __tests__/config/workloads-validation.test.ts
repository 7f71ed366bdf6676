import { KUBERNETES_RELEASES, WORKLOAD_CHARTS, cpuCores, loadEnvironments, memoryBytes } from "../../src/config";
import { configErrorText, configOf, patched } from "../support/environments";

const errorText = (name: "dev" | "staging" | "prod", patch: unknown): string => configErrorText(patched(name, patch));

const app = (patch: unknown) => ({ workloads: { applications: { "llm-api": patch } } });
const addons = (patch: unknown) => ({ workloads: { addons: patch } });

describe("workloads configuration", () => {
  it("applies defaults: charts of the cluster's Kubernetes version, HPA targets 70/80, add-ons off", () => {
    const dev = configOf("dev");
    const release = KUBERNETES_RELEASES[dev.cluster.kubernetesVersion];
    expect(dev.workloads.addons.awsLoadBalancerController.chart).toEqual({
      repository: WORKLOAD_CHARTS.awsLoadBalancerController.repository,
      version: release.charts.awsLoadBalancerController[0],
    });
    expect(dev.workloads.addons.clusterAutoscaler.chart.version).toBe(release.charts.clusterAutoscaler[0]);
    expect(dev.workloads.applications["llm-api"]).toMatchObject({ kind: "api", port: 8000, autoscaling: { targetCpuPercent: 70, targetMemoryPercent: 80 } });
    expect(dev.workloads.addons.kubePrometheusStack.enabled).toBe(false);
    expect(configOf("staging").workloads.addons.kubePrometheusStack).toMatchObject({
      prometheusVolumeGiB: 50,
      alertmanagerVolumeGiB: 5,
    });
  });

  it("parses Kubernetes quantities", () => {
    expect(cpuCores("250m")).toBe(0.25);
    expect(cpuCores("2")).toBe(2);
    expect(cpuCores("2 cores")).toBeUndefined();
    expect(memoryBytes("1Gi")).toBe(2 ** 30);
    expect(memoryBytes("1G")).toBe(1e9);
    expect(memoryBytes("1GB")).toBeUndefined();
  });

  it.each(["^3.5.0", "3.5", "latest", "3.5.0-rc.1", "~9.59.0"])("rejects chart version %s", (version) => {
    const text = errorText("dev", addons({ clusterAutoscaler: { chart: { repository: "https://kubernetes.github.io/autoscaler", version } } }));
    expect(text).toContain('Invalid configuration for environment "dev":');
    expect(text).toContain(
      `workloads.addons.clusterAutoscaler.chart.version: got "${version}": must be an exact chart version such as "1.14.0" (or "v1.19.1"): no ranges, wildcards or pre-releases`,
    );
  });

  it("rejects a chart repository that is not https or oci", () => {
    const text = errorText("dev", addons({ metricsServer: { chart: { repository: "http://charts.example.com", version: "1.0.0" } } }));
    expect(text).toContain(
      'workloads.addons.metricsServer.chart.repository: got "http://charts.example.com": must be an https:// or oci:// Helm repository URL',
    );
  });

  it("rejects a chart version the release table does not list for the cluster's Kubernetes version", () => {
    const text = errorText("dev", addons({ clusterAutoscaler: { chart: { version: "9.53.0" } } }));
    expect(text).toContain(
      'workloads.addons.clusterAutoscaler.chart.version: got "9.53.0": is not known to support Kubernetes 1.35 (cluster.kubernetesVersion): KUBERNETES_RELEASES in src/config/kubernetes-releases.ts lists 9.59.0',
    );
  });

  it("accepts the autoscaler chart of an older minor together with that minor", () => {
    const config = configOf("dev", { cluster: { kubernetesVersion: "1.34" }, workloads: { addons: { clusterAutoscaler: { chart: { version: "9.53.0" } } } } });
    expect(config.workloads.addons.clusterAutoscaler.chart.version).toBe("9.53.0");
    expect(config.cluster.addons.kubeProxy).toBe(KUBERNETES_RELEASES["1.34"].eksAddons.kubeProxy);
  });

  it("keeps the streaming settings consistent: drain and grace period cover the longest stream", () => {
    const text = errorText(
      "dev",
      app({ traffic: { maxStreamSeconds: 600, deregistrationDelaySeconds: 300, preStopSleepSeconds: 20, terminationGracePeriodSeconds: 330 } }),
    );
    expect(text).toContain(
      "workloads.applications.llm-api.traffic.deregistrationDelaySeconds: got 300: must be at least traffic.maxStreamSeconds (600): the ALB would cut streams of pods being scaled in",
    );
    expect(text).toContain(
      "workloads.applications.llm-api.traffic.terminationGracePeriodSeconds: got 330: must be at least traffic.preStopSleepSeconds + traffic.maxStreamSeconds (20 + 600)",
    );
    expect(errorText("dev", app({ traffic: { idleTimeoutSeconds: 5000 } }))).toContain("workloads.applications.llm-api.traffic.idleTimeoutSeconds: got 5000");
  });

  it("requires prod to tell someone: at least one alarm subscriber", () => {
    const text = errorText("prod", { data: { alarms: { emailSubscribers: [] } } });
    expect(text).toContain("data.alarms.emailSubscribers: got []: stage prod must tell someone");
    for (const name of ["dev", "staging", "prod"] as const) {
      expect(configOf(name).data.alarms.emailSubscribers.length).toBeGreaterThan(0);
    }
  });

  it("rejects a malformed Prometheus retention", () => {
    const text = errorText("prod", addons({ kubePrometheusStack: { retention: "30 days" } }));
    expect(text).toContain('workloads.addons.kubePrometheusStack.retention: got "30 days": must be a Prometheus duration');
  });

  it("rejects unknown add-on fields with a suggestion", () => {
    const text = errorText("dev", addons({ kubePrometheusStack: { enable: true } }));
    expect(text).toContain('workloads.addons.kubePrometheusStack.enable: unknown field (did you mean "enabled"?)');
  });

  it.each([
    [
      "the image tag latest",
      { image: { repository: "111111111111.dkr.ecr.us-east-1.amazonaws.com/llm-api", tag: "latest" } },
      'workloads.applications.llm-api.image.tag: got "latest": must pin a release: "latest" changes under a running Deployment',
    ],
    [
      "a malformed image tag",
      { image: { repository: "111111111111.dkr.ecr.us-east-1.amazonaws.com/llm-api", tag: "v1 final" } },
      'workloads.applications.llm-api.image.tag: got "v1 final": must be an image tag',
    ],
    [
      "an image repository with a tag",
      { image: { repository: "llm-api:1.0", tag: "1.0.0" } },
      'workloads.applications.llm-api.image.repository: got "llm-api:1.0": must be an image repository without a tag',
    ],
    [
      "a malformed host",
      { ingress: { host: "https://api.example.com" } },
      'workloads.applications.llm-api.ingress.host: got "https://api.example.com": must be a fully qualified lower-case DNS name',
    ],
    [
      "a malformed certificate ARN",
      { ingress: { certificateArn: "arn:aws:acm:us-east-1:111111111111:cert/abc" } },
      'workloads.applications.llm-api.ingress.certificateArn: got "arn:aws:acm:us-east-1:111111111111:cert/abc": must be an ACM certificate ARN: arn:<partition>:acm:<region>:<12-digit account>:certificate/<uuid>',
    ],
    [
      "a weak TLS policy",
      { ingress: { sslPolicy: "ELBSecurityPolicy-2016-08" } },
      'workloads.applications.llm-api.ingress.sslPolicy: got "ELBSecurityPolicy-2016-08": must be one of: "ELBSecurityPolicy-TLS13-1-2-2021-06"',
    ],
    [
      "a malformed CPU quantity",
      { resources: { requests: { cpu: "half", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } } },
      'workloads.applications.llm-api.resources.requests.cpu: got "half": must be a positive CPU quantity such as "250m" or "2"',
    ],
    [
      "a malformed memory quantity",
      { resources: { requests: { cpu: "250m", memory: "512MB" }, limits: { cpu: "1", memory: "1Gi" } } },
      'workloads.applications.llm-api.resources.requests.memory: got "512MB": must be a positive memory quantity',
    ],
    [
      "requests above limits",
      { resources: { requests: { cpu: "2", memory: "2Gi" }, limits: { cpu: "1", memory: "1Gi" } } },
      'workloads.applications.llm-api.resources.requests.cpu: got "2": request is above the limit (1); requests must be at most the limits',
    ],
    [
      "min replicas above max",
      { replicas: 3, autoscaling: { minReplicas: 3, maxReplicas: 2 } },
      "workloads.applications.llm-api.autoscaling.minReplicas: got 3: must be at most autoscaling.maxReplicas (2)",
    ],
    ["replicas outside the HPA range", { replicas: 5 }, "workloads.applications.llm-api.replicas: got 5: must lie within the autoscaling range 1-3"],
    [
      "a PDB that blocks every drain",
      { disruptionBudget: { minAvailable: 1 } },
      "workloads.applications.llm-api.disruptionBudget.minAvailable: got 1: must be below autoscaling.minReplicas (1); otherwise no pod may ever be evicted",
    ],
    [
      "a malformed env name",
      { env: { "log-level": "debug" } },
      'workloads.applications.llm-api.env.log-level: got "log-level": environment variable names must be upper-case letters',
    ],
    [
      "an env name the stack sets",
      { env: { DB_HOST: "localhost" } },
      'workloads.applications.llm-api.env.DB_HOST: got "DB_HOST": is set by the stack from the data layer; reserved:',
    ],
    ["an env name with a table prefix", { env: { DYNAMODB_TABLE_X: "x" } }, "and names starting DYNAMODB_TABLE_ or S3_BUCKET_"],
    ["a duplicate table", { tables: ["templates", "templates"] }, 'workloads.applications.llm-api.tables[1]: got "templates": duplicate table'],
    ["an undeclared namespace", { namespace: "chat" }, 'workloads.applications.llm-api.namespace: got "chat": must be one of workloads.namespaces: llm-api'],
  ])("rejects %s", (_why, patch, message) => {
    const text = errorText("dev", app(patch));
    expect(text).toContain('Invalid configuration for environment "dev":');
    expect(text).toContain(message);
  });

  it("rejects a namespace quota whose requests exceed its limits", () => {
    const quota = { requests: { cpu: "8", memory: "8Gi" }, limits: { cpu: "4", memory: "16Gi" }, pods: 10 };
    const text = errorText("dev", { workloads: { namespaces: { "llm-api": { quota } } } });
    expect(text).toContain('workloads.namespaces.llm-api.quota.requests.cpu: got "8": request is above the limit (4)');
  });

  it("rejects a namespace name Kubernetes would refuse", () => {
    const namespace = configOf("dev").workloads.namespaces["llm-api"];
    const text = errorText("dev", { workloads: { namespaces: { Bad_Name: namespace } } });
    expect(text).toContain('workloads.namespaces.Bad_Name: got "Bad_Name": namespace must be a DNS-1123 label');
  });

  it("rejects a certificate of another account or region", () => {
    const certificateArn = "arn:aws:acm:eu-west-1:222222222222:certificate/0b1c2d3e-1111-4a5b-8c9d-0e1f2a3b4c5d";
    const text = errorText("dev", app({ ingress: { certificateArn } }));
    expect(text).toContain(
      `workloads.applications.llm-api.ingress.certificateArn: got "${certificateArn}": the load balancer can only use a certificate of its own account and region: expected arn:aws:acm:us-east-1:111111111111:certificate/...`,
    );
  });

  it("requires prod to be highly available and monitored", () => {
    const text = errorText("prod", {
      workloads: {
        addons: { kubePrometheusStack: { enabled: false } },
        applications: {
          "llm-api": {
            replicas: 1,
            autoscaling: { minReplicas: 1 },
            disruptionBudget: { minAvailable: 0 },
            zoneSpread: "ScheduleAnyway",
          },
        },
      },
    });
    expect(text).toContain("workloads.applications.llm-api.autoscaling.minReplicas: got 1: stage prod must be highly available: at least 2 replicas");
    expect(text).toContain("workloads.applications.llm-api.disruptionBudget.minAvailable: got 0: stage prod must be highly available: keep at least 1 pod up");
    expect(text).toContain('workloads.applications.llm-api.zoneSpread: got "ScheduleAnyway": stage prod must be highly available: use "DoNotSchedule"');
    expect(text).toContain("workloads.addons.kubePrometheusStack.enabled: got false: stage prod must be monitored: enable kube-prometheus-stack");
  });

  it("lets dev run a single replica without monitoring", () => {
    expect(() => configOf("dev", app({ replicas: 1, autoscaling: { minReplicas: 1 } }))).not.toThrow();
  });

  it("reports a missing workloads section", () => {
    const source = patched("dev", {});
    delete (source.input as { workloads?: unknown }).workloads;
    expect(() => loadEnvironments([source])).toThrow("workloads: required field is missing (expected object)");
  });
});

describe("workloads configuration: exposure and image pinning per stage", () => {
  it("refuses a non-prod load balancer open to the internet, and open CIDRs", () => {
    expect(errorText("staging", app({ ingress: { inboundCidrs: undefined } }))).toContain(
      "workloads.applications.llm-api.ingress.inboundCidrs: stage staging must not be open to the internet: list the client networks its load balancer accepts",
    );
    expect(errorText("dev", app({ ingress: { inboundCidrs: ["0.0.0.0/0"] } }))).toContain(
      'workloads.applications.llm-api.ingress.inboundCidrs[0]: got "0.0.0.0/0": must be an IPv4 CIDR block',
    );
  });

  it("refuses a tag in prod: prod runs by digest", () => {
    expect(errorText("prod", app({ image: { tag: "1.0.0" } }))).toContain(
      'workloads.applications.llm-api.image.tag: got "1.0.0": stage prod must run an image by digest',
    );
    expect(configOf("prod").workloads.applications["llm-api"].image.tag).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(configOf("dev").workloads.applications["llm-api"].image.tag).toBe("1.0.0");
  });

  it("requires the endpoints the application reaches AWS through, and a reason for every internet destination", () => {
    expect(errorText("dev", { network: { interfaceEndpoints: ["secretsmanager"] } })).toContain(
      'network.interfaceEndpoints: got ["secretsmanager"]: add "sts" and "monitoring": the workloads\' and the platform jobs\' network policies reach AWS APIs only through VPC endpoints (STS (IRSA credentials, the search admin role); CloudWatch metrics (published by workloads, read by KEDA))',
    );
    const text = errorText("dev", app({ internetEgress: [{ cidrs: ["0.0.0.0/0"], reason: "because" }] }));
    expect(text).toContain('workloads.applications.llm-api.internetEgress[0].reason: got "because": say what is reached there and why');
  });

  it("requires the image from the environment's own ECR, whose repository the cluster layer manages", () => {
    expect(errorText("dev", app({ image: { repository: "docker.io/acme/llm-api" } }))).toContain(
      'workloads.applications.llm-api.image.repository: got "docker.io/acme/llm-api": the image must come from the environment\'s own ECR',
    );
    expect(errorText("dev", app({ image: { repository: "222222222222.dkr.ecr.us-east-1.amazonaws.com/llm-api" } }))).toContain(
      "expected 111111111111.dkr.ecr.us-east-1.amazonaws.com/<name>",
    );
  });
});

describe("a workload's database user", () => {
  it("is refused, naming the workload, when its name does not make a plain PostgreSQL identifier", () => {
    const { image, resources } = configOf("dev").workloads.applications["llm-api"];
    const worker = (database: boolean) => ({
      workloads: { applications: { "1worker": { kind: "worker", namespace: "llm-api", image, resources, database } } },
    });
    expect(errorText("dev", worker(true))).toContain(
      'workloads.applications.1worker.database: got true: the workload\'s name gives the database user "1worker", which must start with a letter or _',
    );
    // Without the database, the name makes no database user and is fine.
    expect(() => configOf("dev", worker(false))).not.toThrow();
  });
});
