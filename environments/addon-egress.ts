/**
 * How the cluster add-ons reach the AWS APIs an environment has no interface
 * endpoint for (`workloads.addonInternetEgress`): their public regional
 * endpoints, through the NAT, on 443 only, for that add-on's pods only. AWS
 * publishes no address range for an API narrow enough to name: ip-ranges.json
 * lists the region's shared AMAZON ranges (hundreds of prefixes, changed
 * several times a week), so the destination is any address.
 */
function awsApisThroughNat(reason: string) {
  return [{ cidrs: ["0.0.0.0/0"], ports: [443], reason: `${reason}; AWS publishes no fixed address range per API to name instead` }];
}

/**
 * The AWS Load Balancer Controller, in every environment: WAFv2 (the edge
 * layer's web ACL), Shield, ACM, IAM and Cognito have no interface endpoint the
 * network layer creates.
 */
export const LOAD_BALANCER_CONTROLLER_EGRESS = awsApisThroughNat(
  "the AWS Load Balancer Controller calls WAFv2 (to attach the edge layer's web ACL), Shield, ACM, IAM and Cognito, which have no interface endpoint here, and EC2 and ELB",
);

/** The cluster autoscaler's Auto Scaling, EC2 and EKS calls, and why the environment has no endpoints for them. */
export function clusterAutoscalerEgress(whyNoEndpoints: string) {
  return awsApisThroughNat(
    `the cluster autoscaler calls Auto Scaling, EC2 and EKS (node group sizes), which have no interface endpoint here: ${whyNoEndpoints}`,
  );
}

/** The EBS CSI controller's EC2 calls (volumes), and why the environment has no ec2 endpoint. */
export function ebsCsiDriverEgress(whyNoEndpoint: string) {
  return awsApisThroughNat(`the EBS CSI controller calls EC2 (create, attach and delete volumes), which has no interface endpoint here: ${whyNoEndpoint}`);
}

/** Alertmanager publishes alerts to the alarm topic: SNS has no interface endpoint the network layer creates. */
export const ALERTMANAGER_EGRESS = awsApisThroughNat(
  "Alertmanager publishes alerts to the environment's alarm topic through SNS, which has no interface endpoint the network layer creates",
);

/** The external-secrets controller's SSM Parameter Store calls (workloads' parameters), and why there is no ssm endpoint. */
export function externalSecretsParameterEgress(whyNoEndpoint: string) {
  return awsApisThroughNat(`the external-secrets controller reads the workloads' SSM parameters, and SSM has no interface endpoint here: ${whyNoEndpoint}`);
}
