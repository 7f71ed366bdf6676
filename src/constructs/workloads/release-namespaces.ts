import { IConstruct } from "constructs";
import type { EnvironmentConfig } from "../../config";
import { ConstructError } from "../errors";
import { HelmChartRelease } from "./helm-chart-release";
import { KEDA_OPERATOR_SERVICE_ACCOUNT } from "./keda";
import { KubePrometheusStack } from "./kube-prometheus-stack";
import { CONTROLLER_SERVICE_ACCOUNTS } from "./service-accounts";

/** A namespace the workloads layer records Helm releases in. */
export interface HelmReleaseNamespace {
  readonly name: string;
  /**
   * Who creates the namespace object: `eks` (it exists with the cluster), or
   * `cluster-layer` (the cluster layer creates it, with the plan identity's
   * RoleBinding, before the workloads layer installs anything there; the
   * workloads layer labels it for Pod Security).
   */
  readonly createdBy: "eks" | "cluster-layer";
}

/**
 * The namespaces that hold the workloads layer's Helm releases, and nothing of
 * the applications.
 *
 * Helm keeps each release (values included) in a Secret of its namespace, so
 * the workloads layer's plan identity must read Secrets wherever a release is
 * recorded. Limiting releases to these namespaces lets that read be granted
 * per namespace (a RoleBinding in each, made by the cluster layer) instead of
 * cluster-wide, and keeps the applications' Secrets out of every plan:
 * releases that carry an application's custom resources (ExternalSecrets) are
 * recorded here and name the application namespace in each manifest.
 *
 * The workloads stack refuses a release in any other namespace.
 */
export function helmReleaseNamespaces(env: Pick<EnvironmentConfig, "workloads">): HelmReleaseNamespace[] {
  const created = [CONTROLLER_SERVICE_ACCOUNTS.externalSecrets.namespace];
  if (env.workloads.addons.kubePrometheusStack.enabled) created.push(KubePrometheusStack.namespace);
  // KEDA, and the ScaledObjects of the workers, which name their workload's namespace in each manifest.
  if (env.workloads.addons.keda.enabled) created.push(KEDA_OPERATOR_SERVICE_ACCOUNT.namespace);
  return [{ name: "kube-system", createdBy: "eks" }, ...created.map((name): HelmReleaseNamespace => ({ name, createdBy: "cluster-layer" }))];
}

/** The namespace of the releases that carry application custom resources (ExternalSecrets; ScaledObjects go to KEDA's). */
export const APPLICATION_RESOURCES_RELEASE_NAMESPACE = CONTROLLER_SERVICE_ACCOUNTS.externalSecrets.namespace;

/**
 * Refuses a Helm release under `scope` recorded outside the given namespaces:
 * it would fail every plan, or need the plan identity to read an application's
 * Secrets.
 */
export function checkReleaseNamespaces(scope: IConstruct, namespaces: readonly HelmReleaseNamespace[]): void {
  const allowed = namespaces.map((namespace) => namespace.name);
  for (const release of scope.node.findAll().filter((node): node is HelmChartRelease => node instanceof HelmChartRelease)) {
    if (!allowed.includes(release.namespace)) {
      throw new ConstructError(
        release,
        `Helm release "${release.releaseName}" would be recorded in namespace "${release.namespace}"; ` +
          `releases belong in ${allowed.map((name) => `"${name}"`).join(", ")} (helmReleaseNamespaces), the namespaces whose Secrets ` +
          "the plan identity may read: record the release there and set metadata.namespace on each manifest",
      );
    }
  }
}
