import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { App, Fn, TerraformStack } from "cdktf";
import { TerraformJson, renderValue, toHcl } from "../../src/hcl/render";
import { expectedParse, parseHcl } from "../../src/hcl/roundtrip";
import { bindingDir, blockSchemaOf } from "../../src/hcl/schema";
import { renderStack } from "../../src/hcl/stacks";
import { parseTemplate, quotedTemplate, soleExpression } from "../../src/hcl/template";

describe("templates", () => {
  it("writes a string that is one interpolation as a bare expression", () => {
    expect(soleExpression("${aws_vpc.main.id}")).toBe("aws_vpc.main.id");
    expect(soleExpression("${a}-${b}")).toBeUndefined();
    expect(soleExpression("$${not.an.expression}")).toBeUndefined();
  });

  it("escapes literal text but copies interpolations verbatim, quotes and all", () => {
    expect(quotedTemplate('{"Resource":"${aws_s3_bucket.b.arn}/*"}')).toBe('"{\\"Resource\\":\\"${aws_s3_bucket.b.arn}/*\\"}"');
    expect(quotedTemplate('x-${lookup(var.m, "k", "}")}\n')).toBe('"x-${lookup(var.m, "k", "}")}\\n"');
    expect(quotedTemplate("keep $${literal} and back\\slash")).toBe('"keep $${literal} and back\\\\slash"');
    expect(parseTemplate("a${b}c")).toEqual([{ literal: "a" }, { sequence: "${b}" }, { literal: "c" }]);
  });

  it("renders maps with quoted keys where they are not identifiers", () => {
    expect(renderValue({ Name: "x", "kubernetes.io/role/elb": "1" })).toBe('{\n  Name = "x"\n  "kubernetes.io/role/elb" = "1"\n}');
  });
});

function synthJson(stack: TerraformStack): TerraformJson {
  return JSON.parse(JSON.stringify(stack.toTerraform()), (key, value) => (key === "//" ? undefined : value));
}

async function roundTrip(stack: TerraformStack) {
  const json = synthJson(stack);
  const schema = blockSchemaOf(stack);
  const hcl = await toHcl(json, schema);
  return { hcl, parsed: await parseHcl("main.tf", hcl), expected: expectedParse(json, schema) };
}

describe("what cdktf's own HCL output gets wrong", () => {
  it("round-trips an IAM policy serialized with references inside it", async () => {
    const stack = new TerraformStack(new App(), "policy");
    const bucket = new S3Bucket(stack, "bucket", { bucket: "b" });
    new IamPolicy(stack, "policy", {
      policy: Fn.jsonencode({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `${bucket.arn}/*` }] }),
    });
    new IamPolicy(stack, "serialized", {
      policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: bucket.arn }] }),
    });
    const { hcl, parsed, expected } = await roundTrip(stack);
    expect(parsed).toEqual(expected);
    expect(hcl).toContain('\\"Resource\\":\\"${aws_s3_bucket.bucket.arn}\\"');
  });

  it("renders WAFv2 rules as nested blocks, however deep, and round-trips them", async () => {
    const stack = new TerraformStack(new App(), "waf");
    new Wafv2WebAcl(stack, "acl", {
      name: "acl",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "acl", sampledRequestsEnabled: true },
      rule: [
        {
          name: "common",
          priority: 1,
          overrideAction: { none: {} },
          // Typed `any` in the bindings: written in Terraform's own snake_case.
          statement: {
            managed_rule_group_statement: {
              name: "AWSManagedRulesCommonRuleSet",
              vendor_name: "AWS",
              rule_action_override: [{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }],
            },
          },
          visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "common", sampledRequestsEnabled: true },
        },
      ],
    });
    const { hcl, parsed, expected } = await roundTrip(stack);
    expect(parsed).toEqual(expected);
    for (const block of [
      "rule {",
      "statement {",
      "managed_rule_group_statement {",
      "rule_action_override {",
      "action_to_use {",
      "count {",
      "override_action {",
      "none {",
    ]) {
      expect(hcl).toContain(block);
    }
    expect(hcl).not.toMatch(/\brule\s*=/);
  });

  it("renders several dynamic blocks of one type, and dynamic blocks inside a single nested block, and round-trips them", async () => {
    const stack = new TerraformStack(new App(), "dynamic");
    const acl = new Wafv2WebAcl(stack, "acl", {
      name: "acl",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "acl", sampledRequestsEnabled: true },
    });
    const rule = (name: string) => ({
      name,
      priority: name.length,
      override_action: { none: {} },
      statement: { managed_rule_group_statement: { name, vendor_name: "AWS" } },
      visibility_config: { cloudwatch_metrics_enabled: true, metric_name: name, sampled_requests_enabled: true },
    });
    acl.addOverride("dynamic.rule", [
      { for_each: "${var.a ? [1] : []}", content: rule("first") },
      { for_each: "${var.b ? [1] : []}", content: rule("second") },
    ]);
    acl.addOverride("visibility_config.dynamic.extra", { for_each: "${var.c}", content: { value: "${extra.value}" } });
    const { hcl, parsed, expected } = await roundTrip(stack);
    expect(parsed).toEqual(expected);
    expect(hcl.match(/dynamic "rule" \{/g)).toHaveLength(2);
    expect(hcl).toMatch(/visibility_config \{[^}]*dynamic "extra" \{/);
  });
});

