import type { EnvironmentInput } from "../src/config";
import { accountRoleArn, runRoleArn } from "../src/naming";

type ClusterInput = EnvironmentInput["cluster"];

/**
 * The Kubernetes version every environment runs: in EKS standard support until
 * 2027-03-27 (src/config/kubernetes-releases.ts). Add-on, chart and autoscaler
 * versions follow from it. Upgrade dev first (docs/cluster.md, "Upgrading Kubernetes").
 */
export const KUBERNETES_VERSION = "1.35";

/**
 * The standard access entries of an environment, all roles of its own account:
 * the workloads layer's Terraform Cloud apply role as admin (it installs the
 * Helm releases) and its plan role as admin-view (a plan refreshes Helm release
 * secrets, which the plain viewer policy cannot read); platform admins as
 * admins, developers read-only. The run roles are created by bootstrap/.
 */
export function standardClusterAccess(env: Parameters<typeof runRoleArn>[0]): ClusterInput["access"] {
  const role = (name: string) => accountRoleArn(env, name);
  return {
    "terraform-cloud-apply": { principalArn: runRoleArn(env, "workloads", "apply"), access: "admin" },
    "terraform-cloud-plan": { principalArn: runRoleArn(env, "workloads", "plan"), access: "admin-view" },
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
