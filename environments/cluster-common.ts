import type { EnvironmentInput } from "../src/config";
import { accountRoleArn } from "../src/naming";

type ClusterInput = EnvironmentInput["cluster"];

/**
 * The Kubernetes version every environment runs: in EKS standard support until
 * 2027-03-27 (src/config/kubernetes-releases.ts). Add-on, chart and autoscaler
 * versions follow from it. Upgrade dev first (docs/cluster.md, "Upgrading Kubernetes").
 */
export const KUBERNETES_VERSION = "1.35";

/**
 * The standard access entries of an environment, all roles of its own account:
 * platform admins as admins, developers read-only. Terraform Cloud's runs need
 * none here: the cluster layer gives its own run roles their entries and binds
 * the workloads layer's runs through OIDC (src/constructs/eks/terraform-cloud-access.ts).
 */
export function standardClusterAccess(env: Parameters<typeof accountRoleArn>[0]): ClusterInput["access"] {
  const role = (name: string) => accountRoleArn(env, name);
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
