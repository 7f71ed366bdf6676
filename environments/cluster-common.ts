import type { EnvironmentInput } from "../src/config";

type ClusterInput = EnvironmentInput["cluster"];

/**
 * EKS add-on versions for Kubernetes 1.33, shared by every environment on that
 * version (`aws eks describe-addon-versions --kubernetes-version 1.33`).
 */
export const EKS_1_33_ADDONS: ClusterInput["addons"] = {
  vpcCni: "v1.20.4-eksbuild.1",
  coredns: "v1.12.1-eksbuild.2",
  kubeProxy: "v1.33.3-eksbuild.4",
  ebsCsiDriver: "v1.48.0-eksbuild.2",
  podIdentityAgent: "v1.3.8-eksbuild.2",
};

/**
 * The standard access entries of an environment, all roles of its own account:
 * platform admins as admins, developers read-only. Terraform Cloud's runs need
 * none here: the cluster layer gives its own run roles their entries and binds
 * the workloads layer's runs through OIDC (src/constructs/eks/terraform-cloud-access.ts).
 */
export function standardClusterAccess(env: { readonly aws: { readonly accountId: string } }): ClusterInput["access"] {
  const role = (name: string) => `arn:aws:iam::${env.aws.accountId}:role/${name}`;
  return {
    "platform-admins": { principalArn: role("platform-admin"), access: "admin" },
    developers: { principalArn: role("developer-readonly"), access: "viewer" },
  };
}

/** Labels of system nodes (CoreDNS, controllers). */
export const SYSTEM_NODE_LABELS = { "node-role": "system" };

/** Spot worker nodes: labelled, and tainted so only pods tolerating `spot=true:NoSchedule` land there. */
export const SPOT_WORKER_NODES = {
  capacityType: "SPOT",
  labels: { "node-role": "worker" },
  taints: [{ key: "spot", value: "true", effect: "NO_SCHEDULE" }],
} satisfies Partial<ClusterInput["nodeGroups"][string]>;
