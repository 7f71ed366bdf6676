import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";

// The project's own lint rules (scripts/lint/rules.js), as eslint.config.mjs enables them.
const { rules } = require("../../scripts/lint/rules.js");

// RuleTester reports through the test framework's describe/it.
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run("no-literal-partition", rules["no-literal-partition"], {
  valid: [
    { code: "const arn = formatArn(scope, { service: 'iam', resource: 'role/x' });" },
    { code: "const text = 'arn:${partition}:iam';" },
    { code: "// arn:aws:iam::123456789012:role/x in a comment\nconst x = 1;" },
  ],
  invalid: [
    { code: 'const arn = "arn:aws:iam::123456789012:role/x";', errors: [{ messageId: "literal" }] },
    { code: "const arn = `arn:aws:s3:::${bucket}/*`;", errors: [{ messageId: "literal" }] },
    { code: "const arn = `${prefix}:arn:aws:kms:${region}`;", errors: [{ messageId: "literal" }] },
  ],
});

tester.run("no-throw-plain-error", rules["no-throw-plain-error"], {
  valid: [{ code: "throw new ConstructError(this, 'bad');" }, { code: "throw error;" }, { code: "const e = new Error('kept for a message');" }],
  invalid: [
    { code: "throw new Error('bad');", errors: [{ messageId: "plain" }] },
    { code: "throw Error('bad');", errors: [{ messageId: "plain" }] },
  ],
});

tester.run("no-double-cast", rules["no-double-cast"], {
  valid: [{ code: "const x = y as string;" }, { code: "const x = y as unknown;" }, { code: "const x = (y as unknown) satisfies unknown;" }],
  invalid: [
    { code: "const x = y as unknown as boolean;", errors: [{ messageId: "cast" }] },
    { code: "const x = (y as unknown as { a: string }).a;", errors: [{ messageId: "cast" }] },
  ],
});
