/**
 * AWS partitions: the one table of which region belongs to which, used by the
 * stacks (a literal partition in every ARN, see src/constructs/iam/arn.ts) and
 * by the config schema (ARNs of any partition are accepted).
 */

/** Region name prefixes outside the commercial partition. */
const PARTITION_BY_REGION_PREFIX: ReadonlyArray<readonly [string, string]> = [
  ["cn-", "aws-cn"],
  ["us-gov-", "aws-us-gov"],
];

/** The DNS suffix of each partition's service endpoints. */
const DNS_SUFFIX: Readonly<Record<string, string>> = {
  aws: "amazonaws.com",
  "aws-cn": "amazonaws.com.cn",
  "aws-us-gov": "amazonaws.com",
};

/** `aws`, `aws-cn` or `aws-us-gov`, as a regular expression source (no anchors, no groups that capture). */
export const PARTITION_PATTERN = "aws(?:-cn|-us-gov)?";

/** The partition a concrete region belongs to: `aws` unless it is a China or GovCloud region. */
export function partitionOf(region: string): string {
  return PARTITION_BY_REGION_PREFIX.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}

/** `amazonaws.com`, or `amazonaws.com.cn` in China: the suffix of a region's service endpoints. */
export function dnsSuffixOf(region: string): string {
  return DNS_SUFFIX[partitionOf(region)];
}
