import { HelmChartRelease, IRSA_ANNOTATION, renderExpanderPriorities } from "../../src/constructs/workloads";
import { checkReleaseNamespaces, helmReleaseNamespaces } from "../../src/constructs/workloads/release-namespaces";
import { TerraformStack, Testing } from "cdktf";
import { ConfigError } from "../../src/config";
import { ConstructError } from "../../src/constructs/errors";
import { WorkloadsStack } from "../../src/stacks/workloads-stack";
import { configOf } from "../support/environments";
import { BUCKETS_KEY, FAKE_CLUSTER, FAKE_DATA, FAKE_EDGE, TABLES_KEY, synthWorkloads, workloadsStack } from "../support/workloads";
import { SynthesizedStack, dataAt, resourceAt, resourcesOf, synthStack } from "../support/synth";

/** Helm releases keyed by release name, with their values parsed. */
function releases(json: SynthesizedStack): Record<string, any> {
  return Object.fromEntries(
    Object.values(resourcesOf(json, "helm_release")).map((release: any) => [release.name, { ...release, parsedValues: JSON.parse(release.values[0]) }]),
  );
}

const ADDONS_WITH_ROLES = {
  "aws-load-balancer-controller": (v: any) => v.serviceAccount,
  "cluster-autoscaler": (v: any) => v.rbac.serviceAccount,
  "external-secrets": (v: any) => v.serviceAccount,
} as const;

