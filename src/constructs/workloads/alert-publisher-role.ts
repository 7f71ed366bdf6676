import { Construct } from "constructs";
import { IrsaRole, OidcIdentity, ServiceAccountRef } from "../eks/irsa-role";

export interface AlertPublisherRoleProps {
  readonly name: string;
  readonly description: string;
  readonly oidc: OidcIdentity;
  /** The service account that publishes (Alertmanager's). */
  readonly serviceAccount: ServiceAccountRef;
  readonly region: string;
  /** The SNS topic it may publish to, and the key the topic is encrypted with. */
  readonly topicArn: string;
  readonly topicKeyArn: string;
}

/**
 * An IRSA role that may publish to one KMS-encrypted SNS topic and nothing
 * else: `sns:Publish` on the topic, and the key only as SNS uses it on its behalf.
 */
export class AlertPublisherRole extends Construct {
  readonly role: IrsaRole;

  constructor(scope: Construct, id: string, props: AlertPublisherRoleProps) {
    super(scope, id);
    this.role = new IrsaRole(this, "role", {
      name: props.name,
      description: props.description,
      oidc: props.oidc,
      serviceAccount: props.serviceAccount,
      statements: [
        { sid: "PublishAlerts", effect: "Allow", actions: ["sns:Publish"], resources: [props.topicArn] },
        {
          sid: "EncryptAlertsThroughSns",
          effect: "Allow",
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: [props.topicKeyArn],
          condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [`sns.${props.region}.amazonaws.com`] }],
        },
      ],
    });
  }

  get arn(): string {
    return this.role.arn;
  }
}
