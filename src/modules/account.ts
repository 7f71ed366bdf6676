import { Construct } from "constructs";
import { AwsScope } from "../constructs/iam/arn";

/** The module's account, region and partition: data sources of its {@link ModuleStack}, declared on first use. */
export function currentAccount(scope: Construct): AwsScope {
  return AwsScope.of(scope);
}
