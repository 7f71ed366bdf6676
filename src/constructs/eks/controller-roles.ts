import { Construct } from "constructs";
import type { ParameterRef, SecretRef } from "../../contracts";
import { ParameterGrants, SecretGrants } from "../data/grants";
import { AwsScope } from "../iam/arn";
import type { PolicyStatement } from "../iam/grant";
import { awsLoadBalancerControllerStatements, clusterAutoscalerStatements, externalSecretsStatements } from "./controller-policies";
import { IrsaRole, OidcIdentity, ServiceAccountRef } from "./irsa-role";

/** Controllers the workloads layer installs that get an IRSA role here. */
export type Controller = "awsLoadBalancerController" | "clusterAutoscaler" | "externalSecrets";

/**
 * The service account each controller's Helm release must use: the roles trust
 * exactly these, so the workloads layer imports them instead of repeating them.
 */
export const CONTROLLER_SERVICE_ACCOUNTS: Record<Controller, ServiceAccountRef> = {
  awsLoadBalancerController: { namespace: "kube-system", name: "aws-load-balancer-controller" },
  clusterAutoscaler: { namespace: "kube-system", name: "cluster-autoscaler" },
  externalSecrets: { namespace: "external-secrets", name: "external-secrets" },
};

export interface ControllerRolesProps {
  /** `<project>-<env>`: names the roles and scopes external-secrets. */
  readonly namePrefix: string;
  readonly clusterName: string;
  readonly oidc: OidcIdentity;
  /**
   * The secrets external-secrets may read, granted by each secret (and its key
   * through Secrets Manager). Default: this environment's, by name and tag
   * pattern (see externalSecretsStatements).
   */
  readonly externalSecrets?: SecretRef[];
  /** SSM parameters external-secrets may read, granted by each parameter. Default: none. */
  readonly externalParameters?: ParameterRef[];
}

/** IRSA roles for the AWS Load Balancer Controller, the cluster autoscaler and external-secrets. */
export class ControllerRoles extends Construct {
  readonly roles: Record<Controller, IrsaRole>;

  constructor(scope: Construct, id: string, props: ControllerRolesProps) {
    super(scope, id);
    const role = (controller: Controller, suffix: string, description: string, statements: PolicyStatement[]) =>
      new IrsaRole(this, suffix, {
        name: `${props.namePrefix}-${suffix}`,
        description,
        oidc: props.oidc,
        serviceAccount: CONTROLLER_SERVICE_ACCOUNTS[controller],
        statements,
      });
    this.roles = {
      awsLoadBalancerController: role(
        "awsLoadBalancerController",
        "aws-load-balancer-controller",
        `AWS Load Balancer Controller of ${props.clusterName}`,
        awsLoadBalancerControllerStatements(AwsScope.of(this)),
      ),
      clusterAutoscaler: role(
        "clusterAutoscaler",
        "cluster-autoscaler",
        `Cluster autoscaler of ${props.clusterName}: scales its node groups only`,
        clusterAutoscalerStatements(AwsScope.of(this), props.clusterName),
      ),
      externalSecrets: role(
        "externalSecrets",
        "external-secrets",
        `external-secrets of ${props.clusterName}: reads ${props.namePrefix} secrets only`,
        props.externalSecrets ? [] : externalSecretsStatements(AwsScope.of(this), props.namePrefix),
      ),
    };
    for (const secret of props.externalSecrets ?? []) new SecretGrants(secret).read(this.roles.externalSecrets);
    for (const parameter of props.externalParameters ?? []) new ParameterGrants(parameter).read(this.roles.externalSecrets);
  }
}
