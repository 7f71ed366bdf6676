import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { DataServiceAccess } from "../../contracts";
import { ConstructError } from "../errors";

export interface DataServiceAccessRulesProps {
  /** The security group of the cluster's nodes. */
  readonly nodeSecurityGroupId: string;
  /** Data services whose security groups must admit the nodes, each on its own port. */
  readonly services: readonly DataServiceAccess[];
}

/**
 * One ingress rule per data service: its security group admits the node
 * security group on the service's port only. Rules are keyed by service name.
 */
export class DataServiceAccessRules extends Construct {
  readonly rules: Record<string, VpcSecurityGroupIngressRule> = {};

  constructor(scope: Construct, id: string, props: DataServiceAccessRulesProps) {
    super(scope, id);
    for (const service of props.services) {
      if (Object.hasOwn(this.rules, service.name)) throw new ConstructError(this, `data service "${service.name}" is listed twice`);
      if (!Number.isInteger(service.port) || service.port < 1 || service.port > 65535) {
        throw new ConstructError(this, `data service "${service.name}": port ${service.port} is not a TCP port (1-65535)`);
      }
      this.rules[service.name] = new VpcSecurityGroupIngressRule(this, service.name, {
        securityGroupId: service.securityGroupId,
        referencedSecurityGroupId: props.nodeSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: service.port,
        toPort: service.port,
        description: `EKS nodes to ${service.name} on ${service.port}/tcp`,
      });
    }
  }
}
