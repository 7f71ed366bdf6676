import { ADDONS_CALLING_AWS, addonAwsApis } from "../../src/config/addon-aws-apis";
import { awsLoadBalancerControllerStatements, clusterAutoscalerStatements } from "../../src/constructs/eks/controller-policies";
import type { PolicyStatement } from "../../src/constructs/iam/grant";
import { TEST_SCOPE } from "../support/aws-stack";
import { configErrorText, configOf, patched } from "../support/environments";

const errorText = (name: "dev" | "staging" | "prod", patch: unknown): string => configErrorText(patched(name, patch));
const egress = (patch: unknown) => ({ workloads: { addonInternetEgress: patch } });
const ANYWHERE = [{ cidrs: ["0.0.0.0/0"], ports: [443], reason: "AWS public API endpoints through the NAT, for this test" }];

/** The endpoint names of the services a role's statements name actions of (`cloudwatch:` is the `monitoring` endpoint). */
function servicesOf(statements: PolicyStatement[]): string[] {
  const prefixes = statements.flatMap((statement) => (statement.actions ?? []).map((action) => action.split(":")[0]));
  return [...new Set(prefixes.map((prefix) => (prefix === "cloudwatch" ? "monitoring" : prefix)))].sort();
}

describe("the AWS APIs each add-on calls", () => {
  const apis = addonAwsApis(configOf("prod").workloads);
  const services = (addon: keyof typeof apis) => apis[addon]!.map((api) => api.service).sort();

  it("are the services its IAM role may call, plus STS for its IRSA credentials", () => {
    expect(services("awsLoadBalancerController")).toEqual([...servicesOf(awsLoadBalancerControllerStatements(TEST_SCOPE)), "sts"].sort());
    expect(services("clusterAutoscaler")).toEqual([...servicesOf(clusterAutoscalerStatements(TEST_SCOPE, "c")), "sts"].sort());
    expect(services("ebsCsiDriver")).toEqual(["ec2", "sts"]);
    expect(services("alertmanager")).toEqual(["sns", "sts"]);
  });

  it("include SSM for external-secrets only where a workload syncs parameters, and Alertmanager only with monitoring", () => {
    expect(addonAwsApis(configOf("dev").workloads).externalSecrets!.map((api) => api.service)).toEqual(["sts", "secretsmanager", "ssm"]);
    expect(services("externalSecrets")).toEqual(["secretsmanager", "sts"]);
    expect(addonAwsApis(configOf("dev").workloads).alertmanager).toBeUndefined();
  });

  it("are declared for exactly the add-ons config can declare egress for", () => {
    expect(Object.keys(configOf("dev").workloads.addonInternetEgress)).toEqual([...ADDONS_CALLING_AWS]);
  });
});

describe("an add-on's internet egress", () => {
  it("must be declared, with what to do, when the add-on calls an API the environment has no endpoint for", () => {
    const text = errorText("dev", egress({ ebsCsiDriver: [], clusterAutoscaler: [], awsLoadBalancerController: [], externalSecrets: [] }));
    expect(text).toContain('Invalid configuration for environment "dev":');
    expect(text).toContain(
      "workloads.addonInternetEgress.ebsCsiDriver: got []: the EBS CSI controller (kube-system, EKS add-on aws-ebs-csi-driver) calls EC2, " +
        "which the environment has no interface endpoint for, and its network policy lets it out of the VPC only to interface endpoints and to what is declared here: " +
        'add "ec2" to network.interfaceEndpoints, or declare its egress through the NAT here (cidrs, ports and a reason)',
    );
    expect(text).toContain(
      'workloads.addonInternetEgress.clusterAutoscaler: got []: the cluster autoscaler (kube-system) calls Auto Scaling, EC2, EKS, which the environment has no interface endpoint for, and its network policy lets it out of the VPC only to interface endpoints and to what is declared here: add "autoscaling", "ec2" and "eks" to network.interfaceEndpoints, or declare its egress through the NAT here (cidrs, ports and a reason)',
    );
    expect(text).toContain(
      "workloads.addonInternetEgress.awsLoadBalancerController: got []: the AWS Load Balancer Controller (kube-system) calls EC2, Elastic Load Balancing, ACM, IAM, Cognito user pools, WAF Classic (regional), WAFv2, Shield, " +
        "which the environment has no interface endpoint for, and its network policy lets it out of the VPC only to interface endpoints and to what is declared here: " +
        "declare its egress through the NAT here (cidrs, ports and a reason) (ACM, IAM, Cognito user pools, WAF Classic (regional), WAFv2, Shield have no interface endpoint the network layer creates)",
    );
    expect(text).toContain(
      "workloads.addonInternetEgress.externalSecrets: got []: the external-secrets controller (external-secrets) calls SSM Parameter Store,",
    );
    expect(errorText("staging", egress({ alertmanager: [] }))).toContain(
      "workloads.addonInternetEgress.alertmanager: got []: Alertmanager (monitoring, kube-prometheus-stack) calls SNS (the alarm topic), which the environment has no interface endpoint for",
    );
  });

  it("is accepted without a declaration once the environment has the endpoints", () => {
    const env = configOf("dev", {
      network: { interfaceEndpoints: ["monitoring", "secretsmanager", "sts", "ec2", "ssm"] },
      workloads: { addonInternetEgress: { ebsCsiDriver: [], externalSecrets: [] } },
    });
    expect(env.workloads.addonInternetEgress.ebsCsiDriver).toEqual([]);
  });

  it("is refused where nothing needs it: every API behind an endpoint, or the add-on not installed", () => {
    expect(errorText("prod", { network: { interfaceEndpoints: ["ecr.api", "ecr.dkr", "kms", "logs", "secretsmanager", "sts", "ec2"] } })).toContain(
      "workloads.addonInternetEgress.ebsCsiDriver: got [{",
    );
    expect(errorText("prod", { network: { interfaceEndpoints: ["ecr.api", "ecr.dkr", "kms", "logs", "secretsmanager", "sts", "ec2"] } })).toContain(
      "reaches every AWS API it calls through the environment's interface endpoints (sts, ec2): remove this declaration",
    );
    expect(errorText("staging", egress({ externalSecrets: ANYWHERE }))).toContain("workloads.addonInternetEgress.externalSecrets: got [{");
    expect(errorText("dev", egress({ alertmanager: ANYWHERE }))).toContain(
      "Alertmanager (monitoring, kube-prometheus-stack) is not installed (workloads.addons.kubePrometheusStack.enabled is false): remove this declaration",
    );
  });

  it("needs a reason for every destination, as a workload's does", () => {
    expect(errorText("dev", egress({ ebsCsiDriver: [{ cidrs: ["0.0.0.0/0"], reason: "EC2" }] }))).toContain(
      'workloads.addonInternetEgress.ebsCsiDriver[0].reason: got "EC2": say what is reached there and why',
    );
  });
});
