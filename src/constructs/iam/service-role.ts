import { Construct } from "constructs";
import { AwsScope } from "./arn";
import type { PolicyStatement } from "./grant";
import { PolicyRole } from "./policy-role";

export interface ServiceRoleProps {
  /** IAM role name. */
  readonly name: string;
  readonly description: string;
  /** Service principal that assumes the role, e.g. `vpc-flow-logs.amazonaws.com`. */
  readonly servicePrincipal: string;
  /**
   * Source ARN pattern the service must act for, on top of the stack's account
   * (`aws:SourceAccount`); guards against the confused-deputy problem. Default:
   * no source ARN condition.
   */
  readonly sourceArnLike?: string;
  /** The role's inline permissions: keep them to exactly what the service needs. */
  readonly statements: PolicyStatement[];
}

/**
 * An IAM role an AWS service assumes on this account's behalf, with one inline
 * policy: a {@link PolicyRole} whose trust is that service, for this account only.
 */
export class ServiceRole extends PolicyRole {
  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    const conditions = [{ test: "StringEquals", variable: "aws:SourceAccount", values: [AwsScope.of(scope).accountId] }];
    if (props.sourceArnLike) {
      conditions.push({ test: "ArnLike", variable: "aws:SourceArn", values: [props.sourceArnLike] });
    }
    super(scope, id, {
      name: props.name,
      description: props.description,
      trust: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: [props.servicePrincipal] }],
          condition: conditions,
        },
      ],
      statements: props.statements,
    });
  }
}
