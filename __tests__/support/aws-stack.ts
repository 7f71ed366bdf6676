import { TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { AwsScope, AwsScopeOwner, scopeOf } from "../../src/constructs/iam/arn";

export const TEST_SCOPE: AwsScope = scopeOf("123456789012", "us-east-1");

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
