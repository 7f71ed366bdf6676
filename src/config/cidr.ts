/**
 * Small, dependency-free IPv4 CIDR arithmetic. Mirrors Terraform's `cidrsubnet`
 * so that what the constructs derive matches what a plain Terraform user would
 * compute by hand.
 */

/** An IPv4 network: the first address as an unsigned 32-bit integer and a prefix length. */
export interface Ipv4Cidr {
  readonly network: number;
  readonly prefixLength: number;
}

const OCTET = /^(0|[1-9]\d{0,2})$/;

function addressSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

/** Parses `a.b.c.d/n`; returns undefined for anything malformed or with host bits set. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const octets = match[1].split(".");
  if (octets.length !== 4 || !octets.every((octet) => OCTET.test(octet) && Number(octet) <= 255)) {
    return undefined;
  }
  const prefixLength = Number(match[2]);
  if (prefixLength > 32) return undefined;
  const network = octets.reduce((value, octet) => value * 256 + Number(octet), 0);
  if (network % addressSize(prefixLength) !== 0) return undefined;
  return { network, prefixLength };
}

export function formatCidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.network / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefixLength}`;
}

/** Terraform's `cidrsubnet(prefix, newbits, netnum)`. */
export function cidrSubnet(base: Ipv4Cidr, newBits: number, netNum: number): Ipv4Cidr {
  const prefixLength = base.prefixLength + newBits;
  if (newBits < 0 || prefixLength > 32) {
    throw new RangeError(`cannot add ${newBits} bits to /${base.prefixLength}`);
  }
  if (!Number.isInteger(netNum) || netNum < 0 || netNum >= 2 ** newBits) {
    throw new RangeError(`network number ${netNum} does not fit in ${newBits} new bits`);
  }
  return { network: base.network + netNum * addressSize(prefixLength), prefixLength };
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.network + addressSize(a.prefixLength);
  const bEnd = b.network + addressSize(b.prefixLength);
  return a.network < bEnd && b.network < aEnd;
}

/** Terraform's `cidrhost(prefix, hostnum)` as a /32 block: the address `hostNum` places into `base`. */
export function cidrHost(base: Ipv4Cidr, hostNum: number): Ipv4Cidr {
  if (!Number.isInteger(hostNum) || hostNum < 0 || hostNum >= addressSize(base.prefixLength)) {
    throw new RangeError(`host number ${hostNum} does not fit in /${base.prefixLength}`);
  }
  return { network: base.network + hostNum, prefixLength: 32 };
}
