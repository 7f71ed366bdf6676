import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformStack } from "cdktf";
import type { Stage } from "../../src/config";
import { ACCOUNT, guardedStack, violationsOf } from "./guardrails";

/**
 * One-fault rule fixtures: build a compliant resource, change one thing, and
 * read the rule's violations through the policy aspect on the synthesized stack.
 */
export function violations(ruleId: string, build: (stack: TerraformStack) => void, stage: Stage = "dev"): string[] {
  const stack = guardedStack(stage);
  build(stack);
  return violationsOf(stack, ruleId).sort();
}

/** `r: <problem>` for each problem, sorted like `violations`: the resource under test is always `r`. */
export const problems = (...texts: string[]): string[] => texts.map((text) => `r: ${text}`).sort();

/** A key argument's value, built in the stack under test (references need their target there). */
export type KeyChoice = (stack: TerraformStack) => string | undefined;

/** Key arguments that name a customer-managed key. */
export const CUSTOMER_KEYS: Record<string, KeyChoice> = {
  "a reference to an aws_kms_key": (stack) =>
    ((stack.node.tryFindChild("key") as KmsKey | undefined) ?? new KmsKey(stack, "key", { enableKeyRotation: true })).arn,
  "a key ARN": () => `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  "a key ARN in another partition": () => `arn:aws-us-gov:kms:us-gov-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  "a customer alias name": () => "alias/platform-data",
  "a customer alias ARN": () => `arn:aws:kms:us-east-1:${ACCOUNT}:alias/platform-data`,
  "a remote state output": () => "${data.terraform_remote_state.cross-stack-reference-input-dev-data.outputs.key}",
};

/** Key arguments that do not: AWS-managed keys in every spelling, and no key. */
export const NOT_CUSTOMER_KEYS: Record<string, KeyChoice> = {
  "no key": () => undefined,
  "an empty string": () => "",
  "an AWS-managed alias name": () => "alias/aws/rds",
  "an AWS-managed alias ARN": () => `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/rds`,
  "a reference to a data.aws_kms_alias of an AWS-managed alias": (stack) => new DataAwsKmsAlias(stack, "managed", { name: "alias/aws/rds" }).targetKeyArn,
  "a reference to a data.aws_kms_alias named after aws": (stack) => new DataAwsKmsAlias(stack, "aws-rds", { name: "alias/aws/rds" }).targetKeyArn,
  "a reference to a data.aws_kms_key of an AWS-managed alias": (stack) => new DataAwsKmsKey(stack, "managed", { keyId: "alias/aws/rds" }).arn,
  "a key id that is no ARN": () => "1234abcd-12ab-34cd-56ef-1234567890ab",
  "a KMS ARN of another resource kind": () => `arn:aws:kms:us-east-1:${ACCOUNT}:grant/abc`,
};

/** A reference to a customer key in the stack under test. */
export const customerKey = (stack: TerraformStack): string => CUSTOMER_KEYS["a reference to an aws_kms_key"](stack)!;
