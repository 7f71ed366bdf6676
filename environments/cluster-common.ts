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
 * The standard access entries, with each environment's own account's roles:
 * Terraform Cloud (which applies the workloads layer) and platform admins as
 * admins, developers read-only.
 */
export function standardClusterAccess(accountId: string): ClusterInput["access"] {
  const role = (name: string) => `arn:aws:iam::${accountId}:role/${name}`;
  return {
    "terraform-cloud": { principalArn: role("llm-platform-terraform-cloud"), access: "admin" },
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
