import { isReference } from "../model";

/**
 * Whether a key argument names a customer-managed KMS key. A `${...}`
 * reference counts (to an `aws_kms_key`, a remote state output, a variable):
 * what it resolves to is decided by the code that built it, which these rules
 * check where the key is made; only references to AWS-managed aliases fail.
 * A literal must be a key ARN, or an alias ARN / name outside `alias/aws/`.
 */
export function isCustomerManagedKey(value: unknown): boolean {
  if (typeof value !== "string" || value === "") return false;
  if (value.includes("alias/aws/")) return false;
  if (isReference(value)) return !/data\.aws_kms_alias\.[^.}]*aws/.test(value);
  return /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+/.test(value) || /^alias\/.+/.test(value);
}
