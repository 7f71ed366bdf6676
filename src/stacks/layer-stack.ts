import { AwsProvider, AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { RESERVED_TAG_KEYS, type EnvironmentConfig } from "../config";
import { AwsScope, AwsScopeOwner, scopeOf } from "../constructs/iam/arn";
import { PermissionsBoundaryAspect } from "../constructs/iam/permissions-boundary";
import { applyGuardrails } from "../guardrails";
import { Layer, resourcePrefix, runBoundaryPolicyArn, stackId } from "../naming";
import { requiredVersionConstraint } from "../terraform-version";
import { BackendMode, configureBackend } from "./backend";

export interface LayerStackProps {
  /** The validated environment this stack belongs to. */
  readonly env: EnvironmentConfig;
  /** Default: `cloud`, the stack's own Terraform Cloud workspace. */
  readonly backend?: BackendMode;
}

/** The tags every resource of one layer of one environment carries, through `default_tags`. */
export function defaultTags(env: EnvironmentConfig, layer: Layer): Record<string, string> {
  return {
    ...env.tags.extra,
    Project: env.project,
    Environment: env.name,
    ManagedBy: "cdktf",
    Owner: env.tags.owner,
    CostCenter: env.tags.costCenter,
    Layer: layer,
  };
}

/**
 * One layer of one environment: stack id `<env>-<layer>`, its own backend, an
 * AWS provider that refuses any account but the environment's own, and the
 * guardrails (policy rules; `prevent_destroy` on stateful resources in prod).
 * It owns the AWS context of everything in it ({@link AwsScope.of}): the
 * environment's account and region, and the region's partition, as literals.
 */
export abstract class LayerStack extends TerraformStack implements AwsScopeOwner {
  readonly env: EnvironmentConfig;
  readonly layer: Layer;
  /** `<project>-<env>`, the prefix of resource names. */
  readonly namePrefix: string;
  readonly awsScope: AwsScope;
  private readonly regionProviders = new Map<string, AwsProvider>();

  protected constructor(scope: Construct, layer: Layer, props: LayerStackProps) {
    super(scope, stackId(props.env, layer));
    this.env = props.env;
    this.layer = layer;
    this.namePrefix = resourcePrefix(props.env);
    this.awsScope = scopeOf(props.env.aws.accountId, props.env.aws.region);
    new AwsProvider(this, "aws", this.providerConfig(props.env.aws.region));
    const backend = props.backend ?? "cloud";
    configureBackend(this, props.env, layer, backend);
    // Terraform Cloud runs apply as the bootstrap's apply roles, which create roles only within
    // its boundary; a local try-out in one's own account has no bootstrap, so no boundary.
    if (backend === "cloud") Aspects.of(this).add(new PermissionsBoundaryAspect(runBoundaryPolicyArn(props.env)));
    this.addOverride("terraform.required_version", requiredVersionConstraint());
    applyGuardrails(this, { stage: props.env.stage, requiredTags: RESERVED_TAG_KEYS });
  }

  /**
   * The AWS provider for another region (disaster recovery), aliased by the
   * region's name (`aws.<region>`), with the main provider's account lock and
   * default tags. The guardrails cover its resources like any other.
   */
  providerFor(region: string): AwsProvider {
    let provider = this.regionProviders.get(region);
    if (!provider) {
      provider = new AwsProvider(this, `aws-${region}`, { ...this.providerConfig(region), alias: region });
      this.regionProviders.set(region, provider);
    }
    return provider;
  }

  private providerConfig(region: string): AwsProviderConfig {
    return {
      region,
      allowedAccountIds: [this.env.aws.accountId],
      defaultTags: [{ tags: defaultTags(this.env, this.layer) }],
    };
  }
}
