import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Construct } from "constructs";
import type { ClusterExports, DataExports } from "../../../contracts";
import { BucketGrants, CacheGrants, DatabaseGrants, MetricGrants, QueueGrants, SearchGrants, SearchRoleMapping, TableGrants } from "../../data/grants";
import { ConstructError } from "../../errors";
import { IrsaRole } from "../../eks/irsa-role";
import { Grantee, PolicyStatement } from "../../iam/grant";
import { IRSA_ANNOTATION } from "../helm-chart-release";

/** The data a workload may use: config names and switches. */
export interface WorkloadDataAccess {
  readonly tables: string[];
  readonly buckets: string[];
  /** The database user it connects as with IAM authentication; none without the database. */
  readonly databaseUser?: string;
  readonly cache: boolean;
  readonly search: boolean;
  /** SQS queues (by name) the workload consumes. */
  readonly queues: string[];
  /** CloudWatch namespaces the workload publishes metrics to. */
  readonly publishesMetrics: string[];
}

export interface WorkloadIdentityProps {
  /** IAM role name. */
  readonly roleName: string;
  /** Service account name. */
  readonly name: string;
  /** Namespace of the service account (may be a reference to the namespace resource). */
  readonly namespace: string;
  /** The namespace's plain name, for the role's trust policy. */
  readonly namespaceName: string;
  readonly labels: Record<string, string>;
  readonly cluster: Pick<ClusterExports, "oidcProviderArn" | "oidcIssuer">;
  readonly data: DataExports;
  readonly access: WorkloadDataAccess;
}

/**
 * A workload's service account and the IAM role it assumes (IRSA). It is a
 * {@link Grantee} and gets every permission through the grants of what it
 * declares, and nothing else: read/write on its tables (and their indexes) and
 * on its buckets' objects, IAM authentication as its own database user (never
 * the master secret), HTTP on the search
 * domain, IAM authentication to the cache as its user, consuming its queues,
 * publishing to its metric namespaces; each resource's key only through that
 * resource's own service. Application secrets and parameters reach the pods
 * through external-secrets, not through this role.
 */
export class WorkloadIdentity extends Construct implements Grantee {
  readonly role: IrsaRole;
  readonly serviceAccount: ServiceAccountV1;
  /** What the search domain's fine-grained access control must map for this role, when it uses search. */
  readonly searchRoleMapping?: SearchRoleMapping;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    const { data, access } = props;
    this.role = new IrsaRole(this, "role", {
      name: props.roleName,
      description: `Runtime role of the ${props.name} pods in namespace ${props.namespaceName}`,
      oidc: { providerArn: props.cluster.oidcProviderArn, issuer: props.cluster.oidcIssuer },
      serviceAccount: { namespace: props.namespaceName, name: props.name },
    });
    for (const table of this.pick(data.tables, access.tables, "table")) new TableGrants(table).readWriteData(this);
    for (const bucket of this.pick(data.buckets, access.buckets, "bucket")) new BucketGrants(bucket).readWrite(this);
    if (access.databaseUser !== undefined) new DatabaseGrants(data.database.ref).connect(this, access.databaseUser);
    if (access.search) this.searchRoleMapping = new SearchGrants(data.search).readWrite(this);
    if (access.cache) new CacheGrants(data.cache.ref).connect(this);
    for (const queue of access.queues) new QueueGrants({ name: queue }).consume(this);
    if (access.publishesMetrics.length > 0) new MetricGrants(access.publishesMetrics).publish(this);
    this.serviceAccount = new ServiceAccountV1(this, "service-account", {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: { [IRSA_ANNOTATION]: this.role.role.arn },
      },
      automountServiceAccountToken: false,
    });
  }

  get principalArn(): string {
    return this.role.arn;
  }

  addToPolicy(statement: PolicyStatement): void {
    this.role.addToPolicy(statement);
  }

  /** The data layer's exports of the given config names; the config schema checks the names, this only guards. */
  private pick<T>(exported: Record<string, T>, names: string[], what: string): T[] {
    return names.map((name) => {
      const found = exported[name];
      if (found === undefined) {
        const exports = Object.keys(exported);
        const known = exports.length > 0 ? exports.join(", ") : "none";
        throw new ConstructError(this, `the workload uses ${what} "${name}", which the data layer does not export (exports: ${known})`);
      }
      return found;
    });
  }
}
