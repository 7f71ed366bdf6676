import { X509Certificate } from "node:crypto";
import { Fn, Testing, Token } from "cdktf";
import { ConstructError } from "../../src/constructs/errors";
import { DatabaseRoleJob, databaseRoleSql, rdsCaBundle } from "../../src/constructs/workloads/database-role-job";
import { PlatformJob, contentHash } from "../../src/constructs/workloads/platform-job";
import { subnetCidr } from "../../src/constructs/network/subnet-layout";
import { configOf } from "../support/environments";
import { FAKE_CLUSTER, FAKE_DATA, synthWorkloads } from "../support/workloads";
import { dataAt, resourceAt, resourcesOf } from "../support/synth";

const JOB = "application/database-role/job";

describe("the application's database role", () => {
  const prod = synthWorkloads("prod");
  const job = resourceAt(prod, "kubernetes_job_v1", JOB);
  const pod = job.spec.template.spec;
  const files = resourceAt(prod, "kubernetes_config_map_v1", `${JOB}/files`).data;

  it("is created by SQL that grants the minimum: login through IAM only, CONNECT on the one database, one schema it owns", () => {
    expect(files["grants.sql"]).toBe(
      [
        `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'llm_api') THEN CREATE ROLE "llm_api"; END IF; END $$;`,
        `ALTER ROLE "llm_api" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD NULL;`,
        `GRANT rds_iam TO "llm_api";`,
        `REVOKE ALL ON DATABASE "llm" FROM PUBLIC;`,
        `GRANT CONNECT ON DATABASE "llm" TO "llm_api";`,
        `REVOKE CREATE ON SCHEMA public FROM PUBLIC;`,
        `GRANT "llm_api" TO CURRENT_USER;`,
        `CREATE SCHEMA IF NOT EXISTS "llm_api" AUTHORIZATION "llm_api";`,
        `ALTER SCHEMA "llm_api" OWNER TO "llm_api";`,
        `ALTER ROLE "llm_api" IN DATABASE "llm" SET search_path = "llm_api";`,
        "",
      ].join("\n"),
    );
    // Nothing broader: no superuser, no grant on all tables or other schemas, no password.
    expect(files["grants.sql"]).not.toMatch(/\bSUPERUSER\b(?<!NOSUPERUSER)|ALL TABLES|rds_superuser|PASSWORD '/);
  });

  it("runs psql over TLS verified against the region's RDS root CAs, as the master user read by the init container", () => {
    const [main] = pod.container;
    const env = Object.fromEntries(main.env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({
      PGHOST: FAKE_DATA.database.endpoint,
      PGPORT: "5432",
      PGDATABASE: "llm",
      PGSSLMODE: "verify-full",
      PGSSLROOTCERT: "/etc/platform-job/rds-ca.pem",
    });
    expect(main.image).toMatch(/^docker\.io\/library\/postgres:17\.\d+-bookworm@sha256:[0-9a-f]{64}$/);
    const [init] = pod.init_container;
    expect(init.image).toMatch(/^public\.ecr\.aws\/aws-cli\/aws-cli:2\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    expect(init.env).toContainEqual({ name: "MASTER_SECRET_ARN", value: FAKE_DATA.database.masterSecretArn });
    const subjects = files["rds-ca.pem"]
      .split(/(?<=-----END CERTIFICATE-----\n)/)
      .filter((pem: string) => pem.trim() !== "")
      .map((pem: string) => new X509Certificate(pem).subject);
    expect(subjects).toHaveLength(3);
    for (const subject of subjects) expect(subject).toMatch(/CN=Amazon RDS us-east-1 Root CA (RSA2048|RSA4096|ECC384) G1/);
    expect(rdsCaBundle("eu-west-1")).not.toContain(files["rds-ca.pem"].slice(28, 120));
  });

  it("runs as a migration identity that may read the master secret and nothing else", () => {
    const byId = Object.fromEntries(dataAt(prod, "aws_iam_policy_document", `${JOB}/role/permissions`).statement.map((s: any) => [s.sid, s]));
    expect(Object.keys(byId)).toEqual(["SecretsRead", "KeyViaSecretsmanagerDecrypt"]);
    expect(byId.SecretsRead.resources).toEqual([FAKE_DATA.database.masterSecretArn]);
    expect(byId.KeyViaSecretsmanagerDecrypt.resources).toEqual([FAKE_DATA.database.ref.masterSecret.key!.arn]);
    const [trust] = dataAt(prod, "aws_iam_policy_document", `${JOB}/role/trust`).statement;
    expect(trust.condition).toContainEqual({
      test: "StringEquals",
      variable: `${FAKE_CLUSTER.oidcIssuer}:sub`,
      values: ["system:serviceaccount:llm-api:llm-api-db-role"],
    });
    expect(pod.service_account_name).toContain("kubernetes_service_account_v1.");
  });

  it("runs with the restricted pod security profile and no Kubernetes API token", () => {
    expect(pod.automount_service_account_token).toBe(false);
    expect(pod.restart_policy).toBe("Never");
    expect(pod.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: "RuntimeDefault" } });
    for (const container of [...pod.init_container, ...pod.container]) {
      expect(container.security_context).toEqual({
        run_as_non_root: true,
        run_as_user: "999",
        run_as_group: "999",
        privileged: false,
        allow_privilege_escalation: false,
        read_only_root_filesystem: true,
        capabilities: { drop: ["ALL"] },
        seccomp_profile: { type: "RuntimeDefault" },
      });
    }
    const account = Object.values(resourcesOf(prod, "kubernetes_service_account_v1")).find((a: any) => a.metadata.name === "llm-api-db-role");
    expect(account.automount_service_account_token).toBe(false);
  });

  it("may reach only kube-dns, the data subnets on the database port and the endpoint subnets on 443; nothing may reach it", () => {
    const policy = resourceAt(prod, "kubernetes_network_policy_v1", `${JOB}/network-policy`);
    expect(policy.spec.pod_selector.match_labels).toEqual(job.spec.template.metadata.labels);
    expect(policy.spec.policy_types).toEqual(["Ingress", "Egress"]);
    expect(policy.spec.ingress).toBeUndefined();
    const [dns, database, endpoints] = policy.spec.egress;
    expect(dns.to).toEqual([
      { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } }, pod_selector: { match_labels: { "k8s-app": "kube-dns" } } },
    ]);
    const { vpcCidr, availabilityZones } = configOf("prod").network;
    const tier = (name: "data" | "private") => availabilityZones.map((zone) => ({ ip_block: { cidr: subnetCidr(vpcCidr, name, zone) } }));
    expect(database).toEqual({ to: tier("data"), ports: [{ protocol: "TCP", port: "5432" }] });
    expect(endpoints).toEqual({ to: tier("private"), ports: [{ protocol: "TCP", port: "443" }] });
    expect(policy.spec.egress).toHaveLength(3);
  });

  it("waits for completion, and the application's pods wait for it", () => {
    expect(job.wait_for_completion).toBe(true);
    expect(job.spec.backoff_limit).toBe(3);
    expect(job.spec.ttl_seconds_after_finished).toBeUndefined();
    expect(job.depends_on).toContainEqual(expect.stringMatching(/^aws_iam_role_policy\.application_database-role_job_role_policy_/));
    const deployment = resourceAt(prod, "kubernetes_deployment_v1", "application/workload/deployment");
    expect(deployment.depends_on).toContainEqual(expect.stringMatching(/^kubernetes_job_v1\.application_database-role_job_[0-9A-F]{8}$/));
  });

  it("gets a new name (so runs again) when what it runs changes, and keeps it otherwise", () => {
    // The fake exports are literals, hashed here; cross-stack references are hashed by Terraform.
    expect(job.metadata.name).toMatch(/^llm-api-db-role-[0-9a-f]{10}$/);
    const reference = contentHash({ host: Token.asString(Fn.lower("X")) });
    expect(Token.isUnresolved(reference)).toBe(true);
    const content = (user: string) => ({ files: { "grants.sql": databaseRoleSql({ user, database: "llm", schema: user }) } });
    expect(contentHash(content("llm_api"))).toBe(contentHash(content("llm_api")));
    expect(contentHash(content("llm_api"))).not.toBe(contentHash(content("other")));
    expect(contentHash(content("llm_api"))).toMatch(/^[0-9a-f]{10}$/);
  });

  it("refuses a user name that is not a plain lower-case identifier", () => {
    const attempt = () =>
      Testing.synthScope((scope) => {
        new DatabaseRoleJob(scope, "role", {
          name: "x",
          namespace: "x",
          namespaceName: "x",
          roleName: "x",
          user: 'app"; DROP',
          database: FAKE_DATA.database,
          region: "us-east-1",
          oidc: { providerArn: FAKE_CLUSTER.oidcProviderArn, issuer: FAKE_CLUSTER.oidcIssuer },
          peers: { dataCidrs: [], endpointCidrs: [] },
        });
      });
    expect(attempt).toThrow(ConstructError);
    expect(attempt).toThrow('database user "app"; DROP" must be lower-case letters, digits and _');
  });

  it("refuses a script or file that Terraform would read as a template", () => {
    const attempt = () =>
      Testing.synthScope((scope) => {
        new PlatformJob(scope, "job", {
          name: "x",
          namespace: "x",
          namespaceName: "x",
          role: { name: "x", description: "x", oidc: { providerArn: FAKE_CLUSTER.oidcProviderArn, issuer: FAKE_CLUSTER.oidcIssuer } },
          grant: () => undefined,
          files: { "run.sh": 'echo "${HOME}"' },
          main: { name: "main", image: "x", command: ["sh", "/etc/platform-job/run.sh"] },
          egress: [],
        });
      });
    expect(attempt).toThrow('run.sh holds "${" or "%{", which Terraform would read as a template');
  });
});
