import { Labels } from "@cdktf/provider-kubernetes/lib/labels";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** The Pod Security Admission level a namespace the platform uses enforces, and why it is not `restricted`. */
export interface NamespacePodSecurity {
  readonly enforce: PodSecurityLevel;
  readonly reason: string;
}

/**
 * Namespaces of add-ons whose namespace object the platform does not create
 * itself (EKS or Helm do), with the level their pods need. Application
 * namespaces enforce `restricted` (ApplicationNamespace).
 */
export const ADDON_NAMESPACE_POD_SECURITY: Record<string, NamespacePodSecurity> = {
  "kube-system": {
    enforce: "privileged",
    reason: "the VPC CNI (aws-node), kube-proxy and the EBS CSI node driver run privileged on the host network",
  },
  "amazon-cloudwatch": {
    enforce: "privileged",
    reason: "Fluent Bit and the CloudWatch agent mount host paths to read container logs and host metrics",
  },
  "external-secrets": {
    enforce: "baseline",
    reason: "its controller, webhook and cert controller need no host access; restricted is warned about and audited",
  },
  keda: {
    enforce: "baseline",
    reason: "the operator, metrics API server and webhooks need no host access; restricted is warned about and audited",
  },
  monitoring: {
    enforce: "privileged",
    reason: "node-exporter uses the host's network and PID namespaces and host paths",
  },
};

/**
 * Pod Security Admission labels on an existing namespace (server-side apply of
 * the labels only, so EKS or Helm keep the namespace object): enforce the
 * level the namespace's add-on needs, and warn and audit at `restricted` so
 * every pod that needs the exception stays visible.
 */
export class PodSecurityLabels extends Construct {
  constructor(scope: Construct, id: string, namespace: string, dependsOn: ITerraformDependable[] = []) {
    super(scope, id);
    const { enforce } = ADDON_NAMESPACE_POD_SECURITY[namespace];
    new Labels(this, "labels", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: namespace },
      labels: {
        "pod-security.kubernetes.io/enforce": enforce,
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
      },
      dependsOn,
    });
  }
}
