import type { EnvironmentConfig } from "../../config";
import { nodeGroupName } from "../eks/node-group";

/** A Kubernetes taint as pods tolerate it (effects in Kubernetes spelling). */
export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** How the application and the autoscaler treat the cluster's spot node groups. */
export interface SpotScheduling {
  /** Taints of the spot groups: pods that tolerate them may run on spot nodes. */
  readonly taints: NodeTaint[];
  /**
   * Auto Scaling group names of the spot groups, as the cluster autoscaler's
   * priority expander matches them (EKS names a managed group's ASG
   * `eks-<node group name>-<uuid>`). Undefined when the cluster has no spot group.
   */
  readonly autoscalingGroupPattern?: string;
}

const KUBERNETES_EFFECT: Record<string, NodeTaint["effect"]> = {
  NO_SCHEDULE: "NoSchedule",
  PREFER_NO_SCHEDULE: "PreferNoSchedule",
  NO_EXECUTE: "NoExecute",
};

/**
 * Reads spot scheduling off the cluster layer's own node group config, so the
 * tolerations and the expander priorities can never drift from the taints and
 * names the cluster layer gives its node groups.
 */
export function spotScheduling(cluster: EnvironmentConfig["cluster"], namePrefix: string): SpotScheduling {
  const spotGroups = Object.entries(cluster.nodeGroups).filter(([, group]) => group.capacityType === "SPOT");
  const taints = new Map<string, NodeTaint>();
  for (const [, group] of spotGroups) {
    for (const taint of group.taints) {
      const nodeTaint = { key: taint.key, value: taint.value ?? "", effect: KUBERNETES_EFFECT[taint.effect] };
      taints.set(JSON.stringify(nodeTaint), nodeTaint);
    }
  }
  const names = spotGroups.map(([name]) => nodeGroupName(namePrefix, name));
  return {
    taints: [...taints.values()],
    autoscalingGroupPattern: names.length > 0 ? `^eks-(${names.join("|")})-.*` : undefined,
  };
}
