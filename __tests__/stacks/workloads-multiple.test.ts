import { Testing } from "cdktf";
import { addEnvironment } from "../../src/app";
import { configOf, merge, patchErrorText } from "../support/environments";
import { FAKE_DATA, synthWorkloads } from "../support/workloads";
import { SynthesizedStack, constructPath, policyStatements, resourceAt, resourcesOf, synthStack } from "../support/synth";
import { BRAND_MONITOR_PATCH, CELERY_METRICS } from "../fixtures/brand-monitor";

/** Helm releases keyed by release name, with their values parsed. */
function releases(json: SynthesizedStack): Record<string, any> {
  return Object.fromEntries(
    Object.values(resourcesOf(json, "helm_release")).map((release: any) => [release.name, { ...release, parsedValues: JSON.parse(release.values[0]) }]),
  );
}

/** Kubernetes objects of one type by their metadata name. */
function byName(json: SynthesizedStack, type: string): Record<string, any> {
  return Object.fromEntries(Object.values(resourcesOf(json, type)).map((resource: any) => [resource.metadata.name, resource]));
}

/** The statements of the inline policy of the role whose construct path starts with `prefix`, by sid. */
function statementsById(json: SynthesizedStack, prefix: string): Record<string, any> {
  const paths = Object.keys(json.data?.aws_iam_policy_document ?? {})
    .map((id) => constructPath(id))
    .filter((path) => path.startsWith(`${prefix}/`) && path.endsWith("/permissions"));
  expect(paths).toHaveLength(1);
  return Object.fromEntries(policyStatements(json, paths[0]).map((statement: any) => [statement.sid, statement]));
}

