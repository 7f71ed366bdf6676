import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IAspect } from "cdktf";
import { IConstruct } from "constructs";

/**
 * Sets one permissions boundary on every IAM role of a stack. The apply roles
 * that run the layers may only create or change roles that carry it (see
 * bootstrap/src/run-permissions.ts), so a role without it fails at apply time.
 */
export class PermissionsBoundaryAspect implements IAspect {
  constructor(private readonly policyArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof IamRole) node.permissionsBoundary = this.policyArn;
  }
}
