import { IConstruct } from "constructs";
import { UserInputError } from "../config/errors";

/**
 * Input a construct cannot build from, reported with the construct's path
 * (`<env>-<layer>/...`, so the environment and layer are in it). It is a
 * {@link UserInputError}: the CLI prints it without a stack trace. Rules on
 * config belong in the schema, where they join the one ConfigError; this is
 * for what only the construct can tell.
 */
export class ConstructError extends UserInputError {
  constructor(
    readonly scope: IConstruct,
    readonly problem: string,
  ) {
    super(`${scope.node.path}: ${problem}`);
    this.name = "ConstructError";
  }
}
