import { IConstruct } from "constructs";

/**
 * Where a construct's resources live: account, region and partition. A layer
 * stack answers with literals from the environment's config; a module stack
 * with data sources, since a module knows neither when it is generated.
 */
export interface AwsScope {
  readonly accountId: string;
  readonly region: string;
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  /** Suffix of the region's service endpoints: `amazonaws.com` (`amazonaws.com.cn` in China). */
  readonly dnsSuffix: string;
}

/** A construct (a stack) that decides the {@link AwsScope} of everything below it. */
export interface AwsScopeOwner extends IConstruct {
  readonly awsScope: AwsScope;
}

function isAwsScopeOwner(construct: IConstruct): construct is AwsScopeOwner {
  return "awsScope" in construct;
}

export const AwsScope = {
  /** The scope of the nearest stack above `construct` (or `construct` itself) that owns one. */
  of(construct: IConstruct): AwsScope {
    const owner = [...construct.node.scopes].reverse().find(isAwsScopeOwner);
    // eslint-disable-next-line local/no-throw-plain-error -- every construct is built inside a LayerStack or ModuleStack; no input leads here
    if (!owner) throw new Error(`${construct.node.path} is not inside a stack that owns an AWS scope (LayerStack, ModuleStack)`);
    return owner.awsScope;
  },
};

/** The partition and DNS suffix of a concrete region: literals, so stacks stay free of data sources. */
export { dnsSuffixOf, partitionOf } from "../../partitions";
import { dnsSuffixOf, partitionOf } from "../../partitions";

/** The scope of a known account and region, everything else from the region. */
export function scopeOf(accountId: string, region: string): AwsScope {
  return { accountId, region, partition: partitionOf(region), dnsSuffix: dnsSuffixOf(region) };
}

/**
 * `<service>.<region>.<dns suffix>`, e.g. `logs.us-east-1.amazonaws.com`: a
 * regional service principal, or the value of `kms:ViaService`.
 */
export function regionalService(scope: AwsScope, service: string): string {
  return `${service}.${scope.region}.${scope.dnsSuffix}`;
}

/** The parts of an ARN after `arn:<partition>:`. */
export interface ArnComponents {
  readonly service: string;
  /** Everything after the account, e.g. `role/name` or `log-group:/x:*`. */
  readonly resource: string;
  /** Default: the scope's region. `""` for global services (IAM, S3). */
  readonly region?: string;
  /** Default: the scope's account. `""` where ARNs carry none (S3), `aws` for AWS-owned (managed policies). */
  readonly account?: string;
}

/**
 * `arn:<partition>:<service>:<region>:<account>:<resource>`: the one place ARNs
 * are built, so every one carries the scope's partition.
 */
export function formatArn(scope: AwsScope, components: ArnComponents): string {
  const region = components.region ?? scope.region;
  const account = components.account ?? scope.accountId;
  return `arn:${scope.partition}:${components.service}:${region}:${account}:${components.resource}`;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass region "" for global services. */
export function arn(scope: AwsScope, service: string, resource: string, region = scope.region): string {
  return formatArn(scope, { service, resource, region });
}

/** The account's root principal, which key policies must keep so the key stays manageable. */
export function accountRootArn(scope: AwsScope): string {
  return formatArn(scope, { service: "iam", region: "", resource: "root" });
}

/** ARN of an AWS managed policy, e.g. `awsManagedPolicyArn(scope, "AmazonEKSClusterPolicy")`. */
export function awsManagedPolicyArn(scope: AwsScope, name: string): string {
  return formatArn(scope, { service: "iam", region: "", account: "aws", resource: `policy/${name}` });
}

/** An ARN pattern any account and region may match, e.g. `arn:aws:ec2:*:*:security-group/*`. */
export function anyArn(scope: AwsScope, service: string, resource: string): string {
  return formatArn(scope, { service, resource, region: "*", account: "*" });
}

/** `arn:<partition>:s3:::<bucket>/<key pattern>`. */
export function s3ObjectArn(scope: AwsScope, bucket: string, keyPattern = "*"): string {
  return formatArn(scope, { service: "s3", region: "", account: "", resource: `${bucket}/${keyPattern}` });
}
