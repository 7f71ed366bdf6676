import { configErrorText, patched } from "../support/environments";
import { FAKE_DATA, synthWorkloads, workloadsStack } from "../support/workloads";
import { dataAt, resourceAt, resourcesOf } from "../support/synth";

const JOB = "search-role-mappings/job";
const APP_ROLE = "llm-platform-prod-llm-api";
const patch = {
  data: {
    search: {
      clientRoleNames: [APP_ROLE, "analytics-reader"],
      clientAccess: { "analytics-reader": { read: ["chats-*", "documents-*"] }, [APP_ROLE]: { readWrite: ["documents-*"], read: ["chats-*"] } },
    },
  },
};

describe("search role mappings", () => {
  const prod = synthWorkloads("prod", patch);
  const files = resourceAt(prod, "kubernetes_config_map_v1", `${JOB}/files`).data;

  it("map every client role to an OpenSearch role of its name, backed by its IAM role", () => {
    expect(files["roles.txt"]).toBe(`${APP_ROLE}\nanalytics-reader\n`);
    expect(JSON.parse(files["mapping-0.json"])).toEqual({ backend_roles: [`arn:aws:iam::333333333333:role/${APP_ROLE}`] });
    expect(JSON.parse(files["mapping-1.json"])).toEqual({ backend_roles: ["arn:aws:iam::333333333333:role/analytics-reader"] });
    expect(files["run.sh"]).toContain('put "roles/$role"');
    expect(files["run.sh"]).toContain('put "rolesmapping/$role"');
    expect(files["run.sh"]).not.toContain("${");
  });

  it("grant each role the index permissions config gives it: writes on the readWrite patterns, reads on the read patterns", () => {
    expect(JSON.parse(files["role-0.json"])).toMatchObject({
      cluster_permissions: ["cluster_composite_ops"],
      index_permissions: [
        { index_patterns: ["documents-*"], allowed_actions: ["crud", "create_index", "indices:admin/mapping/put"] },
        { index_patterns: ["chats-*"], allowed_actions: ["read"] },
      ],
    });
    expect(JSON.parse(files["role-1.json"])).toMatchObject({
      cluster_permissions: ["cluster_composite_ops_ro"],
      index_permissions: [{ index_patterns: ["chats-*", "documents-*"], allowed_actions: ["read"] }],
    });
    // A client role config does not name gets read and write on every index, as its IAM grant has.
    const committed = resourceAt(synthWorkloads("dev"), "kubernetes_config_map_v1", `${JOB}/files`).data;
    expect(JSON.parse(committed["role-0.json"]).index_permissions).toEqual([
      { index_patterns: ["*"], allowed_actions: ["crud", "create_index", "indices:admin/mapping/put"] },
    ]);
  });

  it("are made by a job whose role may only assume the domain's admin role, and which calls the domain as that role", () => {
    const [statement, ...others] = dataAt(prod, "aws_iam_policy_document", `${JOB}/role/permissions`).statement;
    expect(others).toEqual([]);
    expect(statement).toMatchObject({ sid: "AssumeSearchAdmin", actions: ["sts:AssumeRole"], resources: [FAKE_DATA.search.adminRoleArn] });
    const job = resourceAt(prod, "kubernetes_job_v1", JOB);
    const env = Object.fromEntries(job.spec.template.spec.container[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ ADMIN_ROLE_ARN: FAKE_DATA.search.adminRoleArn, SEARCH_ENDPOINT: FAKE_DATA.search.endpoint });
    expect(job.wait_for_completion).toBe(true);
    const policy = resourceAt(prod, "kubernetes_network_policy_v1", `${JOB}/network-policy`);
    expect(policy.spec.egress.slice(1).map((rule: any) => rule.ports)).toEqual([[{ protocol: "TCP", port: "443" }], [{ protocol: "TCP", port: "443" }]]);
  });

  it("are not made without client roles", () => {
    const none = workloadsStack("dev", { data: { search: { clientRoleNames: [] } } });
    expect(none.searchRoleMappings).toBeUndefined();
    expect(Object.keys(resourcesOf(synthWorkloads("dev", { data: { search: { clientRoleNames: [] } } }), "kubernetes_job_v1"))).toEqual([
      "application/database-role/job",
      "workload-brand-api/database-role/job",
    ]);
  });

  it("refuse, in the config, access for a role that is not a client role", () => {
    const text = configErrorText(patched("dev", { data: { search: { clientAccess: { "other-role": { read: ["x-*"] } } } } }));
    expect(text).toContain(
      'data.search.clientAccess.other-role: got "other-role": is not one of clientRoleNames (llm-platform-dev-llm-api, llm-platform-dev-brand-api)',
    );
  });
});
