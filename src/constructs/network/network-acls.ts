import { NetworkAcl } from "@cdktf/provider-aws/lib/network-acl";
import { NetworkAclRule } from "@cdktf/provider-aws/lib/network-acl-rule";
import { Fn, Op, Token, conditional } from "cdktf";
import { Construct } from "constructs";
import { Value, isKnown } from "../expressions/expression";
import { Names } from "../expressions/names";
import { onlyIf } from "../expressions/optional";
import { SUBNET_TIERS, SubnetTier, tierBlockOf } from "./subnet-layout";

export type AclDirection = "ingress" | "egress";

/** One stateless rule: what it allows, and its fixed rule number. */
export interface AclRule {
  /** Fixed per rule name (or, for port rules, 1000 + port), so adding a rule never renumbers another. */
  readonly ruleNumber: number;
  /** `tcp`, `icmp` or `-1` (all traffic). */
  readonly protocol: "tcp" | "icmp" | "-1";
  readonly cidrBlock: string;
  /** tcp only: first and last port. */
  readonly ports?: readonly [number, number];
  /** icmp only. */
  readonly icmpType?: number;
}

/** A tier's rules by direction, then by rule name. */
export type TierAclRules = Record<AclDirection, Record<string, AclRule>>;

/** Where the rules' ports and peers come from. */
export interface NetworkAclSettings {
  /** Whether the ACLs exist: always in stacks (they pass no settings otherwise); a Terraform condition in a module. Default: true. */
  readonly enabled?: Value<boolean>;
  /** TCP ports the private subnets may reach on the internet (through NAT, and S3/DynamoDB gateway endpoints). */
  readonly internetEgressPorts: readonly number[];
  /** TCP port of each data service, which the private tier may reach in the data tier. */
  readonly dataPorts: Readonly<Record<DataService, number>>;
}

/** The data services the private tier reaches, each with its fixed rule number. */
export const DATA_SERVICE_RULE_NUMBERS = { database: 200, cache: 210, search: 220 } as const;
export type DataService = keyof typeof DATA_SERVICE_RULE_NUMBERS;

/** Responses to connections opened from the other side: the range NAT gateways, load balancers and Linux use. */
export const EPHEMERAL_PORTS = [1024, 65535] as const;
const ANYWHERE = "0.0.0.0/0";

const tcp = (ruleNumber: number, cidrBlock: string, ports: readonly [number, number]): AclRule => ({ ruleNumber, protocol: "tcp", cidrBlock, ports });
const all = (ruleNumber: number, cidrBlock: string): AclRule => ({ ruleNumber, protocol: "-1", cidrBlock });
/** Destination unreachable (type 3), which path MTU discovery depends on. */
const unreachable = (ruleNumber: number): AclRule => ({ ruleNumber, protocol: "icmp", cidrBlock: ANYWHERE, icmpType: 3 });
/** One rule per distinct port, named `<prefix>-tcp-<port>` and numbered 1000 + port. */
const portRules = (prefix: string, cidrBlock: string, ports: readonly number[]): Record<string, AclRule> =>
  Object.fromEntries([...new Set(ports)].sort((a, b) => a - b).map((port) => [`${prefix}-tcp-${port}`, tcp(1000 + port, cidrBlock, [port, port])]));

/**
 * The stateless rules of each subnet tier, from the same layout the subnets are
 * carved from. public: HTTPS/HTTP from anywhere to the load balancers, the
 * VPC in both directions, NAT egress on the allowed ports, responses back out.
 * private: the VPC in both directions, the allowed ports out, responses in.
 * data: only its own tier, and the private tier on the data services' ports;
 * no internet at all.
 */
