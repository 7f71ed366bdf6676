// ESLint: a small rule set (docs/contributing.md, "Lint and format"). Type-aware:
// every file is checked with the program of tsconfig.json.
import tseslint from "typescript-eslint";
import local from "./scripts/lint/rules.js";

export default tseslint.config(
  {
    ignores: ["node_modules/**", "cdktf.out*/**", "bootstrap/cdktf.out/**", "modules/**", "examples/**", "charts/**", "state/**", ".tools/**", ".venv/**"],
  },
  {
    files: ["**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "@typescript-eslint": tseslint.plugin, local },
    rules: {
      // Promises: the delivery scripts and the CLI talk to Terraform Cloud and run processes.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      // A control character in a regular expression is a typo unless said otherwise.
      "no-control-regex": "error",
      // A plain `as unknown as` turns the checker off; the dual-mode files are excepted below.
      "local/no-double-cast": "error",
    },
  },
  {
    // Conditions the types say are always or never true, in the code that handles Terraform
    // expressions: a token (an object, always truthy) tested as if it were a value. Not
    // elsewhere: without noUncheckedIndexedAccess, every guarded Record lookup and regex
    // group in config, guardrails, scripts, tests and the module tooling (contracts, types,
    // releases) is reported as unnecessary.
    files: ["main.ts", "src/constructs/**/*.ts", "src/stacks/**/*.ts", "src/modules/definitions/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unnecessary-condition": "error",
      // A Terraform expression (Expr, an object) in a condition is always true. TypeScript
      // accepts any type in `if`, so this is where `if (equals(...))` on a Value<boolean> fails:
      // conditions must be booleans, or a value known() has narrowed.
      "@typescript-eslint/strict-boolean-expressions": [
        "error",
        { allowString: false, allowNumber: false, allowNullableObject: true, allowNullableBoolean: true, allowNullableString: true },
      ],
    },
  },
  {
    // ARNs are built by src/constructs/iam/arn.ts with the stack's partition. Tests assert
    // synthesized ARNs and environment files hold the user's own ARNs of existing resources.
    files: ["main.ts", "src/**/*.ts", "scripts/**/*.ts", "bootstrap/**/*.ts"],
    ignores: ["src/constructs/iam/arn.ts"],
    rules: { "local/no-literal-partition": "error" },
  },
  {
    // Constructs and stacks report bad input as ConstructError; a plain Error is a programming error.
    files: ["src/constructs/**/*.ts", "src/stacks/**/*.ts"],
    rules: { "local/no-throw-plain-error": "error" },
  },
  {
    // The one place a Terraform expression is given the type it encodes (expr(), encoded()).
    files: ["src/constructs/expressions/expression.ts"],
    rules: { "local/no-double-cast": "off" },
  },
);
