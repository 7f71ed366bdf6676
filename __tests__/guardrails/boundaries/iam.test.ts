import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamGroupPolicyAttachment } from "@cdktf/provider-aws/lib/iam-group-policy-attachment";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamPolicyAttachment } from "@cdktf/provider-aws/lib/iam-policy-attachment";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformStack } from "cdktf";
import { ADMIN_MANAGED_POLICIES } from "../../../src/guardrails/rules/iam";
import { ACCOUNT } from "../../support/guardrails";
import { problems, violations } from "../../support/rule-fixtures";

const ROLE_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }],
});

/** A JSON statement (as in an `aws_iam_policy`) from a policy-document one. */
const asJson = (statement: DataAwsIamPolicyDocumentStatement) => ({
  ...(statement.sid ? { Sid: statement.sid } : {}),
  Effect: statement.effect ?? "Allow",
  ...(statement.actions ? { Action: statement.actions.length === 1 ? statement.actions[0] : statement.actions } : {}),
  ...(statement.notActions ? { NotAction: statement.notActions } : {}),
  Resource: statement.resources?.length === 1 ? statement.resources[0] : statement.resources,
});
const policyJson = (statements: DataAwsIamPolicyDocumentStatement[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements.map(asJson) });

/** Every place a policy document can live; each builds `r` holding the statements. */
const HOLDERS: Record<string, (stack: TerraformStack, statements: DataAwsIamPolicyDocumentStatement[]) => void> = {
  "data.aws_iam_policy_document": (stack, statement) => new DataAwsIamPolicyDocument(stack, "r", { statement }),
  aws_iam_policy: (stack, statements) => new IamPolicy(stack, "r", { policy: policyJson(statements) }),
  aws_iam_role_policy: (stack, statements) => new IamRolePolicy(stack, "r", { role: "x", policy: policyJson(statements) }),
  "aws_iam_role inline_policy": (stack, statements) =>
    new IamRole(stack, "r", { assumeRolePolicy: ROLE_TRUST, inlinePolicy: [{ name: "p", policy: policyJson(statements) }] }),
  "aws_kms_key policy": (stack, statements) => new KmsKey(stack, "r", { enableKeyRotation: true, policy: policyJson(statements) }),
};

