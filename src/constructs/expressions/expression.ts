import { IResolvable, Token } from "cdktf";

/**
 * Values known at synth time (stacks: literals from config) versus Terraform
 * expressions (modules: variables, known only at plan time). One construct takes
 * both; the compiler keeps them apart.
 */

declare const EXPRESSION: unique symbol;

/**
 * A Terraform expression that stands for a `T` known only at plan time: a module
 * variable, or a value computed from one. It is not a `T`: TypeScript refuses it
 * where a `boolean`, `string` or `number` is expected, so code cannot branch on it
 * by mistake; {@link known} tells the two apart.
 */
export type Expr<T> = IResolvable & { readonly [EXPRESSION]: T };

/** A `T` known at synth time (stacks), or a Terraform expression of one (modules). */
export type Value<T> = T | Expr<T>;

/** A Terraform expression (e.g. a module variable's `booleanValue`) as an {@link Expr} of what it stands for. */
export const expr = <T>(resolvable: IResolvable): Expr<T> => resolvable as Expr<T>;

/**
 * A Terraform expression typed as the value it stands for, the way cdktf encodes
 * tokens (`Token.asString`, `Token.asList`): for attributes the provider bindings
 * type as plain values. The one place a token is given a type it is not; for the
 * helpers in this folder only.
 */
export function encoded<T>(token: IResolvable | string[]): T {
  return token as unknown as T;
}

/** Whether `value` is known at synth time (no unresolved token anywhere in it). */
export const isKnown = (value: unknown): boolean => !Token.isUnresolved(value);

/** Whether `value` is known at synth time; narrows a {@link Value} to the value. */
export function known<T>(value: Value<T>): value is T {
  return !Token.isUnresolved(value);
}
