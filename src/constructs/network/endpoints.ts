import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { Names, PerName } from "../fanout/names";

/** Services reached through gateway endpoints: free, and keep S3 and DynamoDB traffic off the NAT. */
export const GATEWAY_ENDPOINT_SERVICES = ["s3", "dynamodb"] as const;
export type GatewayEndpointService = (typeof GATEWAY_ENDPOINT_SERVICES)[number];

export interface VpcEndpointsProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Route tables the gateway endpoints are added to (private and data tiers). */
  readonly gatewayRouteTableIds: string[];
  /** Subnets the interface endpoints get a network interface in (the private tier). */
  readonly interfaceSubnetIds: string[];
  /** Interface endpoint services, e.g. `ecr.api`; `Names.of(...)` in a module. Default: none. */
  readonly interfaceServices?: readonly string[] | Names;
}

/**
 * Gateway endpoints for S3 and DynamoDB on every non-public route table, and
 * interface endpoints (private DNS on) behind a security group that admits
 * HTTPS from inside the VPC only.
 */
export class VpcEndpoints extends Construct {
  readonly gateway: Record<GatewayEndpointService, VpcEndpoint>;
  /** Interface endpoints by service (known services only; see `interfaceEndpoints`). */
  readonly interface: Record<string, VpcEndpoint> = {};
  /** Interface endpoints by service, also when the services are a module variable. */
  readonly interfaceEndpoints?: PerName<VpcEndpoint>;
  readonly securityGroup?: SecurityGroup;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const serviceName = (service: string) => `com.amazonaws.${props.region}.${service}`;
    const gatewayEndpoint = (service: GatewayEndpointService) =>
      new VpcEndpoint(this, `gateway-${service}`, {
        vpcId: props.vpcId,
        serviceName: serviceName(service),
        vpcEndpointType: "Gateway",
        routeTableIds: props.gatewayRouteTableIds,
        tags: { Name: `${props.namePrefix}-${service}` },
      });
    this.gateway = { s3: gatewayEndpoint("s3"), dynamodb: gatewayEndpoint("dynamodb") };

    const services = Names.from(props.interfaceServices ?? []);
    const security = services.ifAny(this, (optional) => {
      const group = new SecurityGroup(this, "security-group", {
        name: `${props.namePrefix}-vpc-endpoints`,
        description: "Interface VPC endpoints: HTTPS from inside the VPC",
        vpcId: props.vpcId,
        tags: { Name: `${props.namePrefix}-vpc-endpoints` },
      });
      new VpcSecurityGroupIngressRule(this, "https-from-vpc", {
        securityGroupId: optional.attr(group, "id"),
        description: "HTTPS to AWS APIs from inside the VPC",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: props.vpcCidr,
      });
      return group;
    });
    if (!security) return;
    this.securityGroup = security.value;
    this.interfaceEndpoints = services.each(
      this,
      (service) =>
        new VpcEndpoint(this, service.id("interface-{}"), {
          vpcId: props.vpcId,
          serviceName: serviceName(service.name),
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: props.interfaceSubnetIds,
          securityGroupIds: [security.attr(security.value, "id")],
          tags: { Name: `${props.namePrefix}-${service.name}` },
        }),
    );
    this.interface = this.interfaceEndpoints.instances;
  }
}
