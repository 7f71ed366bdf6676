import { App } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { CONTROLLER_SERVICE_ACCOUNTS } from "../../src/constructs/eks";
import { clusterStack, synthCluster } from "../support/cluster";
import { findingsOf } from "../support/guardrails";
import { SynthesizedStack, dataAt, policyStatements, resourceAt, resourcesOf, synthStack } from "../support/synth";

const dev = synthCluster("dev");
const prod = synthCluster("prod");

/** The statement of a policy document with this sid. */
function statement(json: SynthesizedStack, path: string, sid: string): any {
  const found = policyStatements(json, path).find((s: any) => s.sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${path}`);
  return found;
}

/** Conditions of a statement as `test variable` -> values. */
function conditions(st: any): Record<string, string[]> {
  return Object.fromEntries((st.condition ?? []).map((c: any) => [`${c.test} ${c.variable}`, c.values]));
}

describe("ClusterStack: control plane", () => {
  const cluster = resourceAt(dev, "aws_eks_cluster", "eks/control-plane/cluster");

  it("pins the Kubernetes version, encrypts secrets with its own rotating key and uses access entries only", () => {
    expect(cluster.name).toBe("llm-platform-dev-eks");
    expect(cluster.version).toBe("1.35");
    expect(cluster.encryption_config.resources).toEqual(["secrets"]);
    expect(cluster.encryption_config.provider.key_arn).toMatch(/^\$\{aws_kms_key\.eks_control-plane_secrets-key_\w+\.arn\}$/);
    expect(resourceAt(dev, "aws_kms_key", "eks/control-plane/secrets-key").enable_key_rotation).toBe(true);
    expect(cluster.access_config).toEqual({
      authentication_mode: "API",
      bootstrap_cluster_creator_admin_permissions: false,
    });
  });

  it("sends all five log types to a log group it creates first, CMK-encrypted and retained", () => {
    expect(cluster.enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    const logGroup = resourceAt(dev, "aws_cloudwatch_log_group", "eks/control-plane/logs/log-group");
    expect(logGroup.name).toBe("/aws/eks/llm-platform-dev-eks/cluster");
    expect(logGroup.retention_in_days).toBe(365);
    expect(logGroup.kms_key_id).toContain("aws_kms_key.eks_control-plane_logs_key_");
    expect(cluster.depends_on).toContainEqual(expect.stringContaining("aws_cloudwatch_log_group.eks_control-plane_logs_log-group"));
    const grant = statement(dev, "eks/control-plane/logs/key/key-policy", "CloudWatchLogsOfThisLogGroup");
    expect(conditions(grant)["ArnEquals kms:EncryptionContext:aws:logs:arn"]).toEqual([
      "arn:aws:logs:us-east-1:111111111111:log-group:/aws/eks/llm-platform-dev-eks/cluster",
    ]);
  });

  it("lets the cluster role use the secrets key and nothing broader", () => {
    const st = statement(dev, "eks/control-plane/cluster-role/permissions", "EnvelopeEncryptSecrets");
    expect(st.resources).toEqual([expect.stringMatching(/^\$\{aws_kms_key\.eks_control-plane_secrets-key_\w+\.arn\}$/)]);
    expect(st.actions).not.toContain("kms:*");
  });

  it("keeps prod's endpoint private and dev's public behind its allow-list", () => {
    const prodCluster = resourceAt(prod, "aws_eks_cluster", "eks/control-plane/cluster");
    expect(prodCluster.vpc_config.endpoint_public_access).toBe(false);
    expect(prodCluster.vpc_config.endpoint_private_access).toBe(true);
    expect(prodCluster.vpc_config.public_access_cidrs).toBeUndefined();
    expect(prodCluster.deletion_protection).toBe(true);
    expect(cluster.vpc_config.endpoint_public_access).toBe(true);
    expect(cluster.vpc_config.public_access_cidrs).toEqual(["203.0.113.0/24"]);
    expect(cluster.deletion_protection).toBe(false);
  });

  it("creates an IAM OIDC provider for IRSA from the cluster's issuer", () => {
    const provider = resourceAt(dev, "aws_iam_openid_connect_provider", "eks/control-plane/oidc-provider");
    expect(provider.url).toMatch(/^\$\{aws_eks_cluster\.eks_control-plane_cluster_\w+\.identity\[0\]\.oidc\[0\]\.issuer\}$/);
    expect(provider.client_id_list).toEqual(["sts.amazonaws.com"]);
  });

  it("gives each configured principal an access entry with its access policy, keyed by name", () => {
    const entries = resourcesOf(dev, "aws_eks_access_entry");
    expect(Object.keys(entries).sort()).toEqual([
      "eks/control-plane/access-developers",
      "eks/control-plane/access-platform-admins",
      "terraform-cloud/apply-role-entry",
      "terraform-cloud/plan-role-entry",
    ]);
    expect(entries["eks/control-plane/access-developers"].principal_arn).toBe("arn:aws:iam::111111111111:role/developer-readonly");
    const policies = resourcesOf(dev, "aws_eks_access_policy_association");
    expect(policies["eks/control-plane/access-developers-policy"]).toMatchObject({
      policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
      access_scope: { type: "cluster" },
    });
    // No IAM principal reads Secrets: AmazonEKSAdminViewPolicy is nowhere.
    expect(Object.values(policies).map((policy) => policy.policy_arn)).not.toContain("arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy");
  });
});

describe("ClusterStack: Kubernetes access of Terraform Cloud runs", () => {
  const binding = (name: string) => resourceAt(dev, "kubernetes_cluster_role_binding_v1", `terraform-cloud/${name}`);
  const user = (phase: string) => `tfc:organization:acme-llm:project:llm-platform:workspace:llm-platform-dev-workloads:run_phase:${phase}`;
  /** A binding's role name, with a reference to a cluster role of the stack resolved to its name. */
  const roleName = (item: any): string => {
    const reference = /^\$\{kubernetes_cluster_role_v1\.([^.]+)\.metadata\[0\]\.name\}$/.exec(item.role_ref.name);
    return reference ? (dev as any).resource.kubernetes_cluster_role_v1[reference[1]].metadata.name : item.role_ref.name;
  };

  it("trusts Terraform Cloud as the cluster's OIDC identity provider, for this organization's tokens only", () => {
    expect(resourceAt(dev, "aws_eks_identity_provider_config", "terraform-cloud/identity-provider").oidc).toEqual({
      identity_provider_config_name: "terraform-cloud",
      issuer_url: "https://app.terraform.io",
      client_id: "kubernetes.workload.identity",
      username_claim: "sub",
      username_prefix: "tfc:",
      required_claims: { terraform_organization_name: "acme-llm" },
    });
  });

  it("binds the workloads layer's plan user to view and StorageClass reads cluster-wide, and its apply user to cluster admin", () => {
    const subjectOf = (name: string) => binding(name).subject;
    expect(binding("workloads-plan-view").role_ref).toMatchObject({ kind: "ClusterRole", name: "view" });
    expect(subjectOf("workloads-plan-view")).toEqual([{ api_group: "rbac.authorization.k8s.io", kind: "User", name: user("plan") }]);
    expect(roleName(binding("workloads-plan-reader"))).toBe("tfc:workloads-plan-reader");
    expect(subjectOf("workloads-plan-reader")).toEqual([{ api_group: "rbac.authorization.k8s.io", kind: "User", name: user("plan") }]);
    expect(binding("workloads-apply-admin").role_ref).toMatchObject({ name: "cluster-admin" });
    expect(subjectOf("workloads-apply-admin")).toEqual([{ api_group: "rbac.authorization.k8s.io", kind: "User", name: user("apply") }]);
    // The plan user never gets more than reads, and no cluster-wide binding gives it Secrets.
    const clusterRoles = Object.values(resourcesOf(dev, "kubernetes_cluster_role_v1"));
    const planBindings = Object.values(resourcesOf(dev, "kubernetes_cluster_role_binding_v1")).filter((item) =>
      item.subject.some((subject: { name: string }) => subject.name === user("plan")),
    );
    expect(planBindings.map(roleName).sort()).toEqual(["tfc:workloads-plan-reader", "view"]);
    const reader = clusterRoles.find((candidate) => candidate.metadata.name === "tfc:workloads-plan-reader");
    expect(reader?.rule).toEqual([{ api_groups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: ["get", "list", "watch"] }]);
  });

  it("lets the plan user read Secrets only in the namespaces that hold Helm releases, never an application namespace", () => {
    const namespaceOf = (item: any, stack: any) => {
      const reference = /^\$\{kubernetes_namespace_v1\.([^.]+)\.metadata\[0\]\.name\}$/.exec(item.metadata.namespace);
      return reference ? stack.resource.kubernetes_namespace_v1[reference[1]].metadata.name : item.metadata.namespace;
    };
    const secretsOf = (stack: any) => {
      const reader = Object.values(resourcesOf(stack, "kubernetes_cluster_role_v1")).find((role) => role.metadata.name === "tfc:helm-release-reader");
      expect(reader.rule).toEqual([{ api_groups: [""], resources: ["secrets"], verbs: ["get", "list"] }]);
      return Object.values(resourcesOf(stack, "kubernetes_role_binding_v1"))
        .map((item) => {
          expect(item.role_ref).toMatchObject({
            kind: "ClusterRole",
            name: expect.stringMatching(/^\$\{kubernetes_cluster_role_v1\.terraform-cloud_helm-release-reader_\w+\.metadata\[0\]\.name\}$/),
          });
          expect(item.subject).toEqual([{ api_group: "rbac.authorization.k8s.io", kind: "User", name: expect.stringMatching(/:run_phase:plan$/) }]);
          return namespaceOf(item, stack);
        })
        .sort();
    };
    // dev runs KEDA and no kube-prometheus-stack, prod the reverse.
    expect(secretsOf(dev)).toEqual(["external-secrets", "keda", "kube-system"]);
    expect(secretsOf(prod)).toEqual(["external-secrets", "kube-system", "monitoring"]);
    // The namespaces EKS does not create are created here, the workloads layer owning their labels.
    const namespaces = Object.values(resourcesOf(prod, "kubernetes_namespace_v1"));
    expect(namespaces.map((item) => item.metadata.name).sort()).toEqual(["external-secrets", "monitoring"]);
    for (const item of namespaces) {
      expect(item.lifecycle).toEqual({ ignore_changes: ["metadata[0].labels"] });
      expect(item.provider).toBe("kubernetes.cluster_rbac");
    }
  });

  it("makes the first bindings as its own apply role (cluster admin by access entry) with a token minted for the phase, never captured", () => {
    const entries = resourcesOf(dev, "aws_eks_access_entry");
    expect(entries["terraform-cloud/apply-role-entry"].principal_arn).toBe("arn:aws:iam::111111111111:role/terraform-cloud/tfc-llm-platform-dev-cluster-apply");
    expect(resourceAt(dev, "aws_eks_access_policy_association", "terraform-cloud/apply-role-admin").policy_arn).toBe(
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
    );
    // The plan role reads the RBAC objects it refreshes, through a group, with no access policy.
    expect(entries["terraform-cloud/plan-role-entry"]).toMatchObject({
      principal_arn: "arn:aws:iam::111111111111:role/terraform-cloud/tfc-llm-platform-dev-cluster-plan",
      kubernetes_groups: ["tfc:rbac-readers"],
    });
    const json = dev as any;
    expect(json.data?.aws_eks_cluster_auth).toBeUndefined();
    expect(Object.keys(json.ephemeral.aws_eks_cluster_auth)).toEqual(["terraform-cloud-auth"]);
    const [kubernetes] = json.provider.kubernetes;
    expect(kubernetes).toMatchObject({ alias: "cluster_rbac", token: "${ephemeral.aws_eks_cluster_auth.terraform-cloud-auth.token}" });
    const rbac = [...Object.values(resourcesOf(dev, "kubernetes_cluster_role_binding_v1")), ...Object.values(resourcesOf(dev, "kubernetes_role_binding_v1"))];
    expect(rbac.length).toBeGreaterThan(4);
    for (const item of rbac) {
      expect(item.provider).toBe("kubernetes.cluster_rbac");
      expect(item.depends_on).toEqual([expect.stringMatching(/^aws_eks_access_policy_association\.terraform-cloud_apply-role-admin_/)]);
    }
  });
});

describe("ClusterStack: node groups", () => {
  const system = resourceAt(dev, "aws_eks_node_group", "eks/node-group-system/node-group");
  const workers = resourceAt(dev, "aws_eks_node_group", "eks/node-group-workers/node-group");

  it("runs system pods on demand and workers on spot, several instance types of one size", () => {
    expect(system).toMatchObject({
      node_group_name: "llm-platform-dev-system",
      capacity_type: "ON_DEMAND",
      instance_types: ["m6i.large"],
    });
    expect(workers).toMatchObject({
      node_group_name: "llm-platform-dev-workers",
      capacity_type: "SPOT",
      instance_types: ["m6i.large", "m6a.large", "m5.large", "m5a.large"],
      ami_type: "AL2023_x86_64_STANDARD",
      version: "1.35",
    });
  });

  it("taints and labels spot nodes so only tolerating pods land there", () => {
    expect(workers.taint).toEqual([{ key: "spot", value: "true", effect: "NO_SCHEDULE" }]);
    expect(workers.labels).toEqual({ "node-role": "worker" });
    expect(system.taint).toEqual([]);
  });

  it("scales from config and leaves desired size to the autoscaler afterwards", () => {
    expect(workers.scaling_config).toEqual({ min_size: 0, desired_size: 1, max_size: 6 });
    expect(workers.lifecycle.ignore_changes).toEqual(["scaling_config[0].desired_size"]);
    expect(workers.update_config).toEqual({ max_unavailable_percentage: 33 });
  });

  it("waits for the networking add-ons before nodes join", () => {
    expect(workers.depends_on).toEqual([
      expect.stringContaining("aws_eks_addon.eks_addons-before-nodes_vpc-cni"),
      expect.stringContaining("aws_eks_addon.eks_addons-before-nodes_kube-proxy"),
    ]);
  });

  it("uses a launch template with IMDSv2 only, hop limit 1 and an encrypted gp3 root volume", () => {
    const template = resourceAt(dev, "aws_launch_template", "eks/node-group-workers/launch-template");
    expect(workers.launch_template.id).toContain("aws_launch_template.eks_node-group-workers_launch-template");
    expect(workers.launch_template.version).toContain(".latest_version}");
    expect(template.metadata_options).toEqual({
      http_endpoint: "enabled",
      http_tokens: "required",
      http_put_response_hop_limit: 1,
      instance_metadata_tags: "disabled",
    });
    expect(template.block_device_mappings).toEqual([
      {
        device_name: "/dev/xvda",
        ebs: {
          volume_size: 50,
          volume_type: "gp3",
          iops: 3000,
          throughput: 125,
          encrypted: "true",
          kms_key_id: expect.stringContaining("aws_kms_key.eks_volume-key_"),
          delete_on_termination: "true",
        },
      },
    ]);
  });

  it("tags instances, volumes and network interfaces with the standard tags", () => {
    const template = resourceAt(dev, "aws_launch_template", "eks/node-group-system/launch-template");
    expect(template.tag_specifications.map((spec: any) => spec.resource_type)).toEqual(["instance", "volume", "network-interface"]);
    for (const spec of template.tag_specifications) {
      expect(spec.tags).toMatchObject({
        Name: "llm-platform-dev-system",
        Environment: "dev",
        Layer: "cluster",
        Project: "llm-platform",
      });
    }
  });

  it("lets EC2 Auto Scaling use the volume key through a grant", () => {
    const grant = resourceAt(dev, "aws_kms_grant", "eks/volume-key-autoscaling-grant");
    expect(grant.grantee_principal).toBe("arn:aws:iam::111111111111:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
    expect(grant.operations).toEqual(expect.arrayContaining(["Decrypt", "GenerateDataKeyWithoutPlaintext", "CreateGrant"]));
    expect(grant.key_id).toContain("aws_kms_key.eks_volume-key_");
  });

  it("gives nodes only what they need: no CNI or broad policies on the node role", () => {
    const attachments = Object.entries(resourcesOf(dev, "aws_iam_role_policy_attachment"))
      .filter(([path]) => path.startsWith("eks/node-role/"))
      .map(([, attachment]) => attachment.policy_arn)
      .sort();
    expect(attachments).toEqual(["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"]);
    expect(policyStatements(dev, "eks/node-role/trust")[0].principals).toEqual([{ type: "Service", identifiers: ["ec2.amazonaws.com"] }]);
  });

  it("follows each environment's sizes", () => {
    const prodWorkers = resourceAt(prod, "aws_eks_node_group", "eks/node-group-workers/node-group");
    const prodSystem = resourceAt(prod, "aws_eks_node_group", "eks/node-group-system/node-group");
    expect(prodSystem.scaling_config).toEqual({ min_size: 3, desired_size: 3, max_size: 6 });
    expect(prodWorkers.instance_types).toEqual(["m6i.xlarge", "m6a.xlarge", "m7i.xlarge", "m5.xlarge"]);
    expect(prodWorkers.scaling_config.max_size).toBe(30);
  });

  it("keys node groups by name: adding one leaves the others' addresses alone", () => {
    const json = synthCluster("dev", {
      patch: {
        cluster: {
          nodeGroups: {
            inference: {
              capacityType: "ON_DEMAND",
              instanceTypes: ["c7g.xlarge"],
              minSize: 0,
              desiredSize: 0,
              maxSize: 4,
            },
          },
        },
      },
    });
    const groups = resourcesOf(json, "aws_eks_node_group");
    expect(Object.keys(groups).sort()).toEqual([
      "eks/node-group-inference/node-group",
      "eks/node-group-system/node-group",
      "eks/node-group-workers/node-group",
    ]);
    expect(groups["eks/node-group-inference/node-group"].ami_type).toBe("AL2023_ARM_64_STANDARD");
    expect(groups["eks/node-group-workers/node-group"]).toEqual(workers);
  });
});

describe("ClusterStack: container logs and traces", () => {
  it("creates the container log groups first, encrypted with their own key and retained per config", () => {
    const groups = resourcesOf(dev, "aws_cloudwatch_log_group");
    for (const kind of ["application", "dataplane", "host", "performance"]) {
      expect(groups[`eks/telemetry/log-group-${kind}`]).toMatchObject({
        name: `/aws/containerinsights/llm-platform-dev-eks/${kind}`,
        retention_in_days: 365,
        kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.eks_telemetry_logs-key_\w+\.arn\}$/),
      });
    }
    const policy = dataAt(dev, "aws_iam_policy_document", "eks/telemetry/logs-key/key-policy").statement;
    expect(policy[1].condition[0].values).toEqual(["arn:aws:logs:us-east-1:111111111111:log-group:/aws/containerinsights/llm-platform-dev-eks/*"]);
    const shorter = synthCluster("dev", { patch: { cluster: { containerLogs: { retentionDays: 400 } } } });
    expect(resourcesOf(shorter, "aws_cloudwatch_log_group")["eks/telemetry/log-group-application"].retention_in_days).toBe(400);
  });

  it("runs the CloudWatch Observability add-on as its own role, receiving OpenTelemetry traces for X-Ray", () => {
    const addon = resourcesOf(dev, "aws_eks_addon")["eks/addons-after-nodes/amazon-cloudwatch-observability"];
    expect(addon.service_account_role_arn).toMatch(/aws_iam_role\.eks_telemetry_agent-role/);
    const config = JSON.parse(addon.configuration_values);
    expect(config.agent.config.traces.traces_collected.otlp).toEqual({ grpc_endpoint: "0.0.0.0:4317", http_endpoint: "0.0.0.0:4318" });
    const [trust] = dataAt(dev, "aws_iam_policy_document", "eks/telemetry/agent-role/trust").statement;
    expect(trust.condition[0].values).toEqual(["system:serviceaccount:amazon-cloudwatch:cloudwatch-agent"]);
    const attachments = Object.values(resourcesOf(dev, "aws_iam_role_policy_attachment"))
      .map((attachment: any) => attachment.policy_arn)
      .filter((arn: string) => /CloudWatchAgentServerPolicy|AWSXrayWriteOnlyAccess/.test(arn));
    expect(attachments.sort()).toEqual(["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess", "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]);
  });
});

describe("ClusterStack: add-ons", () => {
  const addons = resourcesOf(dev, "aws_eks_addon");

  it("installs the five managed add-ons at the release table's versions for 1.35, and no Pod Identity agent", () => {
    const byName = Object.fromEntries(Object.values(addons).map((addon: any) => [addon.addon_name, addon.addon_version]));
    expect(byName).toEqual({
      "vpc-cni": "v1.21.1-eksbuild.3",
      coredns: "v1.13.2-eksbuild.1",
      "kube-proxy": "v1.35.0-eksbuild.2",
      "aws-ebs-csi-driver": "v1.57.1-eksbuild.1",
      "amazon-cloudwatch-observability": "v5.3.0-eksbuild.1",
    });
    expect(resourceAt(dev, "aws_eks_cluster", "eks/control-plane/cluster").bootstrap_self_managed_addons).toBe(false);
  });

  it("turns on NetworkPolicy enforcement in vpc-cni, so the workloads layer's policies are enforced", () => {
    expect(JSON.parse(addons["eks/addons-before-nodes/vpc-cni"].configuration_values)).toEqual({
      enableNetworkPolicy: "true",
    });
    expect(addons["eks/addons-after-nodes/coredns"].configuration_values).toBeUndefined();
  });

  it("gives vpc-cni and the EBS CSI driver their own IRSA roles, not the node role", () => {
    expect(addons["eks/addons-before-nodes/vpc-cni"].service_account_role_arn).toContain("aws_iam_role.eks_vpc-cni-role_");
    expect(addons["eks/addons-after-nodes/aws-ebs-csi-driver"].service_account_role_arn).toContain("aws_iam_role.eks_ebs-csi-role_");
    expect(addons["eks/addons-after-nodes/coredns"].service_account_role_arn).toBeUndefined();
    const cni = Object.entries(resourcesOf(dev, "aws_iam_role_policy_attachment")).find(([path]) => path.startsWith("eks/vpc-cni-role/"))![1];
    expect(cni.policy_arn).toBe("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
  });

  it("installs CoreDNS and the EBS CSI driver once nodes exist", () => {
    expect(addons["eks/addons-after-nodes/coredns"].depends_on).toEqual([
      expect.stringContaining("aws_eks_node_group.eks_node-group-system_node-group"),
      expect.stringContaining("aws_eks_node_group.eks_node-group-workers_node-group"),
      ...["application", "dataplane", "host", "performance"].map((kind) => expect.stringContaining(`aws_cloudwatch_log_group.eks_telemetry_log-group-${kind}`)),
    ]);
  });

  it("lets the EBS CSI driver use the volume key, with grants only for AWS resources", () => {
    const st = statement(dev, "eks/ebs-csi-role/permissions", "GrantsForEbsOnly");
    expect(conditions(st)).toEqual({ "Bool kms:GrantIsForAWSResource": ["true"] });
    expect(st.resources[0]).toContain("aws_kms_key.eks_volume-key_");
  });
});

describe("ClusterStack: IRSA roles", () => {
  const issuer = /^\$\{replace\(aws_eks_cluster\.eks_control-plane_cluster_\w+\.identity\[0\]\.oidc\[0\]\.issuer, "https:\/\/", ""\)\}/;

  it.each([
    ["controllers/aws-load-balancer-controller/role", "system:serviceaccount:kube-system:aws-load-balancer-controller"],
    ["controllers/cluster-autoscaler/role", "system:serviceaccount:kube-system:cluster-autoscaler"],
    ["controllers/external-secrets/role", "system:serviceaccount:external-secrets:external-secrets"],
    ["eks/vpc-cni-role", "system:serviceaccount:kube-system:aws-node"],
    ["eks/ebs-csi-role", "system:serviceaccount:kube-system:ebs-csi-controller-sa"],
  ])("%s trusts exactly %s with the STS audience", (path, subject) => {
    const [trust] = policyStatements(dev, `${path}/trust`);
    expect(trust.actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
    expect(trust.principals).toEqual([
      {
        type: "Federated",
        identifiers: [expect.stringContaining("aws_iam_openid_connect_provider.eks_control-plane_oidc-provider")],
      },
    ]);
    const [sub, aud] = trust.condition;
    expect(sub.test).toBe("StringEquals");
    expect(sub.variable).toMatch(issuer);
    expect(sub.variable.endsWith(":sub")).toBe(true);
    expect(sub.values).toEqual([subject]);
    expect(aud).toMatchObject({ test: "StringEquals", values: ["sts.amazonaws.com"] });
    expect(aud.variable.endsWith(":aud")).toBe(true);
  });

  it("publishes the service accounts the workloads layer must use", () => {
    expect(CONTROLLER_SERVICE_ACCOUNTS.externalSecrets).toEqual({
      namespace: "external-secrets",
      name: "external-secrets",
    });
  });

  it("gives the AWS Load Balancer Controller its full published policy", () => {
    const statements = policyStatements(dev, "controllers/aws-load-balancer-controller/role/permissions");
    expect(statements).toHaveLength(16);
    const actions = statements.flatMap((st: any) => st.actions);
    for (const action of [
      "ec2:GetSecurityGroupsForVpc",
      "elasticloadbalancing:DescribeListenerAttributes",
      "elasticloadbalancing:ModifyListenerAttributes",
      "elasticloadbalancing:SetRulePriorities",
      "wafv2:AssociateWebACL",
      "shield:CreateProtection",
    ]) {
      expect(actions).toContain(action);
    }
    expect(actions.filter((action: string) => action.endsWith(":*") || action === "*")).toEqual([]);
    const deleteLb = statement(dev, "controllers/aws-load-balancer-controller/role/permissions", "ManageOwnLoadBalancers");
    expect(conditions(deleteLb)).toEqual({ "Null aws:ResourceTag/elbv2.k8s.aws/cluster": ["false"] });
    const slr = statement(dev, "controllers/aws-load-balancer-controller/role/permissions", "CreateElbServiceLinkedRole");
    expect(conditions(slr)).toEqual({ "StringEquals iam:AWSServiceName": ["elasticloadbalancing.amazonaws.com"] });
  });

  it("lets the cluster autoscaler change only this cluster's node groups, by tag", () => {
    const st = statement(dev, "controllers/cluster-autoscaler/role/permissions", "ScaleThisClustersNodeGroups");
    expect(st.actions).toEqual(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
    expect(conditions(st)).toEqual({
      "StringEquals aws:ResourceTag/k8s.io/cluster-autoscaler/${aws_eks_cluster.eks_control-plane_cluster_CBAF19E3.name}": ["owned"],
      "StringEquals aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": ["true"],
    });
    const describe = statement(dev, "controllers/cluster-autoscaler/role/permissions", "DescribeThisClustersNodeGroups");
    expect(describe.resources).toEqual(["arn:aws:eks:us-east-1:111111111111:nodegroup/${aws_eks_cluster.eks_control-plane_cluster_CBAF19E3.name}/*/*"]);
  });

  it("lets external-secrets read this environment's secrets only, by default", () => {
    const path = "controllers/external-secrets/role/permissions";
    expect(statement(dev, path, "ReadEnvironmentSecrets").resources).toEqual(["arn:aws:secretsmanager:us-east-1:111111111111:secret:llm-platform-dev/*"]);
    expect(conditions(statement(dev, path, "ReadRdsManagedClusterSecrets"))).toEqual({
      "StringLike secretsmanager:ResourceTag/aws:rds:primaryDBClusterArn": ["arn:aws:rds:us-east-1:111111111111:cluster:llm-platform-dev-*"],
    });
    expect(conditions(statement(dev, path, "DecryptEnvironmentSecrets"))).toMatchObject({
      "StringEquals kms:ViaService": ["secretsmanager.us-east-1.amazonaws.com"],
    });
    const prodRead = statement(prod, path, "ReadEnvironmentSecrets");
    expect(prodRead.resources).toEqual(["arn:aws:secretsmanager:us-east-1:333333333333:secret:llm-platform-prod/*"]);
    const all = policyStatements(dev, path).flatMap((st: any) => st.resources);
    expect(all).not.toContain("*");
  });

  it("narrows external-secrets to the secrets the data layer supplies, through their grants", () => {
    const key = { arn: "arn:aws:kms:us-east-1:111111111111:key/database" };
    const arns = ["arn:aws:secretsmanager:us-east-1:111111111111:secret:fake-a", "arn:aws:secretsmanager:us-east-1:111111111111:secret:fake-b"];
    const json = synthCluster("dev", { externalSecrets: arns.map((arn) => ({ arn, key })) });
    const path = "controllers/external-secrets/role/permissions";
    expect(policyStatements(json, path).map((st: any) => st.sid)).toEqual(["SecretsRead", "KeyViaSecretsmanagerDecrypt"]);
    expect(statement(json, path, "SecretsRead").resources).toEqual(arns);
    expect(statement(json, path, "KeyViaSecretsmanagerDecrypt").resources).toEqual([key.arn]);
    // One statement for both secrets: their ARNs join the encryption-context condition.
    expect(conditions(statement(json, path, "KeyViaSecretsmanagerDecrypt"))).toEqual({
      "StringEquals kms:ViaService": ["secretsmanager.us-east-1.amazonaws.com"],
      "StringEquals kms:EncryptionContext:SecretARN": arns,
    });
  });
});

describe("ClusterStack: access to the data layer", () => {
  const services = [
    { name: "database", securityGroupId: "sg-fake-database", port: 5432 },
    { name: "cache", securityGroupId: "sg-fake-cache", port: 6379 },
    { name: "search", securityGroupId: "sg-fake-search", port: 443 },
  ];

  it("admits the node security group into each data service's group on its port only", () => {
    const json = synthCluster("staging", { dataAccess: services });
    const rules = resourcesOf(json, "aws_vpc_security_group_ingress_rule");
    expect(Object.keys(rules).sort()).toEqual(["data-access/cache", "data-access/database", "data-access/search"]);
    expect(rules["data-access/database"]).toMatchObject({
      security_group_id: "sg-fake-database",
      ip_protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
      referenced_security_group_id: expect.stringMatching(/^\$\{aws_eks_cluster\.eks_control-plane_cluster_\w+\.vpc_config\[0\]\.cluster_security_group_id\}$/),
    });
    expect(rules["data-access/search"]).toMatchObject({ from_port: 443, to_port: 443 });
    expect(Object.values(rules).every((rule: any) => rule.cidr_ipv4 === undefined)).toBe(true);
  });

  it("creates no rules until the data layer supplies its services", () => {
    expect(resourcesOf(dev, "aws_vpc_security_group_ingress_rule")).toEqual({});
  });

  it("refuses a service listed twice or a port that is not a TCP port", () => {
    expect(() => clusterStack("dev", { dataAccess: [services[0], services[0]] })).toThrow('data service "database" is listed twice');
    expect(() => clusterStack("dev", { dataAccess: [{ ...services[1], port: 0 }] })).toThrow("port 0 is not a TCP port");
  });
});

describe("ClusterStack: wiring and outputs", () => {
  it("reads the private subnets of its environment's network layer through remote state", () => {
    const outdir = mkdtempSync(join(tmpdir(), "cluster-wiring-"));
    try {
      const app = new App({ outdir });
      clusterStack("prod", {}, app);
      app.synth();
      const json = JSON.parse(readFileSync(join(outdir, "stacks", "prod-cluster", "cdk.tf.json"), "utf8"));
      expect(json.terraform.cloud.workspaces.name).toBe("llm-platform-prod-cluster");
      expect(json.data.terraform_remote_state["cross-stack-reference-input-prod-network"]).toMatchObject({
        backend: "remote",
        config: { organization: "acme-llm", workspaces: { name: "llm-platform-prod-network" } },
      });
      const subnets = Object.values(json.resource.aws_eks_cluster as Record<string, any>)[0].vpc_config.subnet_ids;
      expect(subnets).toHaveLength(3);
      subnets.forEach((id: string, index: number) => {
        expect(id).toMatch(
          /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-prod-network\.outputs\.cross-stack-output-aws_subnetnetwork_subnet-private-us-east-1[abc]_\w+id\}$/,
        );
        expect(id).toContain(`subnet-private-us-east-1${"abc"[index]}`);
      });
      const network = JSON.parse(readFileSync(join(outdir, "stacks", "prod-network", "cdk.tf.json"), "utf8"));
      expect(Object.keys(network.output).some((name) => name.includes("subnet-private-us-east-1a"))).toBe(true);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("declares what the workloads layer needs, each with a description", () => {
    const outputs = dev.output!;
    expect(Object.keys(outputs).sort()).toEqual(
      [
        "addon_role_arns",
        "cluster_certificate_authority_data",
        "cluster_endpoint",
        "cluster_name",
        "cluster_version",
        "cluster_vpc_id",
        "controller_role_arns",
        "image_repository_urls",
        "node_group_names",
        "node_role_arn",
        "node_security_group_id",
        "oidc_issuer",
        "oidc_provider_arn",
        "volume_kms_key_arn",
      ].sort(),
    );
    expect(Object.values(outputs).every((output: any) => output.description)).toBe(true);
    expect(outputs.node_group_names.value).toEqual({
      system: expect.stringContaining("aws_eks_node_group.eks_node-group-system_node-group"),
      workers: expect.stringContaining("aws_eks_node_group.eks_node-group-workers_node-group"),
    });
    expect(Object.keys(outputs.controller_role_arns.value).sort()).toEqual(["awsLoadBalancerController", "clusterAutoscaler", "externalSecrets"]);
  });

  it("exposes ClusterExports for the workloads layer", () => {
    const stack = clusterStack("dev");
    expect(Object.keys(stack.exports).sort()).toEqual([
      "clusterName",
      "controllerRoleArns",
      "nodeSecurityGroupId",
      "oidcIssuer",
      "oidcProviderArn",
      "volumeKmsKeyArn",
    ]);
    // The outputs are declared from these very exports: check what they resolve to.
    const outputs = synthStack(stack).output!;
    expect(outputs.controller_role_arns.value.clusterAutoscaler).toMatch(/^\$\{aws_iam_role\.controllers_cluster-autoscaler_role_\w+\.arn\}$/);
    expect(outputs.oidc_issuer.value).toMatch(/^\$\{replace\(aws_eks_cluster\..*\.issuer, "https:\/\/", ""\)\}$/);
    expect(outputs.node_security_group_id.value).toContain(".vpc_config[0].cluster_security_group_id}");
    expect(outputs.oidc_provider_arn.value).toContain("aws_iam_openid_connect_provider.eks_control-plane_oidc-provider");
  });

  it("uses no wildcard action on a wildcard resource in any policy", () => {
    for (const [path, document] of Object.entries(dev.data!.aws_iam_policy_document)) {
      if (path.includes("key_policy") || path.includes("key-policy")) continue;
      for (const st of (document as any).statement) {
        const wildcardAction = st.actions.some((action: string) => action === "*" || action.endsWith(":*"));
        expect({ path, wildcard: wildcardAction && (st.resources ?? []).includes("*") }).toEqual({
          path,
          wildcard: false,
        });
      }
    }
    expect(dataAt(dev, "aws_iam_policy_document", "eks/volume-key/key-policy").statement).toHaveLength(1);
  });
});

describe("ClusterStack: a public endpoint is a recorded deviation", () => {
  it("suppresses NET003 on a public cluster with the reason from config, and only there", () => {
    const devFindings = findingsOf(clusterStack("dev"));
    expect(devFindings.violations).toEqual([]);
    expect(devFindings.suppressed.map((finding) => [finding.path, finding.ruleId])).toEqual([["dev-cluster/eks/control-plane/cluster", "NET003"]]);
    expect(devFindings.suppressed[0].suppression?.reason).toContain("engineers run kubectl from the office network; this VPC has no VPN or bastion");
    expect(findingsOf(clusterStack("prod")).suppressed.filter((finding) => finding.ruleId === "NET003")).toEqual([]);
  });

  it("turns a reasoned public endpoint in prod into the same suppression, not a violation", () => {
    const stack = clusterStack("prod", {
      patch: {
        cluster: {
          endpoint: { publicAccess: true, publicAccessCidrs: ["198.51.100.0/24"], publicAccessReason: "break-glass" },
        },
      },
    });
    const findings = findingsOf(stack);
    expect(findings.violations).toEqual([]);
    expect(findings.suppressed.map((finding) => finding.ruleId)).toEqual(["NET003"]);
  });
});

describe("ClusterStack: application image repositories", () => {
  const json = prod;

  it("manages the application's ECR repository: immutable tags, scan on push, its own KMS key, a lifecycle policy", () => {
    const repository = resourceAt(json, "aws_ecr_repository", "images/repository-llm-api");
    expect(repository).toMatchObject({
      name: "llm-api",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      force_delete: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(repository.encryption_configuration).toEqual([{ encryption_type: "KMS", kms_key: expect.stringContaining("aws_kms_key.images_key_") }]);
    const rules = JSON.parse(resourceAt(json, "aws_ecr_lifecycle_policy", "images/lifecycle-llm-api").policy).rules;
    expect(rules.map((rule: any) => rule.selection.tagStatus)).toEqual(["untagged", "any"]);
  });

  it("lets only the node role pull", () => {
    const statements = policyStatements(json, "images/pull-policy");
    expect(statements).toEqual([
      expect.objectContaining({
        sid: "NodesPull",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [expect.stringContaining("aws_iam_role.eks_node-role")] }],
      }),
      expect.objectContaining({
        sid: "NobodyElsePulls",
        effect: "Deny",
        condition: [{ test: "StringNotEquals", variable: "aws:PrincipalArn", values: [expect.stringContaining("aws_iam_role.eks_node-role")] }],
      }),
    ]);
  });
});
