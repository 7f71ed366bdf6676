import { IngressV1 } from "@cdktf/provider-kubernetes/lib/ingress-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ApplicationConfig } from "../../../config";

export interface ApplicationExposureProps {
  readonly config: ApplicationConfig;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  /** Regional WAFv2 web ACL from the edge layer. */
  readonly webAclArn: string;
  /** The load balancer controller's release: its webhooks must be serving first. */
  readonly dependsOn: ITerraformDependable[];
}

/** Service port the Ingress targets. */
export const SERVICE_PORT = 80;

/** Annotations the AWS Load Balancer Controller reads from the application's Ingress. */
export function albAnnotations(config: ApplicationConfig, webAclArn: string): Record<string, string> {
  const attributes = [
    "routing.http.drop_invalid_header_fields.enabled=true",
    `deletion_protection.enabled=${config.ingress.deletionProtection}`,
    `idle_timeout.timeout_seconds=${config.traffic.idleTimeoutSeconds}`,
  ];
  return {
    "alb.ingress.kubernetes.io/scheme": "internet-facing",
    "alb.ingress.kubernetes.io/target-type": "ip",
    "alb.ingress.kubernetes.io/listen-ports": JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
    "alb.ingress.kubernetes.io/ssl-redirect": "443",
    "alb.ingress.kubernetes.io/certificate-arn": config.ingress.certificateArn,
    "alb.ingress.kubernetes.io/ssl-policy": config.ingress.sslPolicy,
    "alb.ingress.kubernetes.io/wafv2-acl-arn": webAclArn,
    "alb.ingress.kubernetes.io/backend-protocol": "HTTP",
    "alb.ingress.kubernetes.io/healthcheck-path": "/ready",
    "alb.ingress.kubernetes.io/load-balancer-attributes": attributes.join(","),
    "alb.ingress.kubernetes.io/target-group-attributes": `deregistration_delay.timeout_seconds=${config.traffic.deregistrationDelaySeconds}`,
    ...(config.ingress.inboundCidrs ? { "alb.ingress.kubernetes.io/inbound-cidrs": config.ingress.inboundCidrs.join(",") } : {}),
  };
}

/**
 * A ClusterIP Service and an Ingress that the AWS Load Balancer Controller
 * turns into an internet-facing ALB: HTTPS on 443 with the ACM certificate,
 * HTTP redirected to HTTPS, the edge layer's WAF ACL attached, targets the pod
 * IPs directly. The idle timeout and the deregistration delay come from
 * `traffic`, so long streamed completions are neither cut while idle nor on scale-in.
 */
export class ApplicationExposure extends Construct {
  readonly service: ServiceV1;
  readonly ingress: IngressV1;

  constructor(scope: Construct, id: string, props: ApplicationExposureProps) {
    super(scope, id);
    const { config } = props;
    this.service = new ServiceV1(this, "service", {
      metadata: { name: config.name, namespace: props.namespace, labels: props.labels },
      spec: {
        type: "ClusterIP",
        selector: props.selector,
        port: [{ name: "http", port: SERVICE_PORT, targetPort: "http", protocol: "TCP" }],
      },
      dependsOn: props.dependsOn,
    });
    this.ingress = new IngressV1(this, "ingress", {
      metadata: {
        name: config.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: albAnnotations(config, props.webAclArn),
      },
      // Apply waits until the controller has created the load balancer, which the load balancer alarms look up.
      waitForLoadBalancer: true,
      spec: {
        ingressClassName: "alb",
        rule: [
          {
            host: config.ingress.host,
            http: {
              path: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: this.service.metadata.name, port: { number: SERVICE_PORT } } },
                },
              ],
            },
          },
        ],
      },
      dependsOn: props.dependsOn,
    });
  }
}
