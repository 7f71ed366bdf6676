import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { Construct } from "constructs";
import type { NamespaceConfig } from "../../config";

export interface ApplicationNamespaceProps {
  readonly name: string;
  readonly config: NamespaceConfig;
  /** Labels on the namespace. Default: none beyond the name label Kubernetes sets. */
  readonly labels?: Record<string, string>;
}

/**
 * An application namespace: a ResourceQuota caps what it may consume, a
 * LimitRange gives containers that declare nothing sane requests and limits,
 * and a default-deny NetworkPolicy blocks all traffic the application's own
 * policies do not allow. Pod Security Admission enforces the `restricted` profile.
 */
export class ApplicationNamespace extends Construct {
  readonly namespace: NamespaceV1;
  readonly name: string;

  constructor(scope: Construct, id: string, props: ApplicationNamespaceProps) {
    super(scope, id);
    const { quota, containerDefaults } = props.config;
    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    });
    this.name = this.namespace.metadata.name;
    new ResourceQuotaV1(this, "quota", {
      metadata: { name: "compute", namespace: this.name },
      spec: {
        hard: {
          "requests.cpu": quota.requests.cpu,
          "requests.memory": quota.requests.memory,
          "limits.cpu": quota.limits.cpu,
          "limits.memory": quota.limits.memory,
          pods: String(quota.pods),
        },
      },
    });
    new LimitRangeV1(this, "limits", {
      metadata: { name: "container-defaults", namespace: this.name },
      spec: {
        limit: [
          {
            type: "Container",
            defaultRequest: { cpu: containerDefaults.requests.cpu, memory: containerDefaults.requests.memory },
            default: { cpu: containerDefaults.limits.cpu, memory: containerDefaults.limits.memory },
          },
        ],
      },
    });
    new NetworkPolicyV1(this, "default-deny", {
      metadata: { name: "default-deny-all", namespace: this.name },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
  }
}
