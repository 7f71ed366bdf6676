import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { EKS_ADDONS, EksAddonKey } from "../../config/schema/cluster";
import { path } from "../expressions/values";
import { CLOUDWATCH_AGENT_CONFIGURATION } from "./container-telemetry";

/** Add-ons nodes need before they can become Ready: networking and service routing. */
export const NODE_PREREQUISITE_ADDONS: readonly EksAddonKey[] = ["vpcCni", "kubeProxy"];
/**
 * Configuration the cluster depends on, per add-on (rendered as the add-on's
 * `configuration_values` JSON). vpc-cni enforces Kubernetes NetworkPolicies:
 * without it the workloads layer's default-deny policies would be accepted and
 * silently ignored. The CloudWatch agent receives OpenTelemetry traces for X-Ray.
 */
export const ADDON_CONFIGURATION: Partial<Record<EksAddonKey, Record<string, unknown>>> = {
  vpcCni: { enableNetworkPolicy: "true" },
  cloudwatchObservability: CLOUDWATCH_AGENT_CONFIGURATION,
};

/** Add-ons whose pods need nodes to run on; EKS reports them degraded until then. */
export const WORKLOAD_ADDONS: readonly EksAddonKey[] = ["coredns", "ebsCsiDriver", "cloudwatchObservability"];

export interface EksAddonsProps {
  readonly clusterName: string;
  readonly keys: readonly EksAddonKey[];
  /** Version of every add-on, from config (a module passes an object variable with snake_case keys). */
  readonly versions: Record<EksAddonKey, string>;
  /** IRSA roles for add-ons whose service account calls AWS. Default: none. */
  readonly serviceAccountRoleArns?: Partial<Record<EksAddonKey, string>>;
  /** Default: none. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A set of EKS managed add-ons at pinned versions. Terraform owns their
 * configuration: conflicts with hand edits are overwritten on create and update.
 */
export class EksAddons extends Construct {
  readonly addons: Partial<Record<EksAddonKey, EksAddon>> = {};

  constructor(scope: Construct, id: string, props: EksAddonsProps) {
    super(scope, id);
    for (const key of props.keys) {
      const name = EKS_ADDONS[key];
      this.addons[key] = new EksAddon(this, name, {
        clusterName: props.clusterName,
        addonName: name,
        addonVersion: path<string>(props.versions, key),
        serviceAccountRoleArn: props.serviceAccountRoleArns?.[key],
        configurationValues: ADDON_CONFIGURATION[key] ? JSON.stringify(ADDON_CONFIGURATION[key]) : undefined,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        dependsOn: props.dependsOn,
      });
    }
  }

  /** The add-on resources, for `dependsOn`. */
  all(): EksAddon[] {
    return Object.values(this.addons);
  }
}
