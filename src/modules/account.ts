import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { Construct } from "constructs";
import type { AccountScope } from "../constructs/iam/arn";

/** The caller's account and the provider's region, from data sources: a module knows neither when it is generated. */
export function currentAccount(scope: Construct): AccountScope {
  return {
    accountId: new DataAwsCallerIdentity(scope, "current_account").accountId,
    region: new DataAwsRegion(scope, "current_region").region,
  };
}
