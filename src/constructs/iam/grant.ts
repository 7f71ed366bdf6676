import { DataAwsIamPolicyDocumentStatement, DataAwsIamPolicyDocumentStatementCondition } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IConstruct } from "constructs";

/** A statement of a role's inline policy, its conditions a plain list. */
export type PolicyStatement = Omit<DataAwsIamPolicyDocumentStatement, "condition"> & {
  readonly condition?: DataAwsIamPolicyDocumentStatementCondition[];
};

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
 * present merges into that statement: its resources, and the values of its
 * conditions (deduplicated, in order). So granting the same kind of access on a
 * second table extends one statement instead of adding another, and reading a
 * second secret adds that secret's ARN to the key statement's encryption-context
 * condition. Everything else about the two (effect, actions, the tests and
 * variables of the conditions) must agree.
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
      // eslint-disable-next-line local/no-throw-plain-error -- statement ids come from the grant methods' code, not from input
      throw new Error(`statement ${statement.sid} is granted twice with different actions or conditions`);
    }
    this.items[index] = {
      ...existing,
      resources: unique([...(existing.resources ?? []), ...(statement.resources ?? [])]),
      ...(existing.condition && {
        condition: existing.condition.map((condition, at) => ({
          ...condition,
          values: unique([...condition.values, ...statement.condition![at].values]),
        })),
      }),
    };
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

/** What two statements under one sid must share: all but resources and condition values. */
function signature(statement: PolicyStatement): string {
  const { resources: _resources, condition, ...rest } = statement;
  return JSON.stringify({ ...rest, condition: condition?.map(({ test, variable }) => ({ test, variable })) });
}

/** `dynamodb` -> `Dynamodb`: statement ids are alphanumeric. */
export function sidPart(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join("");
}
