import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { gunzipSync, gzipSync } from "zlib";

/**
 * What the offline kit's AWS stand-in schema lacks and this project uses. The
 * stand-in is rebuilt from the cdktf bindings, which drop ephemeral resources
 * (the kit's README says so); the cluster layer opens an ephemeral
 * `aws_eks_cluster_auth` for its own Kubernetes provider. Each entry is the
 * real provider's schema, with its source, so validation checks our use of it
 * as the real provider would. Remove an entry once the kit carries it.
 */
export interface SchemaAddition {
  readonly provider: string;
  /** The kit's schema file, `schemas/<name>-<version>.json.gz`. */
  readonly file: string;
  readonly kind: "ephemeral_resource_schemas";
  readonly type: string;
  readonly schema: unknown;
  readonly source: string;
}

export const KIT_SCHEMA_ADDITIONS: readonly SchemaAddition[] = [
  {
    provider: "registry.terraform.io/hashicorp/aws",
    file: "schemas/aws-6.25.0.json.gz",
    kind: "ephemeral_resource_schemas",
    type: "aws_eks_cluster_auth",
    schema: {
      version: 0,
      block: {
        attributes: {
          name: { type: "string", required: true, description_kind: "plain" },
          token: { type: "string", computed: true, sensitive: true, description_kind: "plain" },
        },
        description_kind: "plain",
      },
    },
    source: "hashicorp/terraform-provider-aws internal/service/eks/cluster_auth_ephemeral.go (name required; token computed, sensitive)",
  },
];

/** Adds `additions` to one provider-schemas document (`terraform providers schema -json` form); entries already there are kept. */
export function withAdditions(document: any, additions: readonly SchemaAddition[]): any {
  for (const addition of additions) {
    const provider = document.provider_schemas?.[addition.provider];
    if (!provider) throw new Error(`the kit's ${addition.file} has no schema of ${addition.provider}`);
    provider[addition.kind] ??= {};
    provider[addition.kind][addition.type] ??= addition.schema;
  }
  return document;
}

/**
 * A copy of the kit in `dir` with {@link KIT_SCHEMA_ADDITIONS} applied: the kit
 * itself may be read-only and is never written to. Returns the copy's path.
 */
export function patchedKit(kit: string, dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(kit, dir, { recursive: true });
  const files = [...new Set(KIT_SCHEMA_ADDITIONS.map((addition) => addition.file))];
  for (const file of files) {
    const path = join(dir, file);
    const document = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8"));
    const additions = KIT_SCHEMA_ADDITIONS.filter((addition) => addition.file === file);
    // mtime 0 in the gzip header: the same input gives the same bytes, so the mirror is rebuilt only when the schema changes.
    writeFileSync(path, gzipSync(JSON.stringify(withAdditions(document, additions))));
  }
  return dir;
}
