import type { EnvironmentInput } from "../src/config";
import { accountRoleArn, runRoleArn } from "../src/naming";

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
