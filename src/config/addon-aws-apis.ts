/**
 * Which AWS APIs each cluster add-on's pods call, for the add-ons whose pods
 * run on the pod network: network policies govern them, and their egress
 * policies let them out of the VPC only to interface endpoints (the private
 * subnets) and to what config declares (`workloads.addonInternetEgress`).
 *
 * Add-ons on the host network call AWS as the node, outside any network
 * policy, and are not listed: aws-node (VPC CNI) and kube-proxy, the
 * CloudWatch agent and Fluent Bit (amazon-cloudwatch-observability), and
 * node-exporter (kube-prometheus-stack). KEDA is not listed either: it calls
 * STS, SQS and CloudWatch, whose endpoints config requires for its triggers.
 *
 * Sources: the IAM policies of the controllers' roles (each service an action
 * prefix of them; `__tests__/config/addon-aws-apis.test.ts` compares), the EKS
 * user guide's AmazonEBSCSIDriverPolicy for the EBS CSI controller (EC2; it
 * never calls KMS itself: EC2 does, on its behalf), and Alertmanager's SNS
 * receiver. Every one of them gets credentials from STS (IRSA).
 */

/** The add-ons whose pods are on the pod network and call AWS APIs. */
export const ADDONS_CALLING_AWS = ["awsLoadBalancerController", "clusterAutoscaler", "ebsCsiDriver", "externalSecrets", "alertmanager"] as const;
export type AddonCallingAws = (typeof ADDONS_CALLING_AWS)[number];

/**
 * One AWS API: `service` is the endpoint name (`com.amazonaws.<region>.<service>`,
 * as `network.interfaceEndpoints` names it), `name` what a person calls it.
 */
export interface AwsApi {
  readonly service: string;
  readonly name: string;
}

/** Who each add-on is, for messages: what runs where. */
export const ADDON_CALLERS: Record<AddonCallingAws, string> = {
  awsLoadBalancerController: "the AWS Load Balancer Controller (kube-system)",
  clusterAutoscaler: "the cluster autoscaler (kube-system)",
  ebsCsiDriver: "the EBS CSI controller (kube-system, EKS add-on aws-ebs-csi-driver)",
  externalSecrets: "the external-secrets controller (external-secrets)",
  alertmanager: "Alertmanager (monitoring, kube-prometheus-stack)",
};

const api = (service: string, name: string): AwsApi => ({ service, name });
const STS = api("sts", "STS (IRSA credentials)");
const EC2 = api("ec2", "EC2");

/** What the APIs depend on in the workloads config. */
export interface AddonApiInputs {
  readonly addons: { readonly kubePrometheusStack: { readonly enabled: boolean } };
  readonly applications: Record<string, { readonly parameters: Record<string, string> }>;
}

/** The AWS APIs each installed add-on of {@link ADDONS_CALLING_AWS} calls; add-ons not installed are absent. */
export function addonAwsApis(workloads: AddonApiInputs): Partial<Record<AddonCallingAws, readonly AwsApi[]>> {
  const parameters = Object.values(workloads.applications).some((workload) => Object.keys(workload.parameters).length > 0);
  return {
    awsLoadBalancerController: [
      STS,
      EC2,
      api("elasticloadbalancing", "Elastic Load Balancing"),
      api("acm", "ACM"),
      api("iam", "IAM"),
      api("cognito-idp", "Cognito user pools"),
      api("waf-regional", "WAF Classic (regional)"),
      api("wafv2", "WAFv2"),
      api("shield", "Shield"),
    ],
    clusterAutoscaler: [STS, api("autoscaling", "Auto Scaling"), EC2, api("eks", "EKS")],
    ebsCsiDriver: [STS, EC2],
    // SSM only when a workload syncs parameters through the parameter store.
    externalSecrets: [STS, api("secretsmanager", "Secrets Manager"), ...(parameters ? [api("ssm", "SSM Parameter Store")] : [])],
    ...(workloads.addons.kubePrometheusStack.enabled ? { alertmanager: [STS, api("sns", "SNS (the alarm topic)")] } : {}),
  };
}
