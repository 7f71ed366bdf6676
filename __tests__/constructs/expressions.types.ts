/**
 * Type test, checked by `npm run typecheck` (jest does not run it): a Terraform
 * expression is not a value, so code cannot use one where TypeScript expects a
 * boolean, string or number; only `known()` turns a `Value` into the value.
 * Each `@ts-expect-error` fails the typecheck if the line below it compiles.
 *
 * TypeScript itself accepts a value of any type as an `if` condition, so a bare
 * `if (equals(...))` still compiles; what it cannot do any more is reach a
 * `boolean` (a variable, a parameter, a prop, a return value) without `known()`.
 */
import { TerraformVariable } from "cdktf";
import { Expr, Value, expr, known } from "../../src/constructs/expressions/expression";
import { atLeast, choose, equals, isSet, not } from "../../src/constructs/expressions/values";

declare const variable: TerraformVariable;
declare const engine: Value<string>;
declare const flag: Value<boolean>;

export function expressionsAreNotValues(): void {
  const serverless = equals(engine, "aurora-serverless-v2");
  const fromVariable: Expr<boolean> = expr(variable.booleanValue);

  // @ts-expect-error a condition that may be an expression is not a boolean
  const asBoolean: boolean = serverless;
  // @ts-expect-error nor is any helper's result
  const negated: boolean = not(flag);
  // @ts-expect-error nor a module variable
  const protect: boolean = fromVariable;
  // @ts-expect-error an expression is not a string
  const text: string = engine;
  // @ts-expect-error a number expression does not compare in TypeScript
  const many = atLeast(expr<number>(variable.numberValue), 2) > 1;
  // @ts-expect-error `&&` of two expressions is not a boolean either
  const both: boolean = isSet(engine) && serverless;

  // `known()` narrows: the value inside, the expression outside.
  if (known(serverless)) {
    const value: boolean = serverless;
    void value;
  } else {
    const expression: Expr<boolean> = serverless;
    void expression;
  }
  // What the helpers are for: choosing in TypeScript or in Terraform alike.
  const instanceClass: string | undefined = choose(serverless, "db.serverless", "db.r6g.large");
  void [asBoolean, negated, protect, text, many, both, instanceClass];
}