describe("WorkloadsStack", () => {
  const prod = synthWorkloads("prod");
  const dev = synthWorkloads("dev");

  it("configures Kubernetes and Helm from the cluster's endpoint, authenticated by Terraform Cloud's dynamic credentials of the run phase", () => {
    expect(dataAt(prod, "aws_eks_cluster", "eks/cluster").name).toBe(FAKE_CLUSTER.clusterName);
    const [kubernetes] = prod.provider!.kubernetes;
    const [helm] = prod.provider!.helm;
    const expected = {
      host: expect.stringMatching(/^\$\{data\.aws_eks_cluster\.eks_cluster_[0-9A-F]{8}\.endpoint\}$/),
      cluster_ca_certificate: expect.stringMatching(/^\$\{base64decode\(data\.aws_eks_cluster\.eks_cluster_[0-9A-F]{8}\.certificate_authority\[0\]\.data\)\}$/),
      // A file each phase (plan, apply) gets afresh, valid for the whole phase: nothing read in the plan is reused by the apply.
      token: "${file(var.tfc_kubernetes_dynamic_credentials.default.token_path)}",
    };
    expect(kubernetes).toEqual(expected);
    // Helm provider 3.x: `kubernetes` is an attribute object, not a block list; no exec auth anywhere.
    expect(helm.kubernetes).toEqual(expected);
    expect(JSON.stringify(prod.provider)).not.toContain("exec");
    // No token from a data source anywhere in the stack.
    expect((prod as any).data.aws_eks_cluster_auth).toBeUndefined();
    expect((prod as any).variable.tfc_kubernetes_dynamic_credentials.type).toBe(
      "object({ default = object({ token_path = string }), aliases = map(object({ token_path = string })) })",
    );
  });

  it("uses a token of whoever runs Terraform only for a local try-out outside Terraform Cloud", () => {
    const local = synthStack(
      new WorkloadsStack(Testing.app(), {
        env: configOf("dev"),
        cluster: FAKE_CLUSTER,
        edge: FAKE_EDGE,
        data: FAKE_DATA,
        vpcId: "vpc-0test",
        backend: "local",
      }),
    );
    expect(local.provider!.kubernetes[0].token).toMatch(/^\$\{data\.aws_eks_cluster_auth\.eks_auth_[0-9A-F]{8}\.token\}$/);
    expect((local as any).variable?.tfc_kubernetes_dynamic_credentials).toBeUndefined();
  });

  it("pins every release to an exact chart version of a named repository", () => {
    for (const release of Object.values(releases(prod))) {
      expect(release.version).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(release.atomic).toBe(true);
      if (!release.chart.startsWith("./assets/")) expect(release.repository).toMatch(/^https:\/\//);
    }
    expect(Object.keys(releases(prod)).sort()).toEqual([
      "aws-load-balancer-controller",
      "cluster-autoscaler",
      "cluster-secret-store",
      "external-secrets",
      "kube-prometheus-stack",
      "metrics-server",
    ]);
  });

  it("annotates each controller's service account with its IRSA role from the cluster layer", () => {
    const all = releases(prod);
    const roles = FAKE_CLUSTER.controllerRoleArns;
    const expectedRole = {
      "aws-load-balancer-controller": roles.awsLoadBalancerController,
      "cluster-autoscaler": roles.clusterAutoscaler,
      "external-secrets": roles.externalSecrets,
    };
    for (const [name, serviceAccountOf] of Object.entries(ADDONS_WITH_ROLES)) {
      const account = serviceAccountOf(all[name].parsedValues);
      expect(account.annotations[IRSA_ANNOTATION]).toBe(expectedRole[name as keyof typeof expectedRole]);
      expect(account.create).toBe(true);
    }
  });

  it("installs the load balancer controller first, with region and VPC given explicitly", () => {
    const all = releases(prod);
    const controller = all["aws-load-balancer-controller"];
    expect(controller.depends_on).toBeUndefined();
    expect(controller.parsedValues).toMatchObject({
      clusterName: FAKE_CLUSTER.clusterName,
      region: "us-east-1",
      vpcId: "vpc-0test",
      enableServiceMutatorWebhook: false,
    });
    for (const name of ["cluster-autoscaler", "metrics-server", "external-secrets"]) {
      expect(all[name].depends_on).toEqual([expect.stringMatching(/^helm_release\.aws-load-balancer-controller_release_/)]);
    }
    expect(all["kube-prometheus-stack"].depends_on).toEqual([
      expect.stringMatching(/^helm_release\.aws-load-balancer-controller_release_/),
      expect.stringMatching(/^kubernetes_storage_class_v1\.storage-class_/),
    ]);
    const { ingress, service, deployment } = {
      ingress: resourceAt(prod, "kubernetes_ingress_v1", "application/exposure/ingress"),
      service: resourceAt(prod, "kubernetes_service_v1", "application/exposure/service"),
      deployment: resourceAt(prod, "kubernetes_deployment_v1", "application/workload/deployment"),
    };
    for (const resource of [ingress, service, deployment]) {
      expect(resource.depends_on).toContainEqual(expect.stringMatching(/^helm_release\.aws-load-balancer-controller_release_/));
    }
  });

  it("runs the cluster autoscaler with tag auto-discovery and a priority expander preferring spot groups", () => {
    const values = releases(prod)["cluster-autoscaler"].parsedValues;
    expect(values.autoDiscovery).toEqual({ clusterName: FAKE_CLUSTER.clusterName });
    expect(values.awsRegion).toBe("us-east-1");
    expect(values.extraArgs.expander).toBe("priority,least-waste");
    // Spot groups come from cluster.nodeGroups (capacityType SPOT): EKS names their ASGs eks-<group>-<uuid>.
    expect(values.expanderPriorities).toBe('50:\n  - "^eks-(llm-platform-prod-workers)-.*"\n10:\n  - ".*"');
    expect(renderExpanderPriorities({ 1: ["a"], 100: ["b", "c"] })).toBe('100:\n  - "b"\n  - "c"\n1:\n  - "a"');
  });

  it("creates a ClusterSecretStore for Secrets Manager after its CRDs, and no ExternalSecret of the database's master secret", () => {
    const all = releases(prod);
    const [store] = all["cluster-secret-store"].parsedValues.resources;
    expect(store).toMatchObject({
      apiVersion: "external-secrets.io/v1",
      kind: "ClusterSecretStore",
      spec: { provider: { aws: { service: "SecretsManager", region: "us-east-1" } }, conditions: [{ namespaces: ["llm-api"] }] },
    });
    expect(all["cluster-secret-store"].depends_on).toEqual([expect.stringMatching(/^helm_release\.external-secrets_controller_release_/)]);
    expect(JSON.stringify(all)).not.toContain('ExternalSecret"');
    expect(resourcesOf(prod, "kubernetes_manifest")).toEqual({});
  });

  it("records every Helm release in a platform release namespace", () => {
    for (const [json, expected] of [
      // dev runs KEDA (its ScaledObjects are recorded there too), prod runs kube-prometheus-stack.
      [dev, ["external-secrets", "keda", "kube-system"]],
      [prod, ["external-secrets", "kube-system", "monitoring"]],
    ] as const) {
      const namespaces = new Set(Object.values(releases(json)).map((release) => release.namespace));
      expect([...namespaces].sort()).toEqual(expected);
    }
  });

  it("keeps the single application's outputs beside the workloads map, for readers of its remote state", () => {
    const outputs = (prod as any).output;
    expect(outputs.application_namespace.value).toBe("llm-api");
    expect(outputs.ingress_host.value).toBe(outputs.workloads.value["llm-api"].ingress_host);
    expect(outputs.application_role_arn.value).toBe(outputs.workloads.value["llm-api"].role_arn);
    expect(outputs.application_role_arn.value).toMatch(/^\$\{aws_iam_role\.application_identity_role_\w+\.arn\}$/);
  });

  it("refuses a Helm release recorded outside the release namespaces, naming it and where it belongs", () => {
    const stack = new TerraformStack(Testing.app(), "prod-workloads");
    new HelmChartRelease(stack, "stray", {
      name: "stray",
      chart: "stray",
      source: { repository: "https://example.com", version: "1.0.0" },
      namespace: "llm-api",
      values: {},
    });
    const attempt = () => checkReleaseNamespaces(stack, helmReleaseNamespaces(configOf("prod")));
    expect(attempt).toThrow(ConstructError);
    expect(attempt).toThrow(
      /prod-workloads\/stray: Helm release "stray" would be recorded in namespace "llm-api"; releases belong in "kube-system", "external-secrets", "monitoring"/,
    );
    // The same release in a release namespace passes.
    const fine = new TerraformStack(Testing.app(), "prod-workloads");
    new HelmChartRelease(fine, "fine", {
      name: "fine",
      chart: "fine",
      source: { repository: "https://example.com", version: "1.0.0" },
      namespace: "kube-system",
      values: {},
    });
    expect(() => checkReleaseNamespaces(fine, helmReleaseNamespaces(configOf("prod")))).not.toThrow();
  });

  describe("the application", () => {
    const deployment = resourceAt(prod, "kubernetes_deployment_v1", "application/workload/deployment");
    const pod = deployment.spec.template.spec;
    const [container] = pod.container;

    it("runs non-root on a read-only root filesystem without capabilities or privilege escalation", () => {
      expect(pod.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: "RuntimeDefault" } });
      expect(container.security_context).toMatchObject({
        run_as_non_root: true,
        read_only_root_filesystem: true,
        allow_privilege_escalation: false,
        privileged: false,
        capabilities: { drop: ["ALL"] },
      });
      expect(container.volume_mount).toEqual([{ name: "tmp", mount_path: "/tmp" }]);
      expect(container.image).toBe(
        "333333333333.dkr.ecr.us-east-1.amazonaws.com/llm-api@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
      );
      expect(container.resources).toEqual({ requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } });
    });

    it("probes liveness on /health and readiness on /ready", () => {
      expect(container.liveness_probe.http_get).toEqual({ path: "/health", port: "http" });
      expect(container.readiness_probe.http_get).toEqual({ path: "/ready", port: "http" });
    });

    it("spreads over zones and tolerates the spot taint", () => {
      expect(pod.topology_spread_constraint[0]).toMatchObject({
        topology_key: "topology.kubernetes.io/zone",
        when_unsatisfiable: "DoNotSchedule",
        max_skew: 1,
      });
      // The taint of the cluster layer's spot group (cluster.nodeGroups.workers), read from config.
      expect(pod.toleration).toEqual([{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }]);
      const devPod = resourceAt(dev, "kubernetes_deployment_v1", "application/workload/deployment").spec.template.spec;
      expect(devPod.topology_spread_constraint[0].when_unsatisfiable).toBe("ScheduleAnyway");
    });

    it("gets the data endpoints in its environment and its own IAM-authenticated database user, no password", () => {
      const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.value_from]));
      expect(env).toMatchObject({
        DB_HOST: FAKE_DATA.database.endpoint,
        DB_PORT: "5432",
        DB_NAME: "llm",
        REDIS_HOST: FAKE_DATA.cache.primaryEndpoint,
        REDIS_PORT: "6379",
        REDIS_USER: "llm-api",
        REDIS_CLUSTER_MODE: "false",
        OPENSEARCH_ENDPOINT: FAKE_DATA.search.endpoint,
        DYNAMODB_TABLE_CONFIGURATIONS: "llm-configurations-test",
        DYNAMODB_TABLE_TEMPLATES: "llm-templates-test",
        S3_BUCKET_TEMPLATES: "llm-templates-test-bucket",
        LOG_LEVEL: "INFO",
        DB_USER: "llm_api",
        DB_IAM_AUTH: "true",
        DB_SSLMODE: "verify-full",
      });
      expect(env.DB_PASSWORD).toBeUndefined();
      expect(container.env.filter((e: any) => e.value_from !== undefined)).toEqual([]);
      expect(env.DYNAMODB_TABLE_AUDIT).toBeUndefined();
      expect(JSON.stringify(deployment)).not.toMatch(/"password"\s*:\s*"[^"]/);
    });

    it("scales on CPU and memory between the environment's bounds", () => {
      const hpa = resourceAt(prod, "kubernetes_horizontal_pod_autoscaler_v2", "application/scaling/autoscaler");
      expect(hpa.spec.min_replicas).toBe(3);
      expect(hpa.spec.max_replicas).toBe(20);
      expect(hpa.spec.scale_target_ref).toMatchObject({ kind: "Deployment", api_version: "apps/v1" });
      expect(hpa.spec.metric.map((m: any) => [m.resource.name, m.resource.target.average_utilization])).toEqual([
        ["cpu", 70],
        ["memory", 80],
      ]);
      const devHpa = resourceAt(dev, "kubernetes_horizontal_pod_autoscaler_v2", "application/scaling/autoscaler");
      expect([devHpa.spec.min_replicas, devHpa.spec.max_replicas]).toEqual([1, 3]);
      expect(deployment.lifecycle.ignore_changes).toEqual(["spec[0].replicas"]);
    });

    it("keeps pods up through drains with a PodDisruptionBudget", () => {
      const pdb = resourceAt(prod, "kubernetes_pod_disruption_budget_v1", "application/scaling/disruption-budget");
      expect(pdb.spec.min_available).toBe("2");
      expect(pdb.spec.selector.match_labels).toEqual(deployment.spec.selector.match_labels);
    });

    it("is exposed by an internet-facing ALB with HTTPS, the HTTP redirect and the edge layer's WAF ACL", () => {
      const ingress = resourceAt(prod, "kubernetes_ingress_v1", "application/exposure/ingress");
      expect(ingress.spec.ingress_class_name).toBe("alb");
      expect(ingress.spec.rule[0].host).toBe("api.llm.example.com");
      expect(ingress.metadata.annotations).toMatchObject({
        "alb.ingress.kubernetes.io/scheme": "internet-facing",
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
        "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:us-east-1:333333333333:certificate/2d3e4f5a-3333-4c7d-8e9f-2a3b4c5d6e7f",
        "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "alb.ingress.kubernetes.io/wafv2-acl-arn": "arn:aws:wafv2:us-east-1:111111111111:regional/webacl/test/abc",
      });
      expect(ingress.metadata.annotations["alb.ingress.kubernetes.io/load-balancer-attributes"]).toContain("deletion_protection.enabled=true");
      const devIngress = resourceAt(dev, "kubernetes_ingress_v1", "application/exposure/ingress");
      expect(devIngress.metadata.annotations["alb.ingress.kubernetes.io/load-balancer-attributes"]).toContain("deletion_protection.enabled=false");
    });

    it("accepts only the configured client networks outside prod", () => {
      const annotations = (json: typeof dev) => resourceAt(json, "kubernetes_ingress_v1", "application/exposure/ingress").metadata.annotations;
      expect(annotations(dev)["alb.ingress.kubernetes.io/inbound-cidrs"]).toBe("203.0.113.0/24");
      expect(annotations(prod)["alb.ingress.kubernetes.io/inbound-cidrs"]).toBeUndefined();
    });
  });

  describe("storage and alerting", () => {
    it("makes an encrypted gp3 StorageClass with WaitForFirstConsumer the default", () => {
      const storageClass = resourceAt(dev, "kubernetes_storage_class_v1", "storage-class");
      expect(storageClass).toMatchObject({
        metadata: { name: "gp3-encrypted", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        storage_provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", kmsKeyId: FAKE_CLUSTER.volumeKmsKeyArn },
        volume_binding_mode: "WaitForFirstConsumer",
        allow_volume_expansion: true,
      });
    });

    it("keeps Prometheus and Alertmanager data on persistent volumes sized per environment", () => {
      const values = releases(prod)["kube-prometheus-stack"].parsedValues;
      const claim = (storage: any) => storage.volumeClaimTemplate.spec;
      expect(claim(values.prometheus.prometheusSpec.storageSpec)).toEqual({
        storageClassName: "gp3-encrypted",
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: "100Gi" } },
      });
      expect(values.prometheus.prometheusSpec.retentionSize).toBe("85GB");
      expect(claim(values.alertmanager.alertmanagerSpec.storage).resources.requests.storage).toBe("5Gi");
      const staging = releases(synthWorkloads("staging"))["kube-prometheus-stack"].parsedValues;
      expect(claim(staging.prometheus.prometheusSpec.storageSpec).resources.requests.storage).toBe("50Gi");
    });

    it("sends every alert but the Watchdog heartbeat to the environment's alarm topic, as a role that may only publish there", () => {
      const values = releases(prod)["kube-prometheus-stack"].parsedValues;
      const { route, receivers } = values.alertmanager.config;
      expect(route.receiver).toBe("sns");
      expect(route.routes).toEqual([{ receiver: "discard", matchers: ['alertname = "Watchdog"'] }]);
      const sns = receivers.find((receiver: any) => receiver.name === "sns").sns_configs[0];
      expect(sns).toMatchObject({ topic_arn: FAKE_DATA.alarms.arn, sigv4: { region: "us-east-1" }, send_resolved: true });
      const account = values.alertmanager.serviceAccount;
      expect(account.name).toBe("kube-prometheus-stack-alertmanager");
      expect(account.annotations[IRSA_ANNOTATION]).toMatch(/^\$\{aws_iam_role\.alertmanager-role_\w+\.arn\}$/);

      const [trust] = dataAt(prod, "aws_iam_policy_document", "alertmanager-role/trust").statement;
      expect(trust.condition[0].values).toEqual(["system:serviceaccount:monitoring:kube-prometheus-stack-alertmanager"]);
      const permissions = dataAt(prod, "aws_iam_policy_document", "alertmanager-role/permissions").statement;
      expect(permissions).toEqual([
        expect.objectContaining({ actions: ["sns:Publish"], resources: [FAKE_DATA.alarms.arn] }),
        expect.objectContaining({
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          resources: [FAKE_DATA.alarms.key!.arn],
          condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["sns.us-east-1.amazonaws.com"] }],
        }),
      ]);
      expect(resourcesOf(dev, "aws_iam_role")).not.toHaveProperty("alertmanager-role");
    });
  });

  it("sends traces to the CloudWatch agent's OpenTelemetry receiver, which its network policy allows", () => {
    const container = resourceAt(prod, "kubernetes_deployment_v1", "application/workload/deployment").spec.template.spec.container[0];
    const env = Object.fromEntries(container.env.map((variable: any) => [variable.name, variable.value]));
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe("http://cloudwatch-agent.amazon-cloudwatch:4317");
    expect(env.OTEL_SERVICE_NAME).toBe("llm-api");
    const policy = resourceAt(prod, "kubernetes_network_policy_v1", "application/network-policies/egress-to-telemetry");
    expect(policy.spec.egress[0]).toEqual({
      to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "amazon-cloudwatch" } } }],
      ports: [
        { protocol: "TCP", port: "4317" },
        { protocol: "TCP", port: "4318" },
      ],
    });
  });

  describe("long streamed completions", () => {
    it("keeps idle streams open and lets in-flight streams finish on scale-in (defaults)", () => {
      const ingress = resourceAt(prod, "kubernetes_ingress_v1", "application/exposure/ingress");
      expect(ingress.metadata.annotations["alb.ingress.kubernetes.io/load-balancer-attributes"]).toContain("idle_timeout.timeout_seconds=300");
      expect(ingress.metadata.annotations["alb.ingress.kubernetes.io/target-group-attributes"]).toBe("deregistration_delay.timeout_seconds=300");
      const pod = resourceAt(prod, "kubernetes_deployment_v1", "application/workload/deployment").spec.template.spec;
      expect(pod.termination_grace_period_seconds).toBe(330);
      expect(pod.container[0].lifecycle.pre_stop).toEqual([{ exec: { command: ["sleep", "20"] } }]);
      const hpa = resourceAt(prod, "kubernetes_horizontal_pod_autoscaler_v2", "application/scaling/autoscaler");
      expect(hpa.spec.behavior.scale_down[0].stabilization_window_seconds).toBe(600);
    });

    it("takes every setting from config", () => {
      const json = synthWorkloads("dev", {
        workloads: {
          applications: {
            "llm-api": {
              traffic: {
                maxStreamSeconds: 900,
                idleTimeoutSeconds: 1200,
                deregistrationDelaySeconds: 900,
                preStopSleepSeconds: 0,
                terminationGracePeriodSeconds: 960,
              },
              autoscaling: { scaleDownStabilizationSeconds: 900 },
            },
          },
        },
      });
      const annotations = resourceAt(json, "kubernetes_ingress_v1", "application/exposure/ingress").metadata.annotations;
      expect(annotations["alb.ingress.kubernetes.io/load-balancer-attributes"]).toContain("idle_timeout.timeout_seconds=1200");
      expect(annotations["alb.ingress.kubernetes.io/target-group-attributes"]).toBe("deregistration_delay.timeout_seconds=900");
      const pod = resourceAt(json, "kubernetes_deployment_v1", "application/workload/deployment").spec.template.spec;
      expect(pod.termination_grace_period_seconds).toBe(960);
      expect(pod.container[0].lifecycle).toBeUndefined();
      const hpa = resourceAt(json, "kubernetes_horizontal_pod_autoscaler_v2", "application/scaling/autoscaler");
      expect(hpa.spec.behavior.scale_down[0].stabilization_window_seconds).toBe(900);
    });
  });

  describe("the application's IAM role", () => {
    const statements = (json: SynthesizedStack) =>
      Object.fromEntries(dataAt(json, "aws_iam_policy_document", "application/identity/role/permissions").statement.map((s: any) => [s.sid, s]));

    it("is assumable only by the application's service account through the cluster's OIDC provider", () => {
      const [trust] = dataAt(prod, "aws_iam_policy_document", "application/identity/role/trust").statement;
      expect(trust.actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
      expect(trust.principals).toEqual([{ type: "Federated", identifiers: [FAKE_CLUSTER.oidcProviderArn] }]);
      expect(trust.condition).toEqual([
        { test: "StringEquals", variable: `${FAKE_CLUSTER.oidcIssuer}:sub`, values: ["system:serviceaccount:llm-api:llm-api"] },
        { test: "StringEquals", variable: `${FAKE_CLUSTER.oidcIssuer}:aud`, values: ["sts.amazonaws.com"] },
      ]);
      const account = resourceAt(prod, "kubernetes_service_account_v1", "application/identity/service-account");
      expect(account.metadata.annotations[IRSA_ANNOTATION]).toMatch(/^\$\{aws_iam_role\.application_identity_role_[0-9A-F]{8}\.arn\}$/);
    });

    it("gets its tables and indexes, buckets, its database user, search and cache only through grants, each key through its service", () => {
      const byId = statements(prod);
      expect(Object.keys(byId)).toEqual([
        "TablesReadWrite",
        "KeyViaDynamodbEncryptDecrypt",
        "BucketsList",
        "BucketObjectsReadWrite",
        "KeyViaS3EncryptDecrypt",
        "DatabaseConnect",
        "SearchHttpGetHeadPostPutDelete",
        "CacheConnect",
      ]);
      expect(byId.TablesReadWrite.resources).toEqual([
        FAKE_DATA.tables.configurations.arn,
        `${FAKE_DATA.tables.configurations.arn}/index/*`,
        FAKE_DATA.tables.templates.arn,
        `${FAKE_DATA.tables.templates.arn}/index/*`,
      ]);
      expect(byId.KeyViaDynamodbEncryptDecrypt.resources).toEqual([TABLES_KEY.arn]);
      expect(byId.BucketsList.resources).toEqual([FAKE_DATA.buckets.templates.arn]);
      expect(byId.BucketObjectsReadWrite.resources).toEqual([`${FAKE_DATA.buckets.templates.arn}/*`]);
      expect(byId.KeyViaS3EncryptDecrypt.resources).toEqual([BUCKETS_KEY.arn]);
      // Exactly its own user of the one database; no Secrets Manager at all.
      expect(byId.DatabaseConnect).toMatchObject({
        actions: ["rds-db:connect"],
        resources: ["arn:aws:rds-db:us-east-1:333333333333:dbuser:cluster-TESTRESOURCEID/llm_api"],
      });
      expect(JSON.stringify(byId)).not.toContain("secretsmanager");
      expect(JSON.stringify(byId)).not.toContain(FAKE_DATA.database.masterSecretArn);
      expect(byId.SearchHttpGetHeadPostPutDelete.resources).toEqual([`${FAKE_DATA.search.domainArn}/*`]);
      // The one replication group and the application's user, not replicationgroup:*.
      expect(byId.CacheConnect.resources).toEqual([
        "arn:aws:elasticache:us-east-1:333333333333:replicationgroup:cache-test",
        "arn:aws:elasticache:us-east-1:333333333333:user:llm-api",
      ]);
      for (const statement of Object.values(byId) as any[]) {
        expect(statement.resources).not.toContain("*");
        for (const action of statement.actions) expect(action).not.toMatch(/\*$/);
      }
      const text = JSON.stringify(byId);
      expect(text).not.toContain("llm-audit-test");
      expect(text).not.toContain("llm-exports-test-bucket");
    });

    it("says what the search domain's fine-grained access control must map for its role", () => {
      const { identity } = workloadsStack("dev").workloads["llm-api"];
      expect(identity.searchRoleMapping).toEqual({ backendRole: expect.any(String), indexPatterns: ["*"], allowedActions: ["crud"] });
    });

    it("refuses, in the config, a table or bucket the data layer does not declare", () => {
      const attempt = () => configOf("dev", { workloads: { applications: { "llm-api": { tables: ["configurations", "sessions"], buckets: ["nope"] } } } });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(
        'workloads.applications.llm-api.tables[1]: got "sessions": is not declared in data.tables; declared: configurations, templates, users, chats',
      );
      expect(attempt).toThrow('workloads.applications.llm-api.buckets[0]: got "nope": is not declared in data.buckets; declared: templates');
    });

    it("refuses data exports without a table the application uses, with the construct's path and no stack trace", () => {
      const { templates: _missing, ...tables } = FAKE_DATA.tables;
      const attempt = () => workloadsStack("dev", {}, { data: { ...FAKE_DATA, tables } });
      expect(attempt).toThrow(ConstructError);
      expect(attempt).toThrow(
        'dev-workloads/application/identity: the workload uses table "templates", which the data layer does not export (exports: configurations, audit)',
      );
    });
  });

  describe("namespaces and network policies", () => {
    it("gives the application namespace a quota, container defaults and a default deny", () => {
      const quota = resourceAt(prod, "kubernetes_resource_quota_v1", "namespace-llm-api/quota");
      expect(quota.spec.hard).toEqual({
        "requests.cpu": "24",
        "requests.memory": "48Gi",
        "limits.cpu": "48",
        "limits.memory": "96Gi",
        pods: "120",
      });
      const limits = resourceAt(prod, "kubernetes_limit_range_v1", "namespace-llm-api/limits");
      expect(limits.spec.limit[0]).toMatchObject({ type: "Container", default_request: { cpu: "100m", memory: "128Mi" } });
      const deny = resourceAt(prod, "kubernetes_network_policy_v1", "namespace-llm-api/default-deny");
      expect(deny.spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
      const namespace = resourceAt(prod, "kubernetes_namespace_v1", "namespace-llm-api/namespace");
      expect(namespace.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    });

    it("labels every add-on namespace for Pod Security: the level its add-on needs enforced, restricted warned and audited", () => {
      const labels = (json: SynthesizedStack) =>
        Object.fromEntries(
          Object.values(resourcesOf(json, "kubernetes_labels")).map((r: any) => [r.metadata.name, r.labels["pod-security.kubernetes.io/enforce"]]),
        );
      expect(labels(prod)).toEqual({
        "kube-system": "privileged",
        "amazon-cloudwatch": "privileged",
        "external-secrets": "baseline",
        monitoring: "privileged",
      });
      expect(labels(dev)).not.toHaveProperty("monitoring");
      for (const resource of Object.values(resourcesOf(prod, "kubernetes_labels"))) {
        expect(resource).toMatchObject({
          api_version: "v1",
          kind: "Namespace",
          labels: { "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/audit": "restricted" },
        });
      }
    });

    it("lets in the load balancer on the app port and lets out DNS, the data services and AWS endpoints, with exact peers", () => {
      const policy = (name: string) => resourceAt(prod, "kubernetes_network_policy_v1", `application/network-policies/${name}`);
      // prod's VPC is 10.30.0.0/16 over us-east-1a/b/c: public, data and private subnets per zone.
      expect(policy("ingress-from-load-balancer").spec.ingress).toEqual([
        {
          from: ["10.30.192.0/22", "10.30.196.0/22", "10.30.200.0/22"].map((cidr) => ({ ip_block: { cidr } })),
          ports: [{ protocol: "TCP", port: "8000" }],
        },
      ]);
      expect(policy("egress-to-dns").spec.egress[0].ports).toEqual([
        { protocol: "UDP", port: "53" },
        { protocol: "TCP", port: "53" },
      ]);
      expect(policy("egress-to-data-services").spec.egress).toEqual([
        {
          to: ["10.30.128.0/21", "10.30.136.0/21", "10.30.144.0/21"].map((cidr) => ({ ip_block: { cidr } })),
          ports: [
            { protocol: "TCP", port: "5432" },
            { protocol: "TCP", port: "6379" },
            { protocol: "TCP", port: "443" },
          ],
        },
      ]);
      expect(policy("egress-to-vpc-endpoints").spec.egress).toEqual([
        {
          to: ["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"].map((cidr) => ({ ip_block: { cidr } })),
          ports: [{ protocol: "TCP", port: "443" }],
        },
      ]);
      const gateway = policy("egress-to-gateway-endpoints").spec.egress[0];
      expect(gateway.ports).toEqual([{ protocol: "TCP", port: "443" }]);
      expect(gateway.dynamic.to.for_each).toMatch(
        /^\$\{concat\(tolist\(data\.aws_ec2_managed_prefix_list\.application_network-policies_s3-prefix-list_\w+\.entries\), tolist\(data\.aws_ec2_managed_prefix_list\.application_network-policies_dynamodb-prefix-list_\w+\.entries\)\)\}$/,
      );
      expect(dataAt(prod, "aws_ec2_managed_prefix_list", "application/network-policies/s3-prefix-list").name).toBe("com.amazonaws.us-east-1.s3");
      expect(policy("egress-to-internet").spec.egress).toEqual([
        { to: [{ ip_block: { cidr: "160.79.104.0/23" } }], ports: [{ protocol: "TCP", port: "443" }] },
      ]);
      // The add-ons' declared egress is asserted in workloads-network-policies.test.ts.
      const applicationPolicies = Object.entries(resourcesOf(prod, "kubernetes_network_policy_v1"))
        .filter(([path]) => path.startsWith("application/"))
        .map(([, policy]) => policy);
      expect(applicationPolicies.length).toBeGreaterThan(5);
      const peers = applicationPolicies.flatMap((p: any) =>
        [...(p.spec.ingress ?? []).flatMap((r: any) => r.from ?? []), ...(p.spec.egress ?? []).flatMap((r: any) => r.to ?? [])]
          .filter((peer: any) => peer.ip_block)
          .map((peer: any) => peer.ip_block.cidr),
      );
      expect(peers).not.toContain("10.30.0.0/16");
      expect(peers).not.toContain("0.0.0.0/0");
      expect(policy("ingress-from-monitoring").spec.ingress[0].from[0].namespace_selector.match_labels).toEqual({
        "kubernetes.io/metadata.name": "monitoring",
      });
      expect(Object.keys(resourcesOf(dev, "kubernetes_network_policy_v1"))).not.toContain("application/network-policies/ingress-from-monitoring");
    });
  });

  it("differs per environment: optional add-ons and replicas", () => {
    expect(Object.keys(releases(dev))).not.toContain("kube-prometheus-stack");
    const staging = releases(synthWorkloads("staging"));
    expect(Object.keys(staging)).toContain("kube-prometheus-stack");
    expect(releases(prod)["kube-prometheus-stack"].parsedValues.prometheus.prometheusSpec.retention).toBe("30d");
    const replicas = (json: SynthesizedStack) => resourceAt(json, "kubernetes_deployment_v1", "application/workload/deployment").spec.replicas;
    expect([replicas(dev), replicas(prod)]).toEqual(["1", "3"]);
  });

  it("installs the charts and the autoscaler image of the cluster's Kubernetes version", () => {
    const json = synthWorkloads("dev", { cluster: { kubernetesVersion: "1.34" } });
    expect(releases(json)["cluster-autoscaler"].version).toBe("9.53.0");
    expect(releases(json)["cluster-autoscaler"].parsedValues.image).toEqual({ tag: "v1.34.2" });
    expect(releases(prod)["cluster-autoscaler"].parsedValues.image).toEqual({ tag: "v1.35.0" });
  });

  it("outputs each workload (kind, namespace, role, host) and every release's name and version", () => {
    const outputs = prod.output!;
    expect(Object.keys(outputs).sort()).toEqual(["application_namespace", "application_role_arn", "helm_releases", "ingress_host", "workloads"]);
    expect(outputs.workloads.value["llm-api"]).toMatchObject({ kind: "api", namespace: "llm-api", ingress_host: "api.llm.example.com" });
    expect(outputs.helm_releases.value["cluster-autoscaler"]).toEqual({
      namespace: "kube-system",
      chart: "cluster-autoscaler",
      version: "9.59.0",
    });
    expect(Object.keys(outputs.helm_releases.value).sort()).toEqual(Object.keys(releases(prod)).sort());
    for (const output of Object.values(outputs) as any[]) expect(output.description).toBeTruthy();
  });

  it("names its own Terraform Cloud workspace", () => {
    expect(prod.terraform.cloud.workspaces.name).toBe("llm-platform-prod-workloads");
    expect(prod.provider!.aws[0].default_tags[0].tags.Layer).toBe("workloads");
  });
});

describe("the custom-resources chart", () => {
  it("declares the version the releases pin and renders every listed resource", () => {
    const { readFileSync } = require("fs");
    const { join } = require("path");
    const { CUSTOM_RESOURCES_CHART } = require("../../src/constructs/workloads");
    const chart = readFileSync(join(CUSTOM_RESOURCES_CHART.directory, "Chart.yaml"), "utf8");
    expect(chart).toContain(`version: ${CUSTOM_RESOURCES_CHART.version}\n`);
    const template = readFileSync(join(CUSTOM_RESOURCES_CHART.directory, "templates/resources.yaml"), "utf8");
    expect(template).toContain("range .Values.resources");
  });
});