describe.each(Object.entries(HOLDERS))("IAM001 in %s", (_holder, build) => {
  const check = (...statements: DataAwsIamPolicyDocumentStatement[]) => violations("IAM001", (stack) => build(stack, statements));

  it("passes scoped actions on scoped resources, and action prefixes on every resource", () => {
    expect(check({ sid: "Read", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] })).toEqual([]);
    expect(check({ sid: "Describe", actions: ["ec2:Describe*"], resources: ["*"] })).toEqual([]);
    expect(check({ sid: "AllOfS3OnOneBucket", actions: ["s3:*"], resources: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"] })).toEqual([]);
  });

  it("fails every action, on any resource", () => {
    expect(check({ sid: "All", actions: ["*"], resources: ["arn:aws:s3:::b"] })).toEqual(problems('statement All allows every action ("*")'));
  });

  it("fails a service wildcard on every resource, naming the services", () => {
    expect(check({ sid: "S3", actions: ["s3:*", "s3:GetObject", "kms:*"], resources: ["arn:aws:s3:::b", "*"] })).toEqual(
      problems('statement S3 allows s3:*, kms:* on every resource ("*")'),
    );
    expect(check({ actions: ["dynamodb:*"], resources: ["*"] })).toEqual(problems('a statement allows dynamodb:* on every resource ("*")'));
  });

  it("fails NotAction", () => {
    expect(check({ sid: "AllBut", notActions: ["iam:*"], resources: ["arn:aws:s3:::b"] })).toEqual(
      problems("statement AllBut allows NotAction (everything but a list)"),
    );
  });

  it("ignores Deny statements", () => {
    expect(
      check({ sid: "Guard", effect: "Deny", actions: ["*"], resources: ["*"] }, { sid: "Read", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }),
    ).toEqual([]);
  });
});

describe("IAM001 policy JSON shapes", () => {
  const policy = (document: unknown) =>
    violations("IAM001", (stack) => new IamPolicy(stack, "r", { policy: typeof document === "string" ? document : JSON.stringify(document) }));

  it("reads a single statement object, a single action string and the default effect", () => {
    expect(policy({ Statement: { Action: "*", Resource: "*" } })).toEqual(problems('a statement allows every action ("*")'));
  });
  it("leaves references and unparsable text to the code that built them", () => {
    expect(policy("${data.aws_iam_policy_document.x.json}")).toEqual([]);
    expect(policy("{not json")).toEqual([]);
  });
});

describe("IAM001 and the KMS key-policy root statement", () => {
  const root = (principal = `arn:aws:iam::${ACCOUNT}:root`, actions = ["kms:*"]): DataAwsIamPolicyDocumentStatement => ({
    sid: "Root",
    actions,
    resources: ["*"],
    principals: [{ type: "AWS", identifiers: [principal] }],
  });
  const keyPolicy = (statement: DataAwsIamPolicyDocumentStatement, usedByKey = true) =>
    violations("IAM001", (stack) => {
      const document = new DataAwsIamPolicyDocument(stack, "r", { statement: [statement] });
      if (usedByKey) new KmsKey(stack, "key", { enableKeyRotation: true, policy: document.json });
    });

  it("is allowed in a key policy for the account root, in any partition", () => {
    expect(keyPolicy(root())).toEqual([]);
    expect(keyPolicy(root(`arn:aws-us-gov:iam::${ACCOUNT}:root`))).toEqual([]);
    expect(keyPolicy(root(`arn:aws-cn:iam::${ACCOUNT}:root`))).toEqual([]);
  });

  it("is not allowed in a document no key uses", () => {
    expect(keyPolicy(root(), false)).toEqual(problems('statement Root allows kms:* on every resource ("*")'));
  });

  it("is not allowed for a principal other than the account root", () => {
    expect(keyPolicy(root(`arn:aws:iam::${ACCOUNT}:role/admin`))).toEqual(problems('statement Root allows kms:* on every resource ("*")'));
    expect(keyPolicy(root("*"))).toEqual(problems('statement Root allows kms:* on every resource ("*")'));
    expect(keyPolicy({ ...root(), principals: [{ type: "Service", identifiers: ["logs.amazonaws.com"] }] })).toEqual(
      problems('statement Root allows kms:* on every resource ("*")'),
    );
  });

  it("is not allowed when it grants more than kms:*", () => {
    expect(keyPolicy(root(undefined, ["kms:*", "s3:*"]))).toEqual(problems('statement Root allows kms:*, s3:* on every resource ("*")'));
  });

  it("is allowed inline in an aws_kms_key policy, and a Principal of * is not the root", () => {
    const inline = (principal: unknown) =>
      violations(
        "IAM001",
        (stack) =>
          new KmsKey(stack, "r", {
            enableKeyRotation: true,
            policy: JSON.stringify({ Statement: [{ Sid: "Root", Effect: "Allow", Action: "kms:*", Resource: "*", Principal: principal }] }),
          }),
      );
    expect(inline({ AWS: `arn:aws:iam::${ACCOUNT}:root` })).toEqual([]);
    expect(inline("*")).toEqual(problems('statement Root allows kms:* on every resource ("*")'));
  });
});

describe("IAM001 on managed policy attachments", () => {
  const ATTACHMENTS: Record<string, (stack: TerraformStack, policyArn: string) => void> = {
    aws_iam_role_policy_attachment: (stack, policyArn) => new IamRolePolicyAttachment(stack, "r", { role: "x", policyArn }),
    aws_iam_user_policy_attachment: (stack, policyArn) => new IamUserPolicyAttachment(stack, "r", { user: "x", policyArn }),
    aws_iam_group_policy_attachment: (stack, policyArn) => new IamGroupPolicyAttachment(stack, "r", { group: "x", policyArn }),
    aws_iam_policy_attachment: (stack, policyArn) => new IamPolicyAttachment(stack, "r", { name: "x", roles: ["x"], policyArn }),
  };
  describe.each(Object.entries(ATTACHMENTS))("%s", (_type, attach) => {
    it.each(ADMIN_MANAGED_POLICIES)("fails %s, in any partition", (name) => {
      expect(violations("IAM001", (stack) => attach(stack, `arn:aws:iam::aws:policy/${name}`))).toEqual(problems(`attaches the AWS managed policy ${name}`));
      expect(violations("IAM001", (stack) => attach(stack, `arn:aws-us-gov:iam::aws:policy/${name}`))).toEqual(
        problems(`attaches the AWS managed policy ${name}`),
      );
    });
    it("passes narrower managed policies and customer policies, even named alike", () => {
      expect(violations("IAM001", (stack) => attach(stack, "arn:aws:iam::aws:policy/ReadOnlyAccess"))).toEqual([]);
      expect(violations("IAM001", (stack) => attach(stack, "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"))).toEqual([]);
      expect(violations("IAM001", (stack) => attach(stack, `arn:aws:iam::${ACCOUNT}:policy/NotAdministratorAccessReally`))).toEqual([]);
    });
  });
});
