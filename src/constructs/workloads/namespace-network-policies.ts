import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { EgressRule, IngressRule } from "./network-peers";

/** The name of every namespace's default-deny NetworkPolicy. */
export const DEFAULT_DENY_POLICY = "default-deny-all";

/** One allow policy of a namespace: the pods it selects and what they may receive and send. */
export interface AllowPolicy {
  /** Construct id (part of its Terraform address). */
  readonly id: string;
  /** The NetworkPolicy's name. */
  readonly name: string;
  /** Labels the selected pods carry; `{}` selects every pod of the namespace. */
  readonly pods: Record<string, string>;
  /** What they may receive; absent: the policy leaves ingress alone. */
  readonly ingress?: IngressRule[];
  /** What they may send; absent: the policy leaves egress alone. */
  readonly egress?: EgressRule[];
}

export interface NamespacePolicies {
  readonly allows: NetworkPolicyV1[];
  readonly deny: NetworkPolicyV1;
}

/**
 * A namespace's allow policies, then its default deny (every pod, ingress and
 * egress, no rules), created directly under `scope` with the allows' ids and
 * `default-deny`.
 *
 * The deny depends on every allow, so Terraform creates it only after them
 * (and destroys it first): an apply never leaves a pod denied what its allows
 * are about to permit. A pod that an allow policy selects is isolated for that
 * policy's directions as soon as the policy lands, so each component's
 * ingress and egress live in one policy where a gap would hurt (CoreDNS, a
 * webhook): it goes from open to everything it needs in one step.
 */
export function allowThenDeny(scope: Construct, namespace: string, allows: AllowPolicy[], dependsOn: ITerraformDependable[] = []): NamespacePolicies {
  const metadata = (name: string) => ({ name, namespace });
  const created = allows.map(
    (allow) =>
      new NetworkPolicyV1(scope, allow.id, {
        metadata: metadata(allow.name),
        spec: {
          podSelector: Object.keys(allow.pods).length > 0 ? { matchLabels: allow.pods } : {},
          policyTypes: [...(allow.ingress ? ["Ingress"] : []), ...(allow.egress ? ["Egress"] : [])],
          ...(allow.ingress ? { ingress: allow.ingress } : {}),
          ...(allow.egress ? { egress: allow.egress } : {}),
        },
        dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
      }),
  );
  const deny = new NetworkPolicyV1(scope, "default-deny", {
    metadata: metadata(DEFAULT_DENY_POLICY),
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    dependsOn: [...dependsOn, ...created],
  });
  return { allows: created, deny };
}
