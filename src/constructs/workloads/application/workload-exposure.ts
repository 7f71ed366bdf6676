import { IngressV1 } from "@cdktf/provider-kubernetes/lib/ingress-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ApiWorkloadConfig } from "../../../config";

export interface WorkloadExposureProps {
  /** The workload's name: names the Service and the Ingress. */
  readonly name: string;
  readonly config: ApiWorkloadConfig;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  /** Regional WAFv2 web ACL from the edge layer. */
  readonly webAclArn: string;
  /** Kubernetes Secret (in the workload's namespace) with the OIDC client's `clientID` and `clientSecret`, when sign-in is configured. */
  readonly oidcClientSecret?: string;
  /** The load balancer controller's release (its webhooks must be serving first), and the OIDC client Secret's release. */
  readonly dependsOn: ITerraformDependable[];
}

/** Service port the Ingress targets. */
export const SERVICE_PORT = 80;

/**
 * The ALB's `authenticate-oidc` action: requests without a session go to the
 * identity provider; the controller reads the client credentials from the
 * Secret `secretName` in the Ingress's namespace.
 */
export function oidcAnnotations(config: ApiWorkloadConfig, secretName: string | undefined): Record<string, string> {
  const oidc = config.ingress.authentication?.oidc;
  if (!oidc || secretName === undefined) return {};
  return {
    "alb.ingress.kubernetes.io/auth-type": "oidc",
    "alb.ingress.kubernetes.io/auth-idp-oidc": JSON.stringify({
      issuer: oidc.issuer,
      authorizationEndpoint: oidc.authorizationEndpoint,
      tokenEndpoint: oidc.tokenEndpoint,
      userInfoEndpoint: oidc.userInfoEndpoint,
      secretName,
    }),
    "alb.ingress.kubernetes.io/auth-on-unauthenticated-request": "authenticate",
    "alb.ingress.kubernetes.io/auth-scope": oidc.scope,
  };
}

/** Annotations the AWS Load Balancer Controller reads from an API workload's Ingress. */
export function albAnnotations(config: ApiWorkloadConfig, webAclArn: string): Record<string, string> {
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
export class WorkloadExposure extends Construct {
  readonly service: ServiceV1;
  readonly ingress: IngressV1;

  constructor(scope: Construct, id: string, props: WorkloadExposureProps) {
    super(scope, id);
    const { config } = props;
    this.service = new ServiceV1(this, "service", {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        type: "ClusterIP",
        selector: props.selector,
        port: [{ name: "http", port: SERVICE_PORT, targetPort: "http", protocol: "TCP" }],
      },
      dependsOn: props.dependsOn,
    });
    this.ingress = new IngressV1(this, "ingress", {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: { ...albAnnotations(config, props.webAclArn), ...oidcAnnotations(config, props.oidcClientSecret) },
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
                  path: config.ingress.path,
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
