import { StackModel, SynthesizedElement, blocks, isReference, list } from "../model";
import { PolicyRule, Problem, problem } from "../rule";

/** AWS managed policies that grant (nearly) everything. */
export const ADMIN_MANAGED_POLICIES = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];

interface Statement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly awsPrincipals: string[];
}

const strings = (value: unknown) => list(value).map(String);

function fromDocument(config: Record<string, any>): Statement[] {
  return blocks(config.statement).map((statement) => ({
    sid: statement.sid,
    effect: statement.effect ?? "Allow",
    actions: strings(statement.actions),
    notActions: strings(statement.not_actions),
    resources: strings(statement.resources),
    awsPrincipals: blocks(statement.principals)
      .filter((principal) => principal.type === "AWS")
      .flatMap((principal) => strings(principal.identifiers)),
  }));
}

function fromJson(policy: unknown): Statement[] {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: JSON.parse of a non-string or a `${...}` reference throws, and the catch below returns [] too; the check says what is meant
  if (typeof policy !== "string" || isReference(policy)) return [];
  let parsed: any;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return [];
  }
  return blocks(parsed.Statement).map((statement) => ({
    sid: statement.Sid,
    effect: statement.Effect ?? "Allow",
    actions: strings(statement.Action),
    notActions: strings(statement.NotAction),
    resources: strings(statement.Resource),
    // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: AWS principals only decide the key-policy root exemption, which no principal and "*" both fail
    awsPrincipals: strings(statement.Principal?.AWS ?? (statement.Principal === "*" ? "*" : undefined)),
  }));
}

/**
 * The documented exception: in a KMS key policy, the statement that gives the
 * account root `kms:*` on the key (`*` means "this key" there). Without it the
 * key becomes unmanageable; IAM policies in the account still decide who uses it.
 */
function isKeyPolicyRootStatement(statement: Statement, element: SynthesizedElement, model: StackModel): boolean {
  const isKeyPolicy = (element.kind === "data" && model.referencing("aws_kms_key", element).length > 0) || element.type === "aws_kms_key";
  return (
    isKeyPolicy &&
    statement.actions.every((action) => action === "kms:*") &&
    statement.awsPrincipals.length > 0 &&
    statement.awsPrincipals.every((principal) => /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(principal))
  );
}

function statementsOf(element: SynthesizedElement): Statement[] {
  const { config } = element;
  if (element.kind === "data") return fromDocument(config);
  if (element.type === "aws_iam_role") {
    return blocks(config.inline_policy).flatMap((inline) => fromJson(inline.policy));
  }
  return fromJson(config.policy);
}

function problemsOf(statement: Statement): Problem[] {
  if (statement.effect !== "Allow") return [];
  const label = statement.sid ? `statement ${statement.sid}` : "a statement";
  const problems: Problem[] = [];
  if (statement.notActions.length > 0) problems.push(problem("NotAction", `${label} allows NotAction (everything but a list)`));
  if (statement.actions.includes("*")) problems.push(problem("Action::*", `${label} allows every action ("*")`));
  const serviceWildcards = statement.actions.filter((action) => /^[a-z0-9-]+:\*$/.test(action));
  if (serviceWildcards.length > 0 && statement.resources.includes("*")) {
    problems.push(problem(`Action::${serviceWildcards.join(",")}`, `${label} allows ${serviceWildcards.join(", ")} on every resource ("*")`));
  }
  return problems;
}

const ATTACHMENT_TYPES = ["aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"];

export const leastPrivilegeIam: PolicyRule = {
  id: "IAM001",
  severity: "critical",
  title: "Least-privilege IAM: no `*` actions on `*` resources",
  description:
    "No Allow statement grants `*`, `<service>:*` on `*`, or NotAction, in policy documents, inline and managed " +
    "policies and key policies; no AdministratorAccess, PowerUserAccess or IAMFullAccess attachments. The one " +
    "documented exception is the KMS key-policy statement that gives the account root `kms:*` on the key.",
  fix: "list the actions the principal needs and the ARNs it needs them on (build ARNs with `arn()` from src/constructs/iam)",
  resourceTypes: [
    "data.aws_iam_policy_document",
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_role",
    "aws_kms_key",
    ...ATTACHMENT_TYPES,
  ],
  check: (element, { model }) => {
    if (ATTACHMENT_TYPES.includes(element.type)) {
      // Stryker disable next-line StringLiteral: policy_arn is required by the provider schema; any fallback text names no admin policy
      const arn = String(element.config.policy_arn ?? "");
      const admin = ADMIN_MANAGED_POLICIES.find((name) => arn.endsWith(`:policy/${name}`));
      return admin ? [problem(`Policy::${admin}`, `attaches the AWS managed policy ${admin}`)] : [];
    }
    return statementsOf(element)
      .filter((statement) => !isKeyPolicyRootStatement(statement, element, model))
      .flatMap(problemsOf);
  },
};
