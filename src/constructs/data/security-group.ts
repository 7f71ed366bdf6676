import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import type { DataServiceAccess } from "../../contracts";

export interface DataSecurityGroupProps {
  readonly vpcId: string;
  /** Security group name, e.g. `llm-platform-dev-database`. */
  readonly name: string;
  /** Service name clients see in {@link DataServiceAccess}, e.g. `database`. */
  readonly service: string;
  /** The one port clients connect to. */
  readonly port: number;
}

/**
 * The security group of one data service. It is created with no rules at all
 * (Terraform also drops the default allow-all egress): the cluster layer adds an
 * ingress rule from its node security group on {@link DataSecurityGroupProps.port}
 * through {@link DataSecurityGroup.access}, and nothing else may connect.
 */
export class DataSecurityGroup extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly access: DataServiceAccess;

  constructor(scope: Construct, id: string, props: DataSecurityGroupProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, "group", {
      name: props.name,
      description: `${props.service}: clients are admitted on port ${props.port} by rules added per client`,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    this.access = { name: props.service, securityGroupId: this.securityGroup.id, port: props.port };
  }
}
