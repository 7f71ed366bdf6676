import { Fn, Token } from "cdktf";
import { cidrSubnet, formatCidr, parseCidr } from "../../config/cidr";

export const SUBNET_TIERS = ["public", "private", "data"] as const;
/** public: load balancers and NAT; private: EKS nodes and pods; data: databases, caches, search. */
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/**
 * Where each tier sits inside the VPC block (Terraform `cidrsubnet(vpc, newBits, netNum)`):
 * private gets the first half (pods take one VPC address each), data the third
 * quarter, public the seventh eighth. The last eighth stays free for later use.
 */
export const TIER_BLOCKS: Record<SubnetTier, { readonly newBits: number; readonly netNum: number }> = {
  private: { newBits: 1, netNum: 0 },
  data: { newBits: 2, netNum: 2 },
  public: { newBits: 3, netNum: 6 },
};

/** Each tier block holds 8 subnet slots, one per AZ letter a-h. */
export const AZ_SLOT_BITS = 3;

/**
 * The slot of an availability zone: its letter (`us-east-1c` -> 2). Keying by
 * letter rather than list position means adding or removing a zone never
 * changes another zone's CIDR, which would replace its subnets.
 */
export function azSlot(availabilityZone: string): number {
  const slot = availabilityZone.charCodeAt(availabilityZone.length - 1) - "a".charCodeAt(0);
  if (slot < 0 || slot >= 2 ** AZ_SLOT_BITS) {
    throw new RangeError(`availability zone ${availabilityZone} does not end in a letter a-h`);
  }
  return slot;
}

/** The CIDR block of one tier's subnet in one availability zone. */
export function subnetCidr(vpcCidr: string, tier: SubnetTier, availabilityZone: string): string {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new RangeError(`${vpcCidr} is not an IPv4 CIDR block`);
  const block = cidrSubnet(vpc, TIER_BLOCKS[tier].newBits, TIER_BLOCKS[tier].netNum);
  return formatCidr(cidrSubnet(block, AZ_SLOT_BITS, azSlot(availabilityZone)));
}

/** Zone letters in slot order: `a` is slot 0. */
export const AZ_LETTERS = ["a", "b", "c", "d", "e", "f", "g", "h"] as const;

/**
 * `subnetCidr` as a Terraform expression, for a module where the VPC block or the
 * zone is a variable: `cidrsubnet(cidrsubnet(vpc, newBits, netNum), 3, <letter slot>)`.
 */
export function subnetCidrExpression(vpcCidr: string, tier: SubnetTier, availabilityZone: string): string {
  const { newBits, netNum } = TIER_BLOCKS[tier];
  const slot = Token.asNumber(Fn.index([...AZ_LETTERS], Fn.substr(availabilityZone, -1, 1)));
  return Fn.cidrsubnet(Fn.cidrsubnet(vpcCidr, newBits, netNum), AZ_SLOT_BITS, slot);
}

/** The subnet's block: computed here when both inputs are known, by Terraform otherwise. */
export function subnetCidrOf(vpcCidr: string, tier: SubnetTier, availabilityZone: string): string {
  return Token.isUnresolved(vpcCidr) || Token.isUnresolved(availabilityZone)
    ? subnetCidrExpression(vpcCidr, tier, availabilityZone)
    : subnetCidr(vpcCidr, tier, availabilityZone);
}

/** The block a whole tier sits in (all its zones' subnets): computed when the VPC block is known, by Terraform otherwise. */
export function tierBlockOf(vpcCidr: string, tier: SubnetTier): string {
  const { newBits, netNum } = TIER_BLOCKS[tier];
  if (Token.isUnresolved(vpcCidr)) return Fn.cidrsubnet(vpcCidr, newBits, netNum);
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new RangeError(`${vpcCidr} is not an IPv4 CIDR block`);
  return formatCidr(cidrSubnet(vpc, newBits, netNum));
}
