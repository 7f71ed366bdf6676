import { TerraformDataSource, TerraformProvider, TerraformResource } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { AwsScope, AwsScopeOwner, scopeOf } from "../iam/arn";

/** Binds every resource and data source under `scope` to `provider` (another region). */
export function placeInRegion(scope: IConstruct, provider: TerraformProvider): void {
  for (const node of scope.node.findAll()) {
    if (TerraformResource.isTerraformResource(node) || node instanceof TerraformDataSource) node.provider = provider;
  }
}

export interface RegionScopeProps {
  /** The other region. */
  readonly region: string;
  /** The AWS provider aliased to that region (`LayerStack.providerFor`). */
  readonly provider: TerraformProvider;
}

/**
 * Constructs built under it live in another region of the same account: they
 * get that region from `AwsScope.of` (so ARNs, `kms:ViaService` values and
 * regional service principals name it) and, after {@link RegionScope.place},
 * the provider aliased to it. The stack's guardrails cover them like any other.
 */
export class RegionScope extends Construct implements AwsScopeOwner {
  readonly awsScope: AwsScope;
  readonly region: string;
  private readonly provider: TerraformProvider;

  constructor(scope: Construct, id: string, props: RegionScopeProps) {
    super(scope, id);
    this.awsScope = scopeOf(AwsScope.of(scope).accountId, props.region);
    this.region = props.region;
    this.provider = props.provider;
  }

  /** Binds everything built under this scope so far to the region's provider; call once the contents are built. */
  place(): void {
    placeInRegion(this, this.provider);
  }
}
