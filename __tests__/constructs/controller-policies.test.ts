import { scopeOf } from "../../src/constructs/iam/arn";
import { readFileSync } from "fs";
import { join } from "path";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KUBERNETES_RELEASES } from "../../src/config/kubernetes-releases";
import { awsLoadBalancerControllerStatements, clusterAutoscalerStatements } from "../../src/constructs/eks/controller-policies";

interface PolicyJsonStatement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (value: string | string[]) => [value].flat().sort();

/** A statement as a comparable string: effect, sorted actions, resources and conditions; no sid. */
function canonical(effect: string, actions: string[], resources: string[], conditions: string[]): string {
  return JSON.stringify({ effect, actions: [...actions].sort(), resources: [...resources].sort(), conditions: [...conditions].sort() });
}

function fromPolicyJson(statement: PolicyJsonStatement): string {
  const conditions = Object.entries(statement.Condition ?? {}).flatMap(([test, variables]) =>
    Object.entries(variables).map(([variable, values]) => `${test} ${variable} ${list(values).join(",")}`),
  );
  return canonical(statement.Effect, list(statement.Action), list(statement.Resource), conditions);
}

function fromStatement(statement: DataAwsIamPolicyDocumentStatement): string {
  const conditions = ((statement.condition ?? []) as { test: string; variable: string; values: string[] }[]).map(
    ({ test, variable, values }) => `${test} ${variable} ${[...values].sort().join(",")}`,
  );
  return canonical(statement.effect ?? "Allow", statement.actions ?? [], statement.resources ?? [], conditions);
}

const SCOPE = scopeOf("111111111111", "us-east-1");

const reference = (file: string): PolicyJsonStatement[] =>
  JSON.parse(readFileSync(join(__dirname, "../../src/constructs/eks/reference-policies", file), "utf8")).Statement;

describe("AWS Load Balancer Controller policy", () => {
  const ours = awsLoadBalancerControllerStatements(SCOPE).map(fromStatement).sort();
  const upstream = reference("aws-load-balancer-controller-v3.5.0.json").map(fromPolicyJson).sort();

  it("is the upstream reference of the pinned chart (3.5.0), statement for statement, conditions included", () => {
    expect(ours).toEqual(upstream);
  });

  it("compares against the chart version every Kubernetes release pins", () => {
    const pinned = new Set(Object.values(KUBERNETES_RELEASES).flatMap((release) => release.charts.awsLoadBalancerController));
    expect([...pinned]).toEqual(["3.5.0"]);
  });

  it("conditions every mutating action on a load balancer, target group or security group on the cluster tag, as upstream does", () => {
    const conditioned = awsLoadBalancerControllerStatements(SCOPE).filter((s) =>
      (s.actions ?? []).some((a) =>
        ["elasticloadbalancing:DeleteLoadBalancer", "ec2:DeleteSecurityGroup", "elasticloadbalancing:DeleteTargetGroup"].includes(a),
      ),
    );
    expect(conditioned.length).toBeGreaterThan(0);
    for (const statement of conditioned) {
      expect(JSON.stringify(statement.condition)).toContain("aws:ResourceTag/elbv2.k8s.aws/cluster");
    }
  });
});

describe("cluster autoscaler policy", () => {
  const ours = clusterAutoscalerStatements(SCOPE, "llm-platform-dev-eks");
  const upstream = reference("cluster-autoscaler-full-features.json");

  it("grants exactly the actions of the upstream full-features policy", () => {
    expect(ours.flatMap((s) => s.actions ?? []).sort()).toEqual(upstream.flatMap((s) => list(s.Action)).sort());
  });

  it("is never wider: writes only on this cluster's tagged groups, node group reads only on this cluster's", () => {
    const byAction = (action: string) => ours.find((s) => s.actions?.includes(action))!;
    const conditions = (byAction("autoscaling:SetDesiredCapacity").condition ?? []) as { variable: string; values: string[] }[];
    expect(conditions.map(({ variable, values }) => [variable, values])).toEqual([
      ["aws:ResourceTag/k8s.io/cluster-autoscaler/llm-platform-dev-eks", ["owned"]],
      ["aws:ResourceTag/k8s.io/cluster-autoscaler/enabled", ["true"]],
    ]);
    expect(byAction("autoscaling:TerminateInstanceInAutoScalingGroup")).toBe(byAction("autoscaling:SetDesiredCapacity"));
    expect(byAction("eks:DescribeNodegroup").resources).toEqual(["arn:aws:eks:us-east-1:111111111111:nodegroup/llm-platform-dev-eks/*/*"]);
  });
});
