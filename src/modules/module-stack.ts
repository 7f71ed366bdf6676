import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { TerraformDataSource, TerraformElement, TerraformResource, TerraformStack } from "cdktf";
import { Construct, Node } from "constructs";
import type { AwsScope, AwsScopeOwner } from "../constructs/iam/arn";

/**
 * The stack a plain Terraform module is rendered from. It differs from a layer
 * stack in one way: logical ids are readable module addresses made from the
 * construct path below the building block (`network/subnet-public` becomes
 * `aws_subnet.subnet_public`), not cdktf's hashed ids. They are the module's
 * address contract, stable as long as the construct ids are.
 *
 * A module knows neither its account, region nor partition when it is
 * generated: its {@link AwsScope} reads each from a data source, declared the
 * first time something asks for it.
 */
export class ModuleStack extends TerraformStack implements AwsScopeOwner {
  private readonly allocated = new Map<string, string>();
  readonly awsScope: AwsScope;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const once = <T>(make: () => T): (() => T) => {
      let value: T | undefined;
      return () => (value ??= make());
    };
    const account = once(() => new DataAwsCallerIdentity(this, "current_account").accountId);
    const region = once(() => new DataAwsRegion(this, "current_region").region);
    const partitionData = once(() => new DataAwsPartition(this, "current_partition"));
    this.awsScope = {
      get accountId() {
        return account();
      },
      get region() {
        return region();
      },
      get partition() {
        return partitionData().partition;
      },
      get dnsSuffix() {
        return partitionData().dnsSuffix;
      },
    };
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const components = node.scopes.slice(node.scopes.indexOf(this) + 1).map((scope) => scope.node.id);
    // Variables, outputs and data sources at the top keep their id; below the building block, drop its id.
    const path = components.length > 1 ? components.slice(1) : components;
    const id = path.join("_").replace(/-/g, "_");
    const address = `${namespace(element)}.${id}`;
    const owner = this.allocated.get(address);
    if (owner !== undefined && owner !== node.path) {
      throw new Error(`module address ${address} is taken by both ${owner} and ${node.path}; rename a construct id`);
    }
    this.allocated.set(address, node.path);
    return id;
  }
}

/** What a logical id must be unique within: the resource type, the data source type, or the element kind. */
function namespace(element: TerraformElement | Node): string {
  if (TerraformResource.isTerraformResource(element)) return `resource.${element.terraformResourceType}`;
  if (TerraformDataSource.isTerraformDataSource(element)) return `data.${element.terraformResourceType}`;
  return element.constructor.name;
}