export function networkAclRules(vpcCidr: string, settings: NetworkAclSettings): Record<SubnetTier, TierAclRules> {
  const privateBlock = tierBlockOf(vpcCidr, "private");
  const dataBlock = tierBlockOf(vpcCidr, "data");
  return {
    public: {
      ingress: {
        "https-from-internet": tcp(100, ANYWHERE, [443, 443]),
        "http-from-internet": tcp(110, ANYWHERE, [80, 80]),
        "from-vpc": all(120, vpcCidr),
        "ephemeral-from-internet": tcp(130, ANYWHERE, EPHEMERAL_PORTS),
        "icmp-unreachable": unreachable(140),
      },
      egress: {
        "to-vpc": all(100, vpcCidr),
        "ephemeral-to-internet": tcp(110, ANYWHERE, EPHEMERAL_PORTS),
        ...portRules("internet", ANYWHERE, settings.internetEgressPorts),
      },
    },
    private: {
      ingress: {
        "from-vpc": all(100, vpcCidr),
        "ephemeral-from-internet": tcp(110, ANYWHERE, EPHEMERAL_PORTS),
        "icmp-unreachable": unreachable(120),
      },
      egress: {
        "to-vpc": all(100, vpcCidr),
        ...portRules("internet", ANYWHERE, settings.internetEgressPorts),
      },
    },
    data: {
      ingress: {
        "from-data": all(100, dataBlock),
        ...Object.fromEntries(
          Object.entries(DATA_SERVICE_RULE_NUMBERS).map(([service, ruleNumber]) => {
            const port = settings.dataPorts[service as DataService];
            return [`${service}-from-private`, tcp(ruleNumber, privateBlock, [port, port])];
          }),
        ),
      },
      egress: {
        "to-data": all(100, dataBlock),
        "ephemeral-to-private": tcp(110, privateBlock, EPHEMERAL_PORTS),
      },
    },
  };
}

export interface NetworkAclsProps extends NetworkAclSettings {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Subnet ids of each tier. */
  readonly subnetIds: Record<SubnetTier, string[]>;
}

/**
 * One network ACL per subnet tier, associated with the tier's subnets in
 * every zone, with its rules as separate resources keyed by tier, direction
 * and rule name (`public-ingress-https-from-internet`), never by position.
 */
export class NetworkAcls extends Construct {
  readonly acls = {} as Record<SubnetTier, NetworkAcl>;
  /** The rules by tier and name; in a module, without the port rules (one `for_each` resource per tier there). */
  readonly rules: Record<SubnetTier, TierAclRules>;

  constructor(scope: Construct, id: string, props: NetworkAclsProps) {
    super(scope, id);
    // A module's port list is a variable: its rules are made below, keyed by port.
    const portsKnown = isKnown(props.internetEgressPorts);
    this.rules = networkAclRules(props.vpcCidr, { ...props, internetEgressPorts: portsKnown ? props.internetEgressPorts : [] });
    const made = onlyIf(this, props.enabled ?? true, ({ attr }) => {
      for (const tier of SUBNET_TIERS) {
        const acl = new NetworkAcl(this, tier, {
          vpcId: props.vpcId,
          subnetIds: props.subnetIds[tier],
          tags: { Name: `${props.namePrefix}-${tier}`, Tier: tier },
        });
        this.acls[tier] = acl;
        for (const direction of ["ingress", "egress"] as const) {
          for (const [name, rule] of Object.entries(this.rules[tier][direction])) {
            new NetworkAclRule(this, `${tier}-${direction}-${name}`, { ...aclRuleArguments(rule, direction), networkAclId: attr(acl, "id") });
          }
        }
      }
    });
    if (portsKnown || !made) return;
    // One rule per port and tier that egresses to the internet, keyed by port, numbered 1000 + port.
    const ports = Names.of(Token.asList(conditional(props.enabled ?? true, Fn.formatlist("%d", [props.internetEgressPorts]), [])));
    for (const tier of ["public", "private"] as const) {
      ports.each(this, (port) => {
        const number = Token.asNumber(Fn.tonumber(port.name));
        return new NetworkAclRule(this, port.id(`${tier}-egress-internet-tcp-{}`), {
          ...aclRuleArguments(tcp(Token.asNumber(Op.add(1000, number)), ANYWHERE, [number, number]), "egress"),
          networkAclId: made.attr(this.acls[tier], "id"),
        });
      });
    }
  }
}

/** What an `aws_network_acl_rule` says for one rule, but its ACL. */
function aclRuleArguments(rule: AclRule, direction: AclDirection) {
  return {
    egress: direction === "egress",
    ruleNumber: rule.ruleNumber,
    ruleAction: "allow",
    protocol: rule.protocol,
    cidrBlock: rule.cidrBlock,
    fromPort: rule.ports?.[0],
    toPort: rule.ports?.[1],
    icmpType: rule.icmpType,
    icmpCode: rule.icmpType === undefined ? undefined : -1,
  };
}
