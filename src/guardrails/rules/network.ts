import { StackModel, SynthesizedElement, blocks, isTrue, list, numberOf, references } from "../model";
import { PolicyRule, Problem, problem } from "../rule";

const ANYWHERE = ["0.0.0.0/0", "::/0"];
/** The only ports the internet may reach, and only on a load balancer's security group. */
export const LOAD_BALANCER_PORTS = [80, 443];
const LOAD_BALANCER_TYPES = ["aws_lb", "aws_alb"];

interface Ingress {
  readonly sources: unknown[];
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly protocol: unknown;
  /** The security group the rule admits traffic into, when it is in this stack. */
  readonly securityGroup?: SynthesizedElement;
}

function ingressOf(element: SynthesizedElement, model: StackModel): Ingress[] {
  const { config } = element;
  const groupOf = (id: unknown) => model.ofType("aws_security_group").find((group) => references(id, group.address));
  switch (element.type) {
    case "aws_security_group":
      return blocks(config.ingress).map((rule) => ({
        sources: [...list(rule.cidr_blocks), ...list(rule.ipv6_cidr_blocks)],
        fromPort: rule.from_port,
        toPort: rule.to_port,
        protocol: rule.protocol,
        securityGroup: element,
      }));
    case "aws_security_group_rule":
      if (config.type !== "ingress") return [];
      return [
        {
          sources: [...list(config.cidr_blocks), ...list(config.ipv6_cidr_blocks)],
          fromPort: config.from_port,
          toPort: config.to_port,
          protocol: config.protocol,
          securityGroup: groupOf(config.security_group_id),
        },
      ];
    default:
      return [
        {
          sources: [config.cidr_ipv4, config.cidr_ipv6],
          fromPort: config.from_port,
          toPort: config.to_port,
          protocol: config.ip_protocol,
          securityGroup: groupOf(config.security_group_id),
        },
      ];
  }
}

/** `all`, `22` or `80-443`: the ports of an ingress, as its finding id says them. */
function portsId(ingress: Ingress): string {
  if (String(ingress.protocol) === "-1" || String(ingress.protocol) === "all") return "all";
  return ingress.fromPort === ingress.toPort ? `${ingress.fromPort}` : `${ingress.fromPort}-${ingress.toPort}`;
}

function portsText(ingress: Ingress): string {
  const ports = portsId(ingress);
  return ports === "all" ? "all ports" : ports.includes("-") ? `ports ${ports}` : `port ${ports}`;
}

/** `0.0.0.0/0:22`, `::/0:all`: which internet sources an ingress admits, on which ports. */
function ingressFinding(ingress: Ingress): string {
  return `${ingress.sources.filter((source) => ANYWHERE.includes(String(source))).join(",")}:${portsId(ingress)}`;
}

function onlyLoadBalancerPorts(ingress: Ingress): boolean {
  const from = numberOf(ingress.fromPort);
  const to = numberOf(ingress.toPort);
  const allProtocols = ["-1", "all"].includes(String(ingress.protocol));
  // Stryker disable next-line ConditionalExpression: LOAD_BALANCER_PORTS does not include undefined; the check says what is meant
  return !allProtocols && from !== undefined && from === to && LOAD_BALANCER_PORTS.includes(from);
}

function attachedToLoadBalancer(group: SynthesizedElement | undefined, model: StackModel): boolean {
  return !!group && LOAD_BALANCER_TYPES.some((type) => model.referencing(type, group).length > 0);
}

export const noPublicIngress: PolicyRule = {
  id: "NET001",
  severity: "critical",
  title: "No ingress from the internet except HTTP(S) to a load balancer",
  description:
    "Security group rules may admit 0.0.0.0/0 or ::/0 only on port 80 or 443 of a security group attached to an " +
    "`aws_lb` in the same stack. Everything else is reached from inside the VPC or through the load balancer.",
  fix: "admit the source security group or the VPC CIDR instead of 0.0.0.0/0, or put the service behind the load balancer",
  resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check: (element, { model }) =>
    ingressOf(element, model)
      .filter((ingress) => ingress.sources.some((source) => ANYWHERE.includes(String(source))))
      .filter((ingress) => !(onlyLoadBalancerPorts(ingress) && attachedToLoadBalancer(ingress.securityGroup, model)))
      .map((ingress) =>
        problem(
          ingressFinding(ingress),
          onlyLoadBalancerPorts(ingress)
            ? `admits the internet on ${portsText(ingress)} but its security group is not attached to a load balancer`
            : `admits the internet on ${portsText(ingress)}`,
        ),
      ),
};

