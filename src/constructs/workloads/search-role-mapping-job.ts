import { Construct } from "constructs";
import { DEFAULT_SEARCH_CLIENT_ACCESS, type SearchClientAccess } from "../../config/schema/data/search";
import type { DataExports } from "../../contracts";
import { ConstructError } from "../errors";
import { AwsScope, arn } from "../iam/arn";
import { AWS_CLI_IMAGE } from "./database-role-job";
import { PLATFORM_JOB_FILES, PlatformJob, PlatformJobPlacement } from "./platform-job";

/** One client role of the search domain and what it may do there. */
export interface SearchClient {
  /** IAM role name in this account; also the name of its OpenSearch role. */
  readonly roleName: string;
  readonly access: SearchClientAccess;
}

/** The OpenSearch security plugin's role document for a client: index permissions per pattern, the matching cluster permissions. */
export function searchRoleDocument(access: SearchClientAccess): object {
  const writes = access.readWrite.length > 0;
  return {
    description: "Managed by the platform (search role-mapping job); changes made here are overwritten",
    // Bulk, multi-get and multi-search (and their read-only forms): what document APIs need at cluster level.
    cluster_permissions: [writes ? "cluster_composite_ops" : "cluster_composite_ops_ro"],
    index_permissions: [
      ...(writes ? [{ index_patterns: access.readWrite, allowed_actions: ["crud", "create_index", "indices:admin/mapping/put"] }] : []),
      ...(access.read.length > 0 ? [{ index_patterns: access.read, allowed_actions: ["read"] }] : []),
    ],
  };
}

/**
 * Assumes the admin role (the job's own role may only do that), then PUTs each
 * role and its mapping through the security plugin's REST API, signed with
 * SigV4 by curl (`--aws-sigv4`, curl 7.75+). PUT creates or replaces, so runs
 * are idempotent. No `${` in the script: Terraform would read it as interpolation.
 */
const RUN_SCRIPT = `set -eu
set -- $(aws sts assume-role --role-arn "$ADMIN_ROLE_ARN" --role-session-name search-role-mappings --duration-seconds 900 \\
  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
put() {
  curl --silent --show-error --fail --aws-sigv4 "aws:amz:$AWS_REGION:es" --user "$KEY_ID:$SECRET_KEY" \\
    --header "x-amz-security-token: $SESSION_TOKEN" --header "Content-Type: application/json" \\
    --request PUT --data-binary "@$2" "https://$SEARCH_ENDPOINT/_plugins/_security/api/$1"
  echo
}
KEY_ID=$1 SECRET_KEY=$2 SESSION_TOKEN=$3
i=0
while read -r role; do
  put "roles/$role" "${PLATFORM_JOB_FILES}/role-$i.json"
  put "rolesmapping/$role" "${PLATFORM_JOB_FILES}/mapping-$i.json"
  i=$((i + 1))
done < ${PLATFORM_JOB_FILES}/roles.txt
`;

/** The job's `peers` are the data subnets (the domain on 443) and the interface endpoints' subnets (STS on 443). */
export interface SearchRoleMappingJobProps extends PlatformJobPlacement {
  readonly clientRoleNames: string[];
  /** Per client role; a role not named gets {@link DEFAULT_SEARCH_CLIENT_ACCESS}. */
  readonly clientAccess: Record<string, SearchClientAccess>;
  readonly search: DataExports["search"];
}

/**
 * Maps every client role of the search domain to an OpenSearch role with its
 * index permissions, in fine-grained access control, through a
 * {@link PlatformJob}: its IRSA role may only assume the domain's admin role
 * (which trusts it by name), and the job calls the security REST API as that
 * role. IAM alone lets a client reach the domain; this mapping is what lets
 * it read and write indexes.
 */
export class SearchRoleMappingJob extends Construct {
  readonly job: PlatformJob;
  readonly clients: SearchClient[];

  constructor(scope: Construct, id: string, props: SearchRoleMappingJobProps) {
    super(scope, id);
    if (props.clientRoleNames.length === 0) throw new ConstructError(this, "there are no search client roles to map");
    const account = AwsScope.of(this);
    this.clients = props.clientRoleNames.map((roleName) => ({ roleName, access: props.clientAccess[roleName] ?? DEFAULT_SEARCH_CLIENT_ACCESS }));
    const files: Record<string, string> = { "run.sh": RUN_SCRIPT, "roles.txt": props.clientRoleNames.map((name) => `${name}\n`).join("") };
    this.clients.forEach((client, index) => {
      files[`role-${index}.json`] = JSON.stringify(searchRoleDocument(client.access));
      files[`mapping-${index}.json`] = JSON.stringify({ backend_roles: [arn(account, "iam", `role/${client.roleName}`, "")] });
    });
    this.job = new PlatformJob(this, "job", {
      name: props.name,
      namespace: props.namespace,
      namespaceName: props.namespaceName,
      role: {
        name: props.roleName,
        description: "Maps the search domain's client roles: may only assume the domain's admin role",
        oidc: props.oidc,
      },
      grant: (role) => role.addToPolicy({ sid: "AssumeSearchAdmin", effect: "Allow", actions: ["sts:AssumeRole"], resources: [props.search.adminRoleArn] }),
      files,
      main: {
        name: "role-mappings",
        image: AWS_CLI_IMAGE,
        command: ["/bin/sh", `${PLATFORM_JOB_FILES}/run.sh`],
        env: {
          AWS_REGION: props.region,
          AWS_STS_REGIONAL_ENDPOINTS: "regional",
          ADMIN_ROLE_ARN: props.search.adminRoleArn,
          SEARCH_ENDPOINT: props.search.endpoint,
        },
      },
      egress: [
        { cidrs: props.peers.dataCidrs, ports: [443] },
        { cidrs: props.peers.endpointCidrs, ports: [443] },
      ],
      dependsOn: props.dependsOn,
    });
  }
}