describe("several workloads (seed 003's layout)", () => {
  const json = synthWorkloads("dev", BRAND_MONITOR_PATCH);
  const dev = synthWorkloads("dev");

  it("gives each workload its own service account and IRSA role, trusting only that service account", () => {
    const accounts = byName(json, "kubernetes_service_account_v1");
    for (const name of ["llm-api", "brand-api", "celery-worker", "celery-beat", "flower", "nightly-report"]) expect(accounts[name]).toBeDefined();
    const roles = Object.values(resourcesOf(json, "aws_iam_role")).map((role: any) => role.name);
    expect(roles).toEqual(expect.arrayContaining(["llm-platform-dev-celery-worker", "llm-platform-dev-flower", "llm-platform-dev-keda-operator"]));
  });

  it("grants each identity only what its workload declares", () => {
    const worker = statementsById(json, "workload-celery-worker/identity");
    expect(Object.keys(worker).sort()).toEqual(["CacheConnect", "DatabaseConnect", "QueuesConsume"]);
    expect(worker.QueuesConsume.resources).toEqual(["arn:aws:sqs:us-east-1:111111111111:brand-monitor-scrapes"]);
    // The brand monitor's workloads share one database user; no role reads the master secret, and application secrets reach pods through external-secrets only.
    expect(worker.DatabaseConnect.resources).toEqual([expect.stringMatching(/:dbuser:.*\/brand_monitor$/)]);
    expect(statementsById(json, "workload-brand-api/identity").DatabaseConnect.resources).toEqual(worker.DatabaseConnect.resources);
    expect(JSON.stringify(worker)).not.toContain(FAKE_DATA.database.masterSecretArn);
    const beat = statementsById(json, "workload-celery-beat/identity");
    expect(beat.MetricsPublish.condition).toEqual([{ test: "StringEquals", variable: "cloudwatch:namespace", values: [CELERY_METRICS.namespace] }]);
    const flower = statementsById(json, "workload-flower/identity");
    expect(Object.keys(flower)).toEqual(["CacheConnect"]);
    const api = statementsById(json, "workload-brand-api/identity");
    expect(api.BucketObjectsReadWrite.resources).toEqual(["arn:aws:s3:::llm-templates-test-bucket/*"]);
    expect(JSON.stringify(api)).not.toContain("dynamodb");
  });

  it("gives only APIs a Service and an Ingress; a worker and a job get neither", () => {
    expect(Object.keys(byName(json, "kubernetes_service_v1")).sort()).toEqual(["brand-api", "flower", "llm-api"]);
    expect(Object.keys(byName(json, "kubernetes_ingress_v1")).sort()).toEqual(["brand-api", "flower", "llm-api"]);
    const policies = Object.keys(byName(json, "kubernetes_network_policy_v1"));
    expect(policies).toContain("brand-api-allow-ingress-from-load-balancer");
    expect(policies).not.toContain("celery-worker-allow-ingress-from-load-balancer");
    expect(policies).toContain("celery-worker-allow-egress-to-declared-internet-destinations");
    // The LLM API's policies keep their names, so they are not replaced.
    expect(policies).toContain("allow-ingress-from-load-balancer");
  });

  it("gives each workload egress to the data services it uses only", () => {
    const policies = byName(json, "kubernetes_network_policy_v1");
    const ports = (name: string) => policies[name].spec.egress[0].ports.map((port: any) => port.port);
    expect(ports("flower-allow-egress-to-data-services")).toEqual(["6379"]);
    expect(ports("celery-worker-allow-egress-to-data-services")).toEqual(["5432", "6379"]);
    expect(ports("allow-egress-to-data-services")).toEqual(["5432", "6379", "443"]);
  });

  it("runs a singleton worker with a Recreate rollout and no PDB; a scaled worker with a PDB", () => {
    const deployments = byName(json, "kubernetes_deployment_v1");
    expect(deployments["celery-beat"].spec.strategy).toEqual({ type: "Recreate" });
    expect(deployments["celery-beat"].spec.template.spec.container[0].command).toEqual(["celery", "-A", "app", "beat"]);
    expect(deployments["celery-worker"].spec.template.spec.container[0].port).toBeUndefined();
    expect(deployments["celery-worker"].spec.template.spec.container[0].liveness_probe.exec.command).toEqual(["celery", "-A", "app", "inspect", "ping"]);
    const budgets = byName(json, "kubernetes_pod_disruption_budget_v1");
    expect(budgets["celery-beat"]).toBeUndefined();
    expect(budgets["celery-worker"].spec.max_unavailable).toBe("1");
  });

  it("runs a scheduled workload as a CronJob on its schedule", () => {
    const job = byName(json, "kubernetes_cron_job_v1")["nightly-report"];
    expect(job.spec.schedule).toBe("0 3 * * *");
    expect(job.spec.concurrency_policy).toBe("Forbid");
    expect(job.spec.job_template.spec.template.spec.restart_policy).toBe("Never");
  });

  it("installs KEDA pinned, with its own role allowed only the declared queue and CloudWatch reads", () => {
    const keda = releases(json).keda;
    expect(keda).toMatchObject({ namespace: "keda", chart: "keda", version: "2.21.1", repository: "https://kedacore.github.io/charts" });
    expect(keda.parsedValues.podIdentity.aws.irsa.enabled).toBe(true);
    const operator = statementsById(json, "keda/operator-role");
    expect(operator.QueuesReadDepth).toMatchObject({
      actions: ["sqs:GetQueueAttributes"],
      resources: ["arn:aws:sqs:us-east-1:111111111111:brand-monitor-scrapes"],
    });
    expect(operator.MetricsRead.actions).toEqual(["cloudwatch:GetMetricData"]);
    expect(Object.keys(operator).sort()).toEqual(["MetricsRead", "QueuesReadDepth"]);
    const labels = Object.values(resourcesOf(json, "kubernetes_labels")).find((label: any) => label.metadata.name === "keda") as any;
    expect(labels.labels["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    const deny = byName(json, "kubernetes_network_policy_v1")["default-deny-all"];
    expect(Object.values(resourcesOf(json, "kubernetes_network_policy_v1")).some((policy: any) => policy.metadata.namespace === "keda")).toBe(true);
    expect(deny).toBeDefined();
    expect(releases(synthWorkloads("staging")).keda).toBeUndefined();
  });

  it("scales the worker with a ScaledObject per trigger type, recorded in KEDA's namespace", () => {
    const scaling = releases(json)["celery-worker-scaling"];
    expect(scaling.namespace).toBe("keda");
    const [scaledObject] = scaling.parsedValues.resources;
    expect(scaledObject).toMatchObject({
      kind: "ScaledObject",
      metadata: { name: "celery-worker", namespace: expect.stringContaining("namespace-brand-monitor") },
    });
    expect(scaledObject.spec).toMatchObject({
      minReplicaCount: 1,
      maxReplicaCount: 10,
      scaleTargetRef: { name: expect.stringContaining("workload-celery-worker_workload_deployment") },
    });
    const [cloudwatch, sqs] = scaledObject.spec.triggers;
    expect(cloudwatch).toMatchObject({
      type: "aws-cloudwatch",
      metadata: { namespace: CELERY_METRICS.namespace, metricName: "QueueLength", dimensionName: "Queue", dimensionValue: "celery", targetMetricValue: "10" },
      authenticationRef: { kind: "ClusterTriggerAuthentication" },
    });
    expect(sqs).toMatchObject({
      type: "aws-sqs-queue",
      metadata: { queueURL: "https://sqs.us-east-1.amazonaws.com/111111111111/brand-monitor-scrapes", queueLength: "5", awsRegion: "us-east-1" },
    });
    const auth = releases(json)["keda-trigger-authentication"].parsedValues.resources[0];
    expect(auth).toMatchObject({ kind: "ClusterTriggerAuthentication", spec: { podIdentity: { provider: "aws" } } });
  });

  it("alarms on the age of the oldest message of each queue a worker scales on, to the alarm topic", () => {
    const alarm = resourceAt(json, "aws_cloudwatch_metric_alarm", "workload-celery-worker-queue-alarms/queue-age-brand-monitor-scrapes");
    expect(alarm).toMatchObject({
      alarm_name: "llm-platform-dev-celery-worker-queue-age-brand-monitor-scrapes",
      metric_name: "ApproximateAgeOfOldestMessage",
      namespace: "AWS/SQS",
      dimensions: { QueueName: "brand-monitor-scrapes" },
      threshold: 600,
      alarm_actions: [FAKE_DATA.alarms.arn],
    });
  });

  it("syncs secrets and parameters only to the workloads that declare them, recording the releases in the external-secrets namespace", () => {
    const all = releases(json);
    expect(all["llm-api-secrets"]).toBeUndefined();
    for (const name of ["brand-api-secrets", "celery-worker-secrets", "flower-secrets"]) expect(all[name].namespace).toBe("external-secrets");
    const api = all["brand-api-secrets"].parsedValues.resources;
    for (const manifest of api) expect(manifest.metadata.namespace).toContain("namespace-brand-monitor");
    const appSecrets = api.find((manifest: any) => manifest.metadata.name === "brand-api-app-secrets");
    expect(appSecrets.spec.data).toEqual([{ secretKey: "OPENAI_API_KEY", remoteRef: { key: FAKE_DATA.appSecrets["openai-api-key"].arn } }]);
    const parameters = api.find((manifest: any) => manifest.metadata.name === "brand-api-parameters");
    expect(parameters.spec.secretStoreRef.name).toBe("aws-parameter-store");
    expect(parameters.spec.data.map((entry: any) => entry.remoteRef.key)).toEqual(
      expect.arrayContaining(["/llm-platform-dev/app/feature-new-classifier", "/llm-platform-dev/app/sentry-dsn"]),
    );
    // Beat declares no secret or parameter: nothing is synced for it.
    expect(all["celery-beat-secrets"]).toBeUndefined();
    expect(JSON.stringify(all["flower-secrets"].parsedValues)).not.toContain("openai");
    const env = byName(json, "kubernetes_deployment_v1")["brand-api"].spec.template.spec.container[0].env;
    expect(env.find((variable: any) => variable.name === "OPENAI_API_KEY").value_from.secret_key_ref).toEqual({
      name: "brand-api-app-secrets",
      key: "OPENAI_API_KEY",
    });
    const stores = releases(json)["cluster-secret-store"].parsedValues.resources.map((store: any) => store.spec.provider.aws.service);
    expect(stores).toEqual(["SecretsManager", "ParameterStore"]);
  });

  it("puts Flower behind the load balancer's OIDC sign-in, its client from an application secret", () => {
    const annotations = byName(json, "kubernetes_ingress_v1").flower.metadata.annotations;
    expect(annotations["alb.ingress.kubernetes.io/auth-type"]).toBe("oidc");
    expect(JSON.parse(annotations["alb.ingress.kubernetes.io/auth-idp-oidc"])).toMatchObject({
      issuer: "https://login.example.com",
      secretName: "flower-oidc-client",
    });
    const client = releases(json)["flower-secrets"].parsedValues.resources.find((manifest: any) => manifest.metadata.name === "flower-oidc-client");
    expect(client.spec.data.map((entry: any) => entry.secretKey)).toEqual(["clientID", "clientSecret"]);
    expect(byName(json, "kubernetes_ingress_v1")["brand-api"].metadata.annotations["alb.ingress.kubernetes.io/auth-type"]).toBeUndefined();
  });

  it("gives every API its own load balancer alarms, named after the workload; the LLM API's keep their names", () => {
    const alarm = resourceAt(json, "aws_cloudwatch_metric_alarm", "workload-brand-api-load-balancer-alarms/lb-5xx-rate");
    expect(alarm.alarm_name).toBe("llm-platform-dev-brand-api-lb-5xx-rate");
    expect(alarm.alarm_description).toMatch(/^brand-api: /);
    const legacy = resourceAt(json, "aws_cloudwatch_metric_alarm", "load-balancer-alarms/lb-5xx-rate");
    expect(legacy.alarm_name).toBe("llm-platform-dev-lb-5xx-rate");
    expect(legacy.alarm_description).toMatch(/^LLM API: /);
  });

  it("keeps the LLM API's addresses: its resources stay under the construct id `application`", () => {
    expect(resourceAt(dev, "kubernetes_deployment_v1", "application/workload/deployment").metadata.name).toBe("llm-api");
    expect(resourceAt(json, "kubernetes_deployment_v1", "application/workload/deployment").metadata.name).toBe("llm-api");
    expect(resourceAt(dev, "aws_iam_role", "application/identity/role").name).toBe("llm-platform-dev-llm-api");
    expect(resourceAt(dev, "kubernetes_job_v1", "application/database-role/job").metadata.namespace).toContain("namespace-llm-api");
  });
});

describe("application secrets and parameters in the data layer", () => {
  const stacks = addEnvironment(Testing.app(), configOf("dev", BRAND_MONITOR_PATCH));
  const data = synthStack(stacks.data);
  const cluster = synthStack(stacks.cluster);

  it("creates each secret empty, encrypted with the secrets key: no secret version anywhere", () => {
    const secret = resourceAt(data, "aws_secretsmanager_secret", "app-settings/secret-openai-api-key");
    expect(secret.name).toBe("llm-platform-dev/app/openai-api-key");
    expect(secret.kms_key_id).toMatch(/aws_kms_key\.keys_secrets_key_[0-9A-F]{8}\.arn/);
    expect(resourcesOf(data, "aws_secretsmanager_secret_version")).toEqual({});
    expect(JSON.stringify(data)).not.toContain("secret_string");
  });

  it("creates String parameters with their value, and leaves SecureString parameters to operators", () => {
    expect(resourceAt(data, "aws_ssm_parameter", "app-settings/parameter-feature-new-classifier")).toMatchObject({
      name: "/llm-platform-dev/app/feature-new-classifier",
      type: "String",
      value: "true",
    });
    // sentry-dsn is a SecureString: named for the grants, not created.
    expect(Object.keys(resourcesOf(data, "aws_ssm_parameter")).some((path) => path.includes("sentry-dsn"))).toBe(false);
  });

  it("lets external-secrets read exactly the declared secrets and parameters", () => {
    const statements = statementsById(cluster, "controllers/external-secrets");
    // Exactly the declared application secrets, never the database's master secret.
    expect(statements.SecretsRead.resources).toEqual([
      ...Object.keys(configOf("dev", BRAND_MONITOR_PATCH).data.secrets).map((name) => expect.stringContaining(`app-settings_secret-${name}_`)),
    ]);
    expect(statements.ParametersRead.resources).toEqual(
      expect.arrayContaining([
        expect.stringContaining("aws_ssm_parameter.app-settings_parameter-feature-new-classifier"),
        "arn:aws:ssm:us-east-1:111111111111:parameter/llm-platform-dev/app/sentry-dsn",
      ]),
    );
    expect(statements.ParametersRead.resources).toHaveLength(Object.keys(configOf("dev", BRAND_MONITOR_PATCH).data.parameters).length);
    expect(statements.KeyViaSsmDecrypt.resources).toHaveLength(1);
  });
});

describe("workload configuration errors", () => {
  const patch = (workloads: unknown, extra: Record<string, unknown> = {}) => ({
    ...BRAND_MONITOR_PATCH,
    ...extra,
    workloads: { ...BRAND_MONITOR_PATCH.workloads, applications: { ...BRAND_MONITOR_PATCH.workloads.applications, ...(workloads as object) } },
  });
  const worker = BRAND_MONITOR_PATCH.workloads.applications["celery-worker"];

  it.each([
    [
      "an undeclared secret, with a suggestion",
      { "celery-worker": { ...worker, secrets: { OPENAI_API_KEY: "openai-api-kye" } } },
      'workloads.applications.celery-worker.secrets.OPENAI_API_KEY: got "openai-api-kye": is not declared in data.secrets (did you mean "openai-api-key"?); declared: openai-api-key, flower-oidc',
    ],
    [
      "an undeclared parameter",
      { "celery-worker": { ...worker, parameters: { LOG_LEVEL: "log-level" } } },
      'workloads.applications.celery-worker.parameters.LOG_LEVEL: got "log-level": is not declared in data.parameters',
    ],
    [
      "a worker with an ingress",
      { "celery-worker": { ...worker, ingress: { host: "x.example.com" } } },
      "workloads.applications.celery-worker.ingress: unknown field",
    ],
    [
      "a duplicate host and path",
      {
        flower: {
          ...BRAND_MONITOR_PATCH.workloads.applications.flower,
          ingress: { ...BRAND_MONITOR_PATCH.workloads.applications.flower.ingress, host: "brand.dev.llm.example.com" },
        },
      },
      'workloads.applications.flower.ingress.path: got "/": host brand.dev.llm.example.com and path / already route to workload "brand-api"',
    ],
    [
      "a singleton that scales",
      { "celery-beat": { ...BRAND_MONITOR_PATCH.workloads.applications["celery-beat"], scaling: worker.scaling } },
      "workloads.applications.celery-beat.scaling: a singleton is never scaled",
    ],
    [
      "two workloads on one state key",
      { "celery-beat": { ...BRAND_MONITOR_PATCH.workloads.applications["celery-beat"], stateKey: "application" } },
      'workloads.applications.celery-beat.stateKey: got "application": is already the state key of workload "llm-api"',
    ],
    [
      "a variable set twice",
      { "celery-worker": { ...worker, env: { OPENAI_API_KEY: "x" } } },
      'workloads.applications.celery-worker.secrets.OPENAI_API_KEY: got "OPENAI_API_KEY": is already set by env',
    ],
    [
      "an unknown OIDC client secret",
      {
        flower: {
          ...BRAND_MONITOR_PATCH.workloads.applications.flower,
          ingress: {
            ...BRAND_MONITOR_PATCH.workloads.applications.flower.ingress,
            authentication: { oidc: { ...BRAND_MONITOR_PATCH.workloads.applications.flower.ingress.authentication.oidc, clientSecret: "nope" } },
          },
        },
      },
      'workloads.applications.flower.ingress.authentication.oidc.clientSecret: got "nope": is not declared in data.secrets',
    ],
    [
      "a malformed workload name",
      { Celery_Worker: worker },
      'workloads.applications.Celery_Worker: got "Celery_Worker": workload name must be a DNS-1123 label',
    ],
  ])("rejects %s, naming the environment and the field", (_why, workloads, message) => {
    const text = patchErrorText("dev", patch(workloads));
    expect(text).toContain('Invalid configuration for environment "dev":');
    expect(text).toContain(message);
  });

  it("requires KEDA for a scaled worker, and the endpoints its scalers reach AWS through", () => {
    const text = patchErrorText("dev", {
      ...patch({}),
      network: { interfaceEndpoints: ["secretsmanager", "sts"] },
      workloads: { ...patch({}).workloads, addons: { keda: { enabled: false } } },
    });
    expect(text).toContain("workloads.applications.celery-worker.scaling: scales with KEDA: enable workloads.addons.keda (enabled: true)");
    expect(text).toContain('network.interfaceEndpoints: got ["secretsmanager","sts"]: add "sqs" and "monitoring"');
  });

  it("refuses an application secret or parameter name that cannot end an AWS name, and a String parameter without a value", () => {
    expect(patchErrorText("dev", { data: { secrets: { OpenAI: { description: "the OpenAI API key" } } } })).toContain(
      'data.secrets.OpenAI: got "OpenAI": must be lower-case letters',
    );
    expect(patchErrorText("dev", { data: { parameters: { flag: { type: "String" } } } })).toContain("data.parameters.flag.value: required field is missing");
  });
});

describe("database users shared by workloads", () => {
  const json = synthWorkloads("dev", BRAND_MONITOR_PATCH);
  const jobs = resourcesOf(json, "kubernetes_job_v1");

  it("creates one role per database user, by the first workload that names it, and every workload with it waits for that job", () => {
    const roleJobs = Object.keys(jobs).filter((path) => path.endsWith("/database-role/job"));
    expect(roleJobs.sort()).toEqual(["application/database-role/job", "workload-brand-api/database-role/job"]);
    const brandJob = Object.keys(json.resource!.kubernetes_job_v1).find((address) => address.startsWith("workload-brand-api_database-role_job_"));
    for (const name of ["celery-worker", "celery-beat"]) {
      const deployment = resourceAt(json, "kubernetes_deployment_v1", `workload-${name}/workload/deployment`);
      expect(deployment.depends_on).toContain(`kubernetes_job_v1.${brandJob}`);
      const env = deployment.spec.template.spec.container[0].env;
      expect(env.find((variable: any) => variable.name === "DB_USER").value).toBe("brand_monitor");
    }
  });

  it("refuses a database user without the database, and a user that is not a PostgreSQL identifier", () => {
    const patch = (settings: object) => ({ workloads: { applications: { flower: settings } } });
    expect(patchErrorText("dev", merge(BRAND_MONITOR_PATCH, patch({ databaseUser: "brand_monitor" })))).toContain(
      'workloads.applications.flower.databaseUser: got "brand_monitor": names a database user, but the workload does not use the database',
    );
    expect(patchErrorText("dev", merge(BRAND_MONITOR_PATCH, patch({ database: true, databaseUser: "Brand-Monitor" })))).toContain(
      'workloads.applications.flower.databaseUser: got "Brand-Monitor": must be a plain PostgreSQL identifier',
    );
  });
});
