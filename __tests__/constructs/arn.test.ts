import { App } from "cdktf";
import { Construct } from "constructs";
import { accessEntrySchema } from "../../src/config";
import { AwsScope, accountRootArn, anyArn, awsManagedPolicyArn, formatArn, partitionOf, regionalService, scopeOf } from "../../src/constructs/iam/arn";
import { PARTITION_PATTERN } from "../../src/partitions";
import { ScopedStack } from "../support/aws-stack";

describe("partition-aware ARNs", () => {
  it("take the partition from the region: commercial, China, GovCloud", () => {
    expect(partitionOf("eu-west-1")).toBe("aws");
    expect(partitionOf("cn-north-1")).toBe("aws-cn");
    expect(partitionOf("us-gov-west-1")).toBe("aws-us-gov");
  });

  it("format every part from the scope unless told otherwise", () => {
    const gov: AwsScope = scopeOf("123456789012", "us-gov-east-1");
    expect(formatArn(gov, { service: "logs", resource: "log-group:/x" })).toBe("arn:aws-us-gov:logs:us-gov-east-1:123456789012:log-group:/x");
    expect(accountRootArn(gov)).toBe("arn:aws-us-gov:iam::123456789012:root");
    expect(awsManagedPolicyArn(gov, "AmazonEKSClusterPolicy")).toBe("arn:aws-us-gov:iam::aws:policy/AmazonEKSClusterPolicy");
    expect(anyArn(gov, "ec2", "security-group/*")).toBe("arn:aws-us-gov:ec2:*:*:security-group/*");
    expect(regionalService(gov, "logs")).toBe("logs.us-gov-east-1.amazonaws.com");
    expect(regionalService(scopeOf("123456789012", "cn-north-1"), "logs")).toBe("logs.cn-north-1.amazonaws.com.cn");
  });

  it("AwsScope.of answers with the nearest owning stack's scope and refuses constructs outside one", () => {
    const stack = new ScopedStack();
    const deep = new Construct(new Construct(stack, "a"), "b");
    expect(AwsScope.of(deep)).toBe(stack.awsScope);
    expect(() => AwsScope.of(new Construct(new App(), "loose"))).toThrow("loose is not inside a stack that owns an AWS scope");
  });

  it("the config accepts IAM principals of every partition and nothing else", () => {
    const pattern = new RegExp(`^arn:${PARTITION_PATTERN}:iam::`);
    for (const partition of ["aws", "aws-cn", "aws-us-gov"]) expect(pattern.test(`arn:${partition}:iam::123456789012:role/x`)).toBe(true);
    expect(pattern.test("arn:aws-foo:iam::123456789012:role/x")).toBe(false);
    const access = (principalArn: string) => accessEntrySchema.safeParse({ principalArn, access: "admin" }).success;
    expect(access("arn:aws-us-gov:iam::123456789012:role/admin")).toBe(true);
    expect(access("arn:aws-foo:iam::123456789012:role/admin")).toBe(false);
  });
});
