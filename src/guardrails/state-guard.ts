import { App } from "cdktf";
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { UserInputError } from "../config";
import {
  STATE_MANIFEST_COMMAND,
  STATE_MANIFEST_FILE,
  StackState,
  StateManifest,
  describeChange,
  destroys,
  preparedAppState,
  qualifiedAddress,
  stateChanges,
  unallowedDestroys,
} from "./state-manifest";

/**
 * The switch that lets one synth drop recorded stateful addresses on purpose:
 * `<stack>/<address>` entries separated by spaces or commas. Every use is logged.
 */
export const ALLOW_DESTROY_ENV_VAR = "LLM_PLATFORM_ALLOW_DESTROY";

/** The committed manifest, read from the repository root. */
export function readStateManifest(root: string = join(__dirname, "..", "..")): StateManifest {
  const file = join(root, STATE_MANIFEST_FILE);
  if (!existsSync(file)) {
    throw new UserInputError(`${STATE_MANIFEST_FILE} is missing: run \`${STATE_MANIFEST_COMMAND}\` and commit it`);
  }
  return JSON.parse(readFileSync(file, "utf8")) as StateManifest;
}

/** The `<stack>/<address>` entries of the allow-destroy switch. */
export function allowedDestroys(processEnv: NodeJS.ProcessEnv): string[] {
  // Stryker disable next-line Regex: splitting on single separators leaves empty entries, which the filter drops
  return (processEnv[ALLOW_DESTROY_ENV_VAR] ?? "").split(/[\s,]+/).filter(Boolean);
}

/**
 * What synth checks before it writes anything: no stateful address recorded in
 * the manifest may disappear (in any environment) unless a `moved` block takes
 * it to an address that exists or the switch names it. Throws a
 * `UserInputError` listing every refused destroy and what to do; otherwise
 * returns the lines to log: destroys the switch allowed, switch entries that
 * matched nothing, and changes the manifest still has to record.
 */
export function checkState(manifest: StateManifest, current: Record<string, StackState>, allowDestroy: readonly string[] = []): string[] {
  const changes = stateChanges(manifest, current);
  const refused = unallowedDestroys(changes, allowDestroy);
  if (refused.length > 0) {
    throw new UserInputError(
      [
        `State check failed: ${refused.length} stateful resource(s) recorded in ${STATE_MANIFEST_FILE} would be destroyed; nothing was written.`,
        ...refused.map((change) => `  - ${describeChange(change)}`),
        "To destroy them on purpose, either record it (`npm run state:manifest -- --allow-destroy <stack>/<address>`, " +
          `reviewed with the change) or allow it for one synth with ${ALLOW_DESTROY_ENV_VAR}="<stack>/<address> ...".`,
      ].join("\n"),
    );
  }
  const destroyed = changes.filter(destroys).map(qualifiedAddress);
  const pending = changes.filter((change) => !destroys(change));
  return [
    ...destroyed.map((entry) => `${ALLOW_DESTROY_ENV_VAR}: allowing the DESTROY of ${entry}`),
    ...allowDestroy
      .filter((entry) => !destroyed.includes(entry))
      .map((entry) => `${ALLOW_DESTROY_ENV_VAR}: ${entry} matches no recorded stateful address that would be destroyed`),
    ...(pending.length > 0 ? [`State manifest: ${pending.length} change(s) to record:`, ...pending.map((change) => `  - ${describeChange(change)}`)] : []),
  ];
}

/**
 * `checkState` for an app whose aspects already ran (`prepareApp`), with the
 * switch read from `processEnv`. Returns the lines to log.
 */
export function checkAppState(app: App, processEnv: NodeJS.ProcessEnv, manifest: StateManifest = readStateManifest()): string[] {
  return checkState(manifest, preparedAppState(app), allowedDestroys(processEnv));
}
