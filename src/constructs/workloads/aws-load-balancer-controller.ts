import { Construct } from "constructs";
import { AddonProps } from "./addon-props";
import { HelmChartRelease, ServiceAccountValues, irsaServiceAccount } from "./helm-chart-release";
import { CONTROLLER_SERVICE_ACCOUNTS } from "./service-accounts";

/** The chart values this layer sets (see the chart's values.yaml). */
export interface AwsLoadBalancerControllerValues {
  readonly clusterName: string;
  /** Given explicitly: with IMDS hop limit 1 on the nodes the controller cannot discover them. */
  readonly region: string;
  readonly vpcId: string;
  readonly replicaCount: number;
  readonly serviceAccount: ServiceAccountValues;
  /** Off: the Service mutator would hand every LoadBalancer Service of other charts to this controller. */
  readonly enableServiceMutatorWebhook: boolean;
  readonly podDisruptionBudget: { readonly maxUnavailable: number };
}

export interface AwsLoadBalancerControllerProps extends AddonProps {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  /** IRSA role from the cluster layer. */
  readonly roleArn: string;
  /** Default: 2. */
  readonly replicas?: number;
}

/** AWS Load Balancer Controller: turns the application's Ingress into an ALB. */
export class AwsLoadBalancerController extends HelmChartRelease {
  static readonly releaseName = "aws-load-balancer-controller";

  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    const account = CONTROLLER_SERVICE_ACCOUNTS.awsLoadBalancerController;
    const values: AwsLoadBalancerControllerValues = {
      clusterName: props.clusterName,
      region: props.region,
      vpcId: props.vpcId,
      replicaCount: props.replicas ?? 2,
      serviceAccount: irsaServiceAccount(account.name, props.roleArn),
      enableServiceMutatorWebhook: false,
      podDisruptionBudget: { maxUnavailable: 1 },
    };
    super(scope, id, {
      name: AwsLoadBalancerController.releaseName,
      chart: "aws-load-balancer-controller",
      source: props.chart,
      namespace: account.namespace,
      createNamespace: false,
      values,
      dependsOn: props.dependsOn,
    });
  }
}