describe("renderStack", () => {
  it("renders the override cdktf's HCL output breaks (required_version) as an attribute", async () => {
    const stack = new TerraformStack(new App(), "versions");
    stack.addOverride("terraform.required_version", "~> 1.13.4");
    new S3Bucket(stack, "bucket", { bucket: "b" });
    const { hcl } = await renderStack(stack);
    expect(hcl).toContain('required_version = "~> 1.13.4"');
    expect(hcl).not.toMatch(/\b0 = /);
  });
});

describe("block schema from the bindings", () => {
  // JSON writes blocks and nested attributes alike; the bindings mark both `isBlock`. Only the
  // declarations tell them apart, and Terraform refuses one written as the other.
  const stackWith = (build: (stack: TerraformStack) => void) => {
    const stack = new TerraformStack(new App(), "schema");
    build(stack);
    return stack;
  };

  it("writes nested attributes of a provider (helm 3.x kubernetes, registries) as arguments, blocks as blocks", async () => {
    const stack = stackWith((scope) => {
      new AwsProvider(scope, "aws", { region: "eu-west-1", defaultTags: [{ tags: { Project: "p" } }] });
      new HelmProvider(scope, "helm", {
        kubernetes: { host: "https://example", exec: { apiVersion: "v1", command: "aws" } },
        registries: [{ url: "oci://example", username: "u", password: "p" }],
      });
    });
    const schema = blockSchemaOf(stack);
    expect([...(schema.get("provider.helm") ?? [])]).toEqual([]);
    expect([...(schema.get("provider.aws") ?? [])]).toEqual(["default_tags"]);
    const { hcl } = await renderStack(stack);
    expect(hcl).toMatch(/\n  kubernetes = \{\n/);
    expect(hcl).toMatch(/\n    exec = \{\n/);
    expect(hcl).toMatch(/\n  registries = \[\n/);
    expect(hcl).toMatch(/\n  default_tags \{\n/);
  });

  it("writes list attributes (helm_release set, aws_security_group ingress) as arguments, nested blocks as blocks", () => {
    const stack = stackWith((scope) => {
      new Release(scope, "release", { name: "r", chart: "c", set: [{ name: "a", value: "b" }] });
      new SecurityGroup(scope, "sg", { ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["10.0.0.0/8"] }] });
      new EksCluster(scope, "eks", {
        name: "c",
        roleArn: "arn:aws:iam::111111111111:role/r",
        vpcConfig: { subnetIds: ["subnet-1"] },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: "k" } },
      });
    });
    const schema = blockSchemaOf(stack);
    expect([...(schema.get("resource.helm_release") ?? [])]).toEqual([]);
    expect([...(schema.get("resource.aws_security_group") ?? [])]).toEqual([]);
    expect([...(schema.get("resource.aws_eks_cluster") ?? [])].sort()).toEqual(["encryption_config", "encryption_config.provider", "vpc_config"]);
  });

  it("finds the binding of resources, data sources and providers, and says which one it cannot find", () => {
    expect(bindingDir("resource", "aws_eks_cluster", "aws")).toMatch(/provider-aws\/lib\/eks-cluster$/);
    expect(bindingDir("data", "aws_iam_policy_document", "aws")).toMatch(/provider-aws\/lib\/data-aws-iam-policy-document$/);
    expect(bindingDir("provider", "helm", "helm")).toMatch(/provider-helm\/lib\/provider$/);
    expect(() => bindingDir("resource", "aws_no_such_thing", "aws")).toThrow(/cannot find the binding of resource aws_no_such_thing/);
  });
});
