import type { ClusterExports } from "../../contracts";
import type { ServiceAccountRef } from "../iam/irsa-role";

/**
 * Where each controller's service account lives. The cluster layer's IRSA
 * roles (`ClusterExports.controllerRoleArns`) must trust exactly these.
 */
export const CONTROLLER_SERVICE_ACCOUNTS = {
  awsLoadBalancerController: { namespace: "kube-system", name: "aws-load-balancer-controller" },
  clusterAutoscaler: { namespace: "kube-system", name: "cluster-autoscaler" },
  externalSecrets: { namespace: "external-secrets", name: "external-secrets" },
} as const satisfies Record<keyof ClusterExports["controllerRoleArns"], ServiceAccountRef>;
