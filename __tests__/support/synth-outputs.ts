import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/** Temporary `cdktf.out` directories with hand-written stacks, removed after the tests. */
export class SynthOutputs {
  private readonly root = mkdtempSync(join(tmpdir(), "llm-platform-outputs-"));
  private count = 0;

  /** Writes `stacks/<id>/cdk.tf.json` for each stack and returns the outdir. */
  create(stacks: Record<string, unknown>): string {
    const outdir = join(this.root, `out-${this.count++}`);
    for (const [id, json] of Object.entries(stacks)) {
      mkdirSync(join(outdir, "stacks", id), { recursive: true });
      writeFileSync(join(outdir, "stacks", id, "cdk.tf.json"), JSON.stringify(json, null, 2));
    }
    return outdir;
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A minimal synthesized stack on the cloud backend. */
export function cloudStack(workspace: string, resources: Record<string, unknown> = {}, metadata: unknown = {}): Record<string, unknown> {
  return {
    "//": { metadata },
    terraform: { cloud: { hostname: "app.terraform.io", organization: "acme-llm", workspaces: { name: workspace } } },
    resource: resources,
  };
}
