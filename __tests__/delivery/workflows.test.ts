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
      "npm ci --no-audit --no-fund", "npm run typecheck", "npm test", "npm run synth",
      "npm run synth:hcl", "npm run bootstrap:synth", "npm run validate",
      "bash scripts/install-checkov.sh", "npm run scan",
    ]);
    expect(pr.jobs.plan.needs).toBe("verify");
    const planStep = pr.jobs.plan.steps.find((step: any) => step.id === "plan");
    expect(planStep.run).toContain("npm run plan:pr -- --base .base/cdktf.out --head cdktf.out");
    expect(planStep.env.TF_TOKEN_app_terraform_io).toBe("${{ secrets.TF_TOKEN }}");
    expect(pr.jobs.plan.steps.some((step: any) => String(step.uses).startsWith("actions/github-script"))).toBe(true);
  });

  it("deploys dev, then staging, then prod, one environment at a time", () => {
    const deploy = workflows["deploy.yml"];
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect([deploy.jobs.dev.needs, deploy.jobs.staging.needs, deploy.jobs.prod.needs]).toEqual(["verify", "dev", "staging"]);
    expect([deploy.jobs.dev.with.environment, deploy.jobs.staging.with.environment, deploy.jobs.prod.with.environment]).toEqual(["dev", "staging", "prod"]);
    const job = workflows["deploy-environment.yml"].jobs.deploy;
    expect(job.environment).toBe("${{ inputs.environment }}");
    expect(job.concurrency).toEqual({ group: "deploy-${{ inputs.environment }}", "cancel-in-progress": false });
    expect(job.env.TF_TOKEN_app_terraform_io).toBe("${{ secrets.TF_TOKEN }}");
    expect(runCommands(workflows["deploy-environment.yml"])).toContain("npm run deploy:env -- --env ${{ inputs.environment }}");
  });
});
