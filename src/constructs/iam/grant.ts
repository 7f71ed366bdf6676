import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IConstruct } from "constructs";

export type PolicyStatement = DataAwsIamPolicyDocumentStatement;

/**
 * An identity grants add permissions to: an IAM role construct ({@link PolicyRole},
 * `IrsaRole`) or a workload identity built on one. Its one inline policy grows
 * with every grant, in the order grants are made.
 */
export interface Grantee extends IConstruct {
  /** ARN of the IAM principal the statements apply to (e.g. for resource-side mappings). */
  readonly principalArn: string;
  /** Adds a statement to the identity's policy; see {@link PolicyStatements.add}. */
  addToPolicy(statement: PolicyStatement): void;
}

/**
 * The statements of one growing policy. A statement whose `sid` is already
 * present merges its resources into that statement (deduplicated, in order), so
 * granting the same kind of access on a second table extends one statement
 * instead of adding another; everything else about the two must agree.
 */
export class PolicyStatements {
  private readonly items: PolicyStatement[] = [];

  add(statement: PolicyStatement): void {
    const index = statement.sid === undefined ? -1 : this.items.findIndex((item) => item.sid === statement.sid);
    if (index < 0) {
      this.items.push({ ...statement, resources: statement.resources && unique(statement.resources) });
      return;
    }
    const existing = this.items[index];
    if (signature(existing) !== signature(statement)) {
      throw new Error(`statement ${statement.sid} is granted twice with different actions or conditions`);
    }
    this.items[index] = { ...existing, resources: unique([...(existing.resources ?? []), ...(statement.resources ?? [])]) };
  }

  get statements(): PolicyStatement[] {
    return [...this.items];
  }

  get length(): number {
    return this.items.length;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function signature(statement: PolicyStatement): string {
  const { resources: _resources, ...rest } = statement;
  return JSON.stringify(rest);
}

/** `dynamodb` -> `Dynamodb`: statement ids are alphanumeric. */
export function sidPart(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join("");
}
