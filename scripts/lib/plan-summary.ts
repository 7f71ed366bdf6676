import { isStatefulType } from "../../src/guardrails/stateful";

/** The parts of Terraform's JSON plan format (`terraform show -json`) the summary reads. */
export interface JsonPlan {
  readonly format_version?: string;
  readonly resource_changes?: readonly JsonResourceChange[];
}

export interface JsonResourceChange {
  readonly address: string;
  readonly mode?: "managed" | "data";
  readonly type: string;
  readonly change: { readonly actions: readonly string[] };
}

/** A stateful resource the plan deletes, on its own or as half of a replace. */
export interface StatefulDestroy {
  readonly address: string;
  readonly type: string;
  /** True for a replace (`delete` + `create`, either order): the data is lost all the same. */
  readonly replace: boolean;
}

/**
 * Counts as Terraform's own "Plan: X to add, Y to change, Z to destroy" line
 * gives them (a replace counts once in add and once in destroy), plus the
 * replaces and the stateful resources destroyed.
 */
export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
  /** Resources removed from state without being destroyed (`removed` blocks). */
  readonly forget: number;
  readonly statefulDestroys: StatefulDestroy[];
}

export function isReplace(actions: readonly string[]): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: Terraform never lists delete and create with a third action
  return actions.length === 2 && actions.includes("delete") && actions.includes("create");
}

export function summarizePlan(plan: JsonPlan): PlanSummary {
  let add = 0;
  let change = 0;
  let destroy = 0;
  let replace = 0;
  let forget = 0;
  const statefulDestroys: StatefulDestroy[] = [];
  for (const resource of plan.resource_changes ?? []) {
    // Stryker disable next-line ConditionalExpression,StringLiteral: data sources only plan "read" or "no-op", which count nothing anyway
    if (resource.mode === "data") continue;
    const actions = resource.change.actions;
    if (actions.includes("create")) add += 1;
    if (actions.includes("update")) change += 1;
    if (actions.includes("delete")) destroy += 1;
    if (actions.includes("forget")) forget += 1;
    if (isReplace(actions)) replace += 1;
    if (actions.includes("delete") && isStatefulType(resource.type)) {
      statefulDestroys.push({ address: resource.address, type: resource.type, replace: isReplace(actions) });
    }
  }
  return { add, change, destroy, replace, forget, statefulDestroys };
}

/** What happened to one stack in a pull request's plan run. */
export type StackResult =
  | { readonly stack: string; readonly status: "planned"; readonly summary: PlanSummary; readonly runUrl?: string }
  | { readonly stack: string; readonly status: "waiting"; readonly upstream: readonly string[] }
  | { readonly stack: string; readonly status: "failed"; readonly message: string; readonly runUrl?: string }
  /** Not planned: an upstream stack's plan failed (or was itself blocked) in this run. */
  | { readonly stack: string; readonly status: "blocked"; readonly upstream: readonly string[] }
  | { readonly stack: string; readonly status: "removed" };

/** Hidden marker that lets the workflow find and update its one comment per pull request. */
export const COMMENT_MARKER = "<!-- llm-platform-infra:plan-summary -->";

export function statefulDestroysOf(results: readonly StackResult[]): { stack: string; destroy: StatefulDestroy }[] {
  return results.flatMap((result) => (result.status === "planned" ? result.summary.statefulDestroys.map((destroy) => ({ stack: result.stack, destroy })) : []));
}

function link(text: string, url?: string): string {
  return url ? `[${text}](${url})` : text;
}

function row(result: StackResult): string {
  const stack = `\`${result.stack}\``;
  switch (result.status) {
    case "planned": {
      const { add, change, destroy, replace, statefulDestroys } = result.summary;
      const empty = add + change + destroy + result.summary.forget === 0;
      const notes = [
        replace > 0 ? `${replace} replaced` : "",
        result.summary.forget > 0 ? `${result.summary.forget} forgotten` : "",
        statefulDestroys.length > 0 ? `🚨 **${statefulDestroys.length} stateful destroyed**` : "",
      ].filter(Boolean);
      const status = link(empty ? "no changes" : "planned", result.runUrl);
      return `| ${stack} | ${status} | ${add} | ${change} | ${destroy} | ${notes.join(", ")} |`;
    }
    case "waiting":
      return `| ${stack} | ⏳ waiting for upstream apply | - | - | - | ${result.upstream.map((id) => `\`${id}\``).join(", ")} never applied; plans after it is |`;
    case "failed":
      return `| ${stack} | ❌ ${link("plan failed", result.runUrl)} | - | - | - | ${result.message.replace(/\|/g, "\\|").replace(/\n/g, " ")} |`;
    case "blocked":
      return `| ${stack} | ⛔ blocked | - | - | - | not planned: upstream ${result.upstream.map((id) => `\`${id}\``).join(", ")} failed |`;
    case "removed":
      return `| ${stack} | ⚠️ stack removed | - | - | - | not planned: its resources stay until someone destroys them deliberately (docs/delivery.md: recovering from a failed apply) |`;
  }
}

/** The pull-request comment: one row per changed stack, stateful destroys called out first. */
export function renderComment(
  results: readonly StackResult[],
  context: { readonly commit?: string; readonly heading?: string; readonly note?: string } = {},
): string {
  const lines = [COMMENT_MARKER, `## ${context.heading ?? "Terraform plans"}`, ""];
  const destroys = statefulDestroysOf(results);
  if (destroys.length > 0) {
    lines.push(
      `> [!CAUTION]`,
      `> 🚨 **This pull request destroys ${destroys.length} stateful resource${destroys.length === 1 ? "" : "s"}.** Data in them is lost for good.`,
      `> Only merge if that is intended and backed up; label the pull request \`allow-stateful-destroy\` to let the check pass.`,
      ">",
      ...destroys.map(
        ({ stack, destroy }) => `> - \`${stack}\`: \`${destroy.address}\` (${destroy.replace ? "replaced: destroyed, then created empty" : "destroyed"})`,
      ),
      "",
    );
  }
  if (results.length === 0) {
    lines.push("No stack's synthesized Terraform changed: nothing to plan.");
  } else {
    lines.push("| stack | result | add | change | destroy | notes |", "|---|---|---|---|---|---|", ...results.map(row));
  }
  lines.push(
    "",
    (context.note ?? `Only stacks whose synthesized \`cdk.tf.json\` changed are planned, in layer order; plans are speculative runs in Terraform Cloud.`) +
      (context.commit ? ` Commit \`${context.commit}\`.` : ""),
  );
  return `${lines.join("\n")}\n`;
}
