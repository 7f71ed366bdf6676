import { StackModel, isReference, references } from "../model";

/** Data sources that can name an AWS-managed key, and the argument that holds the alias. */
const KEY_LOOKUPS: Readonly<Record<string, string>> = { aws_kms_alias: "name", aws_kms_key: "key_id" };

// Stryker disable next-line ConditionalExpression: called with a checked string or a lookup argument the provider schema requires (both strings)
const isAwsManagedAlias = (value: unknown) => typeof value === "string" && value.includes("alias/aws/");

/**
 * Whether a key argument names a customer-managed KMS key. A `${...}`
 * reference counts (to an `aws_kms_key`, a remote state output, a variable):
 * what it resolves to is decided by the code that built it, which these rules
 * check where the key is made; only references to AWS-managed aliases fail:
 * a `data.aws_kms_alias`/`data.aws_kms_key` in `model` that looks up `alias/aws/...`.
 * A literal must be a key ARN, or an alias ARN / name outside `alias/aws/`.
 */
export function isCustomerManagedKey(value: unknown, model?: StackModel): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: a non-string or "" matches neither pattern below and is no reference, so the result is false anyway; the check says what is meant
  if (typeof value !== "string" || value === "") return false;
  if (isAwsManagedAlias(value)) return false;
  if (isReference(value)) {
    return !Object.entries(KEY_LOOKUPS).some(([type, argument]) =>
      // Stryker disable next-line ArrayDeclaration: without a model there are no lookups; anything in the fallback list is no data source
      (model?.ofType(type) ?? []).some(
        (element) => element.kind === "data" && isAwsManagedAlias(element.config[argument]) && references(value, element.address),
      ),
    );
  }
  return /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+/.test(value) || /^alias\/.+/.test(value);
}