type Check = (config: Record<string, any>, element: SynthesizedElement, model: StackModel) => Problem[];

const PUBLIC_ACCESS_BLOCK_SETTINGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

const notTrue =
  (argument: string): Check =>
  (config) =>
    isTrue(config[argument]) ? [problem(argument, `${argument} is true`)] : [];

/** Per type: what would give it a public address or endpoint. */
export const PUBLIC_EXPOSURE: Readonly<Record<string, Check>> = {
  aws_subnet: notTrue("map_public_ip_on_launch"),
  aws_instance: notTrue("associate_public_ip_address"),
  aws_db_instance: notTrue("publicly_accessible"),
  aws_rds_cluster_instance: notTrue("publicly_accessible"),
  aws_launch_template: (config) =>
    blocks(config.network_interfaces).some((nic) => isTrue(nic.associate_public_ip_address))
      ? [problem("network_interfaces.associate_public_ip_address", "network_interfaces.associate_public_ip_address is true")]
      : [],
  aws_opensearch_domain: (config) =>
    blocks(config.vpc_options).length > 0 ? [] : [problem("vpc_options", "vpc_options is not set: the domain would have a public endpoint")],
  aws_s3_bucket: (_config, element, model) =>
    model
      .referencing("aws_s3_bucket_public_access_block", element)
      .some((block) => PUBLIC_ACCESS_BLOCK_SETTINGS.every((setting) => isTrue(block.config[setting])))
      ? []
      : [problem("aws_s3_bucket_public_access_block", "no aws_s3_bucket_public_access_block blocks all public access to it")],
};

export const noPublicExposure: PolicyRule = {
  id: "NET002",
  severity: "critical",
  title: "Nothing but load balancers is publicly reachable",
  description:
    "No public IPs on launch, no publicly accessible databases, search domains inside the VPC, and every S3 bucket " +
    "has an `aws_s3_bucket_public_access_block` with all four settings on.",
  fix: "keep the resource in private or data subnets without a public address; for buckets add a public access block with all four settings true",
  resourceTypes: Object.keys(PUBLIC_EXPOSURE),
  check: (element, { model }) => PUBLIC_EXPOSURE[element.type](element.config, element, model),
};

export const privateClusterEndpoint: PolicyRule = {
  id: "NET003",
  severity: "high",
  title: "EKS API endpoint is private",
  description:
    "The Kubernetes API is reachable from inside the VPC only: `endpoint_private_access` true and " +
    "`endpoint_public_access` false (checkov CKV_AWS_38/39 say the same).",
  fix: "set vpc_config.endpoint_private_access = true and endpoint_public_access = false; reach the API through the VPC (VPN, bastion, Terraform Cloud agents)",
  resourceTypes: ["aws_eks_cluster"],
  check: (element) => {
    const [vpc] = blocks(element.config.vpc_config);
    return [
      // Stryker disable next-line OptionalChaining: vpc_config is required by the provider schema, so every aws_eks_cluster has one
      ...(isTrue(vpc?.endpoint_private_access) ? [] : [problem("vpc_config.endpoint_private_access", "vpc_config.endpoint_private_access is not true")]),
      // Stryker disable next-line OptionalChaining: vpc_config is required by the provider schema, so every aws_eks_cluster has one
      ...(vpc?.endpoint_public_access === false || vpc?.endpoint_public_access === "false"
        ? []
        : [problem("vpc_config.endpoint_public_access", "vpc_config.endpoint_public_access is not false (it defaults to true)")]),
    ];
  },
};
