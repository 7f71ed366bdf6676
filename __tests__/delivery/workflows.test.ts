import { existsSync, readFileSync, readdirSync } from "fs";
import { join } from "path";
import { parse } from "yaml";

const root = join(__dirname, "..", "..");
const workflowDir = join(root, ".github", "workflows");
const workflows = Object.fromEntries(
  readdirSync(workflowDir)
    .filter((file) => file.endsWith(".yml"))
    .map((file) => [file, parse(readFileSync(join(workflowDir, file), "utf8"))]),
);
const packageScripts: Record<string, string> = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;
/** Every `run:` command of a workflow. */
function runCommands(workflow: any): string[] {
  return Object.values(workflow.jobs ?? {}).flatMap((job: any) => (job.steps ?? []).map((step: any) => step.run).filter(Boolean));
}

describe("GitHub workflows", () => {
  it("are all valid YAML with jobs", () => {
    expect(Object.keys(workflows).sort()).toEqual(["deploy-environment.yml", "deploy.yml", "pr.yml"]);
    for (const workflow of Object.values(workflows)) expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
  });

  it.each(Object.keys(workflows))("%s calls only npm scripts and files that exist", (file) => {
    for (const command of runCommands(workflows[file])) {
      for (const [, script] of command.matchAll(/npm run ([\w:-]+)/g)) {
        const exists = script in packageScripts;
        expect({ file, script, exists }).toEqual({ file, script, exists: true });
      }
      for (const [path] of command.matchAll(/scripts\/[\w./-]+/g)) expect(existsSync(join(root, path))).toBe(true);
    }
    for (const job of Object.values(workflows[file].jobs) as any[]) {
      if (typeof job.uses === "string" && job.uses.startsWith("./")) expect(existsSync(join(root, job.uses))).toBe(true);
    }
  });

  it.each(Object.keys(workflows))("%s installs checkov before every scan", (file) => {
    for (const job of Object.values(workflows[file].jobs) as any[]) {
      const runs: string[] = (job.steps ?? []).map((step: any) => step.run ?? "");
      const scan = runs.findIndex((run) => run.includes("npm run scan"));
      if (scan >= 0) expect(runs.slice(0, scan).some((run) => run.includes("scripts/install-checkov.sh"))).toBe(true);
    }
  });

  it("the npm scripts the workflows call point at files that exist", () => {
    for (const [name, command] of Object.entries(packageScripts)) {
      for (const [path] of command.matchAll(/scripts\/[\w./-]+\.(ts|js|sh)/g)) {
        expect({ name, path, exists: existsSync(join(root, path)) }).toEqual({ name, path, exists: true });
      }
    }
  });

  it("pull requests install from the lockfile, verify, scan, then plan and comment", () => {
    const pr = workflows["pr.yml"];
    expect(runCommands({ jobs: { verify: pr.jobs.verify } })).toEqual([
      'echo "version=$(cat .terraform-version)" >> "$GITHUB_OUTPUT"',
      "npm ci --no-audit --no-fund",
      "npm run typecheck",
      "npm test",
      "npm run synth",
      "npm run synth:hcl",
      "npm run bootstrap:synth",
      "npm run validate",
      "bash scripts/install-checkov.sh",
      "npm run scan",
    ]);
    expect(pr.jobs.plan.needs).toBe("verify");
    const planStep = pr.jobs.plan.steps.find((step: any) => step.id === "plan");
    expect(planStep.run).toContain("npm run plan:pr -- --base .base/cdktf.out --head cdktf.out");
    expect(planStep.env.TF_TOKEN_app_terraform_io).toBe("${{ secrets.TF_PLAN_TOKEN }}");
    // The plan is labelled with the commit it planned: the checked-out merge commit, not the head.
    expect(planStep.run).toContain('--commit "$(git rev-parse HEAD)"');
    expect(planStep.run).not.toContain("head.sha");
  });

  it("pull requests: the job that runs the pull request's code cannot write to GitHub; the one that can runs none of it", () => {
    const pr = workflows["pr.yml"];
    expect(pr.jobs.plan.permissions).toEqual({ contents: "read" });
    expect(pr.jobs.plan.steps.some((step: any) => String(step.uses).startsWith("actions/github-script"))).toBe(false);
    const comment = pr.jobs.comment;
    expect(comment.needs).toBe("plan");
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    expect(comment.steps.map((step: any) => String(step.uses).split("@")[0])).toEqual(["actions/download-artifact", "actions/github-script"]);
    expect(comment.steps.some((step: any) => step.run)).toBe(false);
  });

  it("lints the workflows with the pinned actionlint", () => {
    expect(runCommands({ jobs: { workflows: workflows["pr.yml"].jobs.workflows } })).toEqual(["npm run lint:workflows"]);
    expect(readFileSync(join(root, ".ci", "run"), "utf8")).toContain("npm run lint:workflows");
    expect(readFileSync(join(root, "scripts", "install-actionlint.sh"), "utf8")).toMatch(
      /go install "github\.com\/rhysd\/actionlint\/cmd\/actionlint@v\$ACTIONLINT_VERSION"/,
    );
  });

  it("deploys dev, then staging, then prod, one environment at a time", () => {
    const deploy = workflows["deploy.yml"];
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect([deploy.jobs.dev.needs, deploy.jobs.staging.needs, deploy.jobs.prod.needs]).toEqual(["verify", "dev", "staging"]);
    expect([deploy.jobs.dev.with.environment, deploy.jobs.staging.with.environment, deploy.jobs.prod.with.environment]).toEqual(["dev", "staging", "prod"]);
    const { plan, apply } = workflows["deploy-environment.yml"].jobs;
    expect(apply.concurrency).toEqual({ group: "deploy-${{ inputs.environment }}-apply", "cancel-in-progress": false });
    expect(plan.concurrency).toEqual({ group: "deploy-${{ inputs.environment }}", "cancel-in-progress": false });
    for (const env of ["dev", "staging", "prod"]) expect(deploy.jobs[env].secrets).toBe("inherit");
  });

  it("deploys by approving a plan: plan with the plan token, then apply exactly those runs behind the environment's rules with its own token", () => {
    const { plan, apply } = workflows["deploy-environment.yml"].jobs;
    // The plan job has no GitHub environment (no reviewer yet) and only the plan token.
    expect(plan.environment).toBeUndefined();
    const planStep = plan.steps.find((step: any) => String(step.run).includes("npm run deploy:env"));
    expect(planStep.run).toBe("npm run deploy:env -- --env ${{ inputs.environment }} --plan deploy-plan.json $ALLOW_STATEFUL_DESTROY");
    expect(planStep.env.TF_TOKEN_app_terraform_io).toBe("${{ secrets.TF_PLAN_TOKEN }}");
    expect(JSON.stringify(plan)).not.toContain("TF_APPLY_TOKEN");
    // The apply job waits for the GitHub environment (prod: reviewers), holds its environment secret, and confirms the planned runs.
    expect(apply.needs).toBe("plan");
    expect(apply.environment).toBe("${{ inputs.environment }}");
    expect(apply.env.TF_TOKEN_app_terraform_io).toBe("${{ secrets.TF_APPLY_TOKEN }}");
    expect(runCommands({ jobs: { apply } })).toContain(
      "npm run deploy:env -- --env ${{ inputs.environment }} --apply deploy-plan.json $ALLOW_STATEFUL_DESTROY",
    );
    expect(JSON.stringify(workflows["deploy-environment.yml"])).not.toContain("--auto-approve");
    // Stateful destroys are declared only by whoever starts a deploy by hand; a push never declares them.
    expect(workflows["deploy.yml"].on.workflow_dispatch.inputs["allow-stateful-destroy"]).toMatchObject({ type: "boolean", default: false });
    expect(workflows["deploy.yml"].jobs.prod.with["allow-stateful-destroy"]).toBe("${{ inputs.allow-stateful-destroy == true }}");
  });

  it("deploys only from the default branch, also when started by hand", () => {
    const deploy = workflows["deploy.yml"];
    expect(Object.keys(deploy.on).sort()).toEqual(["push", "workflow_dispatch"]);
    expect(deploy.jobs.verify.if).toBe("github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
    // Every environment needs verify, directly or through the one before it.
    expect(deploy.jobs.dev.needs).toBe("verify");
  });
});

/** Every step that uses an action, with the line it is on, across all workflows. */
const actionUses = Object.keys(workflows).flatMap((file) => {
  const lines = readFileSync(join(workflowDir, file), "utf8").split("\n");
  return lines.filter((line) => /^\s*(-\s+)?uses:\s/.test(line)).map((line) => ({ file, line: line.trim() }));
});

describe("workflow hygiene", () => {
  it("pins every action by full commit SHA, with its tag in a comment", () => {
    const external = actionUses.filter(({ line }) => !line.includes("./.github/"));
    expect(external.length).toBeGreaterThan(10);
    for (const use of external) {
      expect({ ...use, pinned: /uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(use.line) }).toEqual({ ...use, pinned: true });
    }
  });

  it("pins each action to one commit everywhere", () => {
    const shas = new Map<string, Set<string>>();
    for (const { line } of actionUses.filter(({ line }) => !line.includes("./.github/"))) {
      const [, action, sha] = /uses: ([^@]+)@(\S+)/.exec(line)!;
      shas.set(action, new Set([...(shas.get(action) ?? []), sha]));
    }
    for (const [action, set] of shas) expect({ action, commits: set.size }).toEqual({ action, commits: 1 });
  });

  it.each(Object.keys(workflows))("%s checks out without persisting the GitHub token", (file) => {
    for (const [name, job] of Object.entries(workflows[file].jobs) as [string, any][]) {
      for (const step of job.steps ?? []) {
        if (String(step.uses).startsWith("actions/checkout@")) {
          expect({ file, job: name, persist: step.with?.["persist-credentials"] }).toEqual({ file, job: name, persist: false });
        }
      }
    }
  });

  it.each(Object.keys(workflows))("%s grants nothing by default and each job only what it names", (file) => {
    const workflow = workflows[file];
    expect(workflow.permissions).toEqual({});
    for (const [name, job] of Object.entries(workflow.jobs) as [string, any][]) {
      expect({ file, job: name, permissions: typeof job.permissions }).toEqual({ file, job: name, permissions: "object" });
      for (const [scope, level] of Object.entries(job.permissions)) {
        const allowed = scope === "contents" ? level === "read" : scope === "pull-requests" && name === "comment";
        expect({ file, job: name, scope, level, allowed }).toEqual({ file, job: name, scope, level, allowed: true });
      }
    }
  });

  it("hands no Terraform Cloud token to a job that can write to GitHub", () => {
    for (const [file, workflow] of Object.entries(workflows)) {
      for (const [name, job] of Object.entries(workflow.jobs) as [string, any][]) {
        const text = JSON.stringify(job);
        if (text.includes("secrets.TF_"))
          expect({ file, job: name, permissions: job.permissions }).toEqual({ file, job: name, permissions: { contents: "read" } });
      }
    }
  });
});
