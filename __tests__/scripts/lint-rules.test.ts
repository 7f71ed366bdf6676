import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import typescriptEslintPlugin from "@typescript-eslint/eslint-plugin";
import { join } from "path";

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

describe("a Terraform expression in a condition", () => {
  // TypeScript accepts a value of any type in `if`, so the compiler cannot refuse
  // `if (equals(...))`; the lint rule eslint.config.mjs sets for constructs, stacks and module
  // definitions does. The snippet declares the shapes of src/constructs/expressions/expression.ts
  // (Expr, Value, equals, known) inline: the rule judges types, not where they come from.
  // Linted as fixture.ts, in the project of the tsconfig.json beside it: the language's own lib,
  // no @types packages (the snippets need none), so the type checker loads little.
  const FIXTURE = join(__dirname, "..", "fixtures", "lint", "fixture.ts");
  const typed = new RuleTester({
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: join(__dirname, "..", "..") },
    },
  });
  const rule = typescriptEslintPlugin.rules["strict-boolean-expressions"];
  const options = [{ allowString: false, allowNumber: false, allowNullableObject: true, allowNullableBoolean: true, allowNullableString: true }];
  const header = [
    "interface IResolvable { resolve(context: unknown): unknown }",
    "declare const EXPRESSION: unique symbol;",
    "type Expr<T> = IResolvable & { readonly [EXPRESSION]: T };",
    "type Value<T> = T | Expr<T>;",
    "declare function equals(a: Value<string>, b: Value<string>): Value<boolean>;",
    "declare function known<T>(value: Value<T>): value is T;",
    "declare const a: Value<string>;",
    "",
  ].join("\n");
  typed.run("strict-boolean-expressions", rule as never, {
    valid: [
      { filename: FIXTURE, options, code: `${header}const same = equals(a, "x");\nif (known(same) && same) { /* narrowed */ }` },
      { filename: FIXTURE, options, code: `${header}declare const flag: boolean;\nif (flag) { /* a plain boolean */ }` },
    ],
    invalid: [{ filename: FIXTURE, options, code: `${header}if (equals(a, "x")) { /* always true on an expression */ }`, errors: 1 }],
  });
});
