import { TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import type { AwsScope, AwsScopeOwner } from "../../src/constructs/iam/arn";

export const TEST_SCOPE: AwsScope = { accountId: "123456789012", region: "us-east-1", partition: "aws" };

/** A bare stack that owns an AWS scope, as layer stacks do: for testing constructs on their own. */
export class ScopedStack extends TerraformStack implements AwsScopeOwner {
  constructor(
    scope: Construct = Testing.app(),
    id = "test",
    readonly awsScope: AwsScope = TEST_SCOPE,
  ) {
    super(scope, id);
  }
}
