import type { DataExports } from "../../../contracts";
import { DatabaseGrants } from "../../data/grants";
import type { Grantee } from "../../iam/grant";
import type { EnvVar } from "./workload-pods";
import type { SyncedSecret } from "./workload-secrets";

/**
 * How a workload that uses the database gets its credentials today, in this
 * one place: its role may read the RDS-managed master secret, external-secrets
 * copies the secret's `username` and `password` into the Kubernetes Secret
 * `database-credentials`, and the pods get them as `DB_USER` and `DB_PASSWORD`.
 * (A workload-own database user with IAM authentication replaces this:
 * change these three functions.)
 */

/** The Kubernetes Secret the database credentials are synchronized into. */
export const DATABASE_CREDENTIALS_SECRET = "database-credentials";

/** Grants the workload's role reading the master secret (and its key through Secrets Manager). */
export function grantDatabaseCredentials(grantee: Grantee, data: DataExports): void {
  new DatabaseGrants(data.database.ref).readMasterSecret(grantee);
}

/** The ExternalSecret that copies the master credentials into the workload's namespace. */
export function databaseCredentialsSecret(data: DataExports): SyncedSecret {
  return {
    name: DATABASE_CREDENTIALS_SECRET,
    secretArn: data.database.masterSecretArn,
    properties: ["username", "password"],
  };
}

/** `DB_USER` and `DB_PASSWORD` from the synchronized Secret. */
export function databaseCredentialsEnv(): EnvVar[] {
  return [
    { name: "DB_USER", secret: { name: DATABASE_CREDENTIALS_SECRET, key: "username" } },
    { name: "DB_PASSWORD", secret: { name: DATABASE_CREDENTIALS_SECRET, key: "password" } },
  ];
}
