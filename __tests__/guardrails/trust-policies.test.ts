import { sharedSynth } from "../support/shared-synth";
import { HEAVY_HOOK_TIMEOUT_MS } from "../support/timeouts";

/** One statement of a trust policy, in either shape: aws_iam_policy_document (HCL-like) or policy JSON. */
interface TrustStatement {
  readonly where: string;
  readonly effect: string;
  readonly identifiers: string[];
  readonly conditions: number;
}

const DOCUMENT_REFERENCE = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/;

/** Every trust statement of every aws_iam_role of one synthesized stack. */
function trustStatements(id: string, stack: any): TrustStatement[] {
  return Object.entries(stack.resource?.aws_iam_role ?? {}).flatMap(([name, role]: [string, any]) => {
    const where = `${id}: aws_iam_role.${name}`;
    const reference = DOCUMENT_REFERENCE.exec(role.assume_role_policy);
    if (reference) {
      const document = stack.data.aws_iam_policy_document[reference[1]];
      return (document.statement ?? []).map((statement: any) => ({
        where,
        effect: statement.effect ?? "Allow",
        identifiers: (statement.principals ?? []).flatMap((principal: any) => principal.identifiers),
        conditions: (statement.condition ?? []).length,
      }));
    }
    const policy = JSON.parse(role.assume_role_policy);
    return [policy.Statement].flat().map((statement: any) => ({
      where,
      effect: statement.Effect,
      identifiers: Object.values(statement.Principal ?? {}).flat() as string[],
      conditions: Object.keys(statement.Condition ?? {}).length,
    }));
  });
}

const ACCOUNT_ROOT = /(:root|^\d{12})$/;

describe("IAM trust policies in every synthesized stack", () => {
  let statements: TrustStatement[];
  beforeAll(() => {
    const shared = sharedSynth();
    statements = Object.keys(shared.files())
      .map((file) => /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(file)?.[1])
      .filter((id): id is string => id !== undefined)
      .flatMap((id) => trustStatements(id, shared.stack(id)));
  }, HEAVY_HOOK_TIMEOUT_MS);

  it("are read from every role", () => {
    // The search admin role trusts the account, narrowed: the scan must see it.
    expect(statements.filter((statement) => statement.identifiers.some((identifier) => ACCOUNT_ROOT.test(identifier))).length).toBeGreaterThan(0);
  });

  it("never trust an account root without a condition", () => {
    const unconditioned = statements
      .filter((statement) => statement.effect === "Allow" && statement.identifiers.some((identifier) => ACCOUNT_ROOT.test(identifier)))
      .filter((statement) => statement.conditions === 0)
      .map((statement) => statement.where);
    expect(unconditioned).toEqual([]);
  });
});
