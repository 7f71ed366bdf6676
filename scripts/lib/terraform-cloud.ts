import type { JsonPlan } from "./plan-summary";

/**
 * The environment variable Terraform reads a host's API token from:
 * `TF_TOKEN_app_terraform_io` for app.terraform.io (dots become underscores,
 * dashes become double underscores).
 */
export function tokenVariable(hostname: string): string {
  return `TF_TOKEN_${hostname.replace(/-/g, "__").replace(/\./g, "_")}`;
}

/** The run a `cdktf plan`/`deploy` started, from the link Terraform prints. */
export function runFromOutput(output: string): { readonly url: string; readonly id: string } | undefined {
  const match = /(https?:\/\/\S+?\/runs\/(run-[A-Za-z0-9]+))/.exec(output);
  return match ? { url: match[1], id: match[2] } : undefined;
}

/**
 * Failures that mean "an upstream layer has no applied state yet" rather than
 * a broken change: cdktf's cross-stack reads (`terraform_remote_state` with
 * `cross-stack-output-*` outputs) of a workspace that was never applied.
 */
const UPSTREAM_NOT_APPLIED = [
  /does not have an attribute named "cross-stack-output-/,
  /Unable to find remote state/,
  /No stored state was found for the given workspace/,
];

export function isUpstreamNotApplied(output: string): boolean {
  return UPSTREAM_NOT_APPLIED.some((pattern) => pattern.test(output));
}

type Fetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<{ status: number; ok: boolean; json(): Promise<any> }>;

/** Run statuses after which nothing more happens (Terraform Cloud's run states). */
export const FINAL_RUN_STATUSES = ["applied", "planned_and_finished", "errored", "discarded", "canceled", "force_canceled", "policy_soft_failed"];

/** The few Terraform Cloud API calls the pull-request flow makes. */
export class TerraformCloudApi {
  constructor(
    private readonly hostname: string,
    private readonly token: string,
    private readonly fetchImpl: Fetch = fetch,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  static fromEnvironment(hostname: string, env: NodeJS.ProcessEnv = process.env): TerraformCloudApi {
    const token = env[tokenVariable(hostname)];
    if (!token) throw new Error(`${tokenVariable(hostname)} is not set: the Terraform Cloud token for ${hostname}`);
    return new TerraformCloudApi(hostname, token);
  }

  private async get(path: string): Promise<{ status: number; body?: any }> {
    const response = await this.fetchImpl(`https://${this.hostname}/api/v2${path}`, {
      headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/vnd.api+json" },
    });
    if (response.status === 404) return { status: 404 };
    if (!response.ok) throw new Error(`Terraform Cloud API GET ${path} answered ${response.status}`);
    return { status: response.status, body: await response.json() };
  }

  private async post(path: string, body: unknown): Promise<void> {
    const response = await this.fetchImpl(`https://${this.hostname}/api/v2${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/vnd.api+json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`Terraform Cloud API POST ${path} answered ${response.status}`);
  }

  /**
   * Confirms a planned run (applies exactly that plan) and waits until it
   * ends; resolves to its final status (`applied` when all went well).
   */
  async confirm(runId: string, comment: string, pollMs = 10_000): Promise<string> {
    const run = `/runs/${encodeURIComponent(runId)}`;
    await this.post(`${run}/actions/apply`, { comment });
    for (;;) {
      const found = await this.get(run);
      const status: unknown = found.body?.data?.attributes?.status;
      if (typeof status !== "string") throw new Error(`run ${runId} has no status`);
      if (FINAL_RUN_STATUSES.includes(status)) return status;
      await this.sleep(pollMs);
    }
  }

  /** True once a workspace has a state version, i.e. it has been applied at least once. */
  async hasState(organization: string, workspace: string): Promise<boolean> {
    const found = await this.get(`/organizations/${encodeURIComponent(organization)}/workspaces/${encodeURIComponent(workspace)}`);
    if (found.status === 404) return false;
    const state = await this.get(`/workspaces/${found.body.data.id}/current-state-version`);
    return state.status !== 404;
  }

  /**
   * The redacted JSON plan of a run (`terraform show -json` format, sensitive
   * values removed): what the run's page shows, readable with the "plan"
   * runs permission. The unredacted `json-output` would need workspace admin.
   */
  async planJson(runId: string): Promise<JsonPlan> {
    const run = await this.get(`/runs/${encodeURIComponent(runId)}`);
    const planId: unknown = run.body?.data?.relationships?.plan?.data?.id;
    if (run.status === 404 || typeof planId !== "string") {
      throw new Error(`run ${runId} was not found or has no plan (does the token's team have read access to runs of its workspace?)`);
    }
    const found = await this.get(`/plans/${encodeURIComponent(planId)}/json-output-redacted`);
    if (found.status === 404) throw new Error(`plan ${planId} of run ${runId} has no JSON output yet`);
    return found.body as JsonPlan;
  }
}
