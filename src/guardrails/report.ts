import { IConstruct } from "constructs";
import { Severity, SEVERITIES } from "./rule";
import { PolicySuppression, findingLabel } from "./suppressions";

/** One rule failing on one construct. */
export interface PolicyFinding {
  readonly ruleId: string;
  /** What the finding is about, stable within the rule (see `Problem.finding`). */
  readonly finding: string;
  readonly severity: Severity;
  /** Construct path from the app root. */
  readonly path: string;
  /** Terraform address within the stack. */
  readonly address: string;
  readonly problem: string;
  readonly fix: string;
  /** Set when a suppression accepts the finding. */
  readonly suppression?: PolicySuppression;
}

const reports = new WeakMap<IConstruct, PolicyReport>();

/** Findings of every policy check under one app (or test root), without duplicates. */
export class PolicyReport {
  private readonly findings = new Map<string, PolicyFinding>();
  private readonly usedSuppressions = new Set<string>();
  private readonly knownSuppressions = new Map<string, PolicySuppression>();
  /** Stacks and elements the rules looked at. */
  private readonly checked = new Set<string>();
  /** Checks the aspect deferred until the findings are read (see {@link PolicyReport.defer}). */
  private readonly pending: (() => void)[] = [];

  static of(scope: IConstruct): PolicyReport {
    const root = scope.node.root;
    let report = reports.get(root);
    if (!report) {
      report = new PolicyReport();
      reports.set(root, report);
    }
    return report;
  }

  /**
   * Queues a check to run when the findings are next read, not when the aspect visits: a
   * synth that never reads the report (a test's `Testing.synth`) then never pays for
   * resolving every element a second time. Every reader below runs what is queued first,
   * in the order queued.
   */
  defer(check: () => void): void {
    this.pending.push(check);
  }

  private settle(): this {
    for (let check = this.pending.shift(); check; check = this.pending.shift()) check();
    return this;
  }

  record(finding: PolicyFinding): void {
    this.findings.set(`${finding.path}|${finding.ruleId}|${finding.finding}|${finding.problem}`, finding);
    if (finding.suppression) this.usedSuppressions.add(suppressionKey(finding.suppression));
  }

  markChecked(path: string): void {
    this.checked.add(path);
  }

  declareSuppressions(suppressions: readonly PolicySuppression[]): void {
    for (const suppression of suppressions) this.knownSuppressions.set(suppressionKey(suppression), suppression);
  }

  get checkedCount(): number {
    return this.settle().checked.size;
  }

  /** Unsuppressed findings, most severe first, then by path. */
  get violations(): PolicyFinding[] {
    return sorted([...this.settle().findings.values()].filter((finding) => !finding.suppression));
  }

  get suppressed(): PolicyFinding[] {
    return sorted([...this.settle().findings.values()].filter((finding) => finding.suppression));
  }

  /** Declared suppressions that matched nothing: stale, or a typo in the path. */
  get unusedSuppressions(): PolicySuppression[] {
    return [...this.settle().knownSuppressions.entries()]
      .filter(([key]) => !this.usedSuppressions.has(key))
      .map(([, suppression]) => suppression)
      .sort((a, b) => suppressionKey(a).localeCompare(suppressionKey(b)));
  }

  /** The report as deterministic JSON-ready data. */
  toJson(): object {
    return {
      checkedElements: this.checkedCount,
      violations: this.violations,
      suppressed: this.suppressed,
      unusedSuppressions: this.unusedSuppressions,
    };
  }
}

function suppressionKey(suppression: PolicySuppression): string {
  return `${suppression.path}|${suppression.ruleId}|${appliesToText(suppression)}`;
}

/** `all findings`, or the listed finding ids. */
export function appliesToText(suppression: PolicySuppression): string {
  return suppression.appliesTo === "all" ? "all findings" : suppression.appliesTo.join(", ");
}

function sorted(findings: PolicyFinding[]): PolicyFinding[] {
  const rank = (finding: PolicyFinding) => SEVERITIES.indexOf(finding.severity);
  return findings.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId) || a.problem.localeCompare(b.problem));
}

/** `docs/policy-rules.md` anchor of a rule. */
export function ruleDocsLink(ruleId: string): string {
  return `docs/policy-rules.md#${ruleId.toLowerCase()}`;
}

/** The text `npm run synth` prints when rules fail. */
export function formatViolations(violations: readonly PolicyFinding[]): string {
  const lines = [`Policy check failed: ${violations.length} violation(s); nothing was written.`];
  for (const finding of violations) {
    lines.push(`  - [${findingLabel(finding.ruleId, finding.finding)} ${finding.severity}] ${finding.path} (${finding.address}): ${finding.problem}`);
    lines.push(`      fix: ${finding.fix}`);
    lines.push(`      rule: ${ruleDocsLink(finding.ruleId)}`);
  }
  lines.push(
    "If a rule truly does not apply, suppress that finding for that construct path with a reason " +
      "(rule id, appliesTo: the finding id in brackets, reason; POLICY_SUPPRESSIONS in src/guardrails/suppressions.ts, or suppressPolicy()).",
  );
  return lines.join("\n");
}

/** The summary `npm run synth` prints when rules pass: what was checked and what was suppressed, and why. */
export function formatSummary(report: PolicyReport): string {
  const lines = [`Policy check passed: ${report.checkedCount} resources and data sources checked, ` + `${report.suppressed.length} finding(s) suppressed.`];
  for (const finding of report.suppressed) {
    lines.push(
      `  - suppressed [${findingLabel(finding.ruleId, finding.finding)}] ${finding.path}: ${finding.problem} (reason: ${finding.suppression!.reason})`,
    );
  }
  for (const suppression of report.unusedSuppressions) {
    lines.push(`  - unused suppression [${suppression.ruleId}: ${appliesToText(suppression)}] ${suppression.path}: matches nothing; remove it`);
  }
  return lines.join("\n");
}
