import { cidrHost, cidrSubnet, cidrsOverlap, formatCidr, parseCidr } from "../../src/config/cidr";

describe("parseCidr", () => {
  it.each(["10.0.0.0/16", "192.168.4.0/22", "0.0.0.0/0", "10.1.2.3/32"])("accepts %s", (text) => {
    expect(formatCidr(parseCidr(text)!)).toBe(text);
  });

  it.each([
    ["no prefix", "10.0.0.0"],
    ["prefix over 32", "10.0.0.0/33"],
    ["octet over 255", "10.256.0.0/16"],
    ["three octets", "10.0.0/16"],
    ["leading zero", "10.01.0.0/16"],
    ["host bits set", "10.0.0.1/16"],
    ["not a number", "ten.0.0.0/16"],
  ])("rejects %s", (_why, text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe("cidrSubnet", () => {
  it("matches Terraform's cidrsubnet", () => {
    const vpc = parseCidr("10.20.0.0/16")!;
    expect(formatCidr(cidrSubnet(vpc, 4, 0))).toBe("10.20.0.0/20");
    expect(formatCidr(cidrSubnet(vpc, 8, 15))).toBe("10.20.15.0/24");
    expect(formatCidr(cidrSubnet(vpc, 3, 6))).toBe("10.20.192.0/19");
  });

  it("refuses a network number that does not fit", () => {
    expect(() => cidrSubnet(parseCidr("10.0.0.0/16")!, 2, 4)).toThrow(/does not fit/);
    expect(() => cidrSubnet(parseCidr("10.0.0.0/30")!, 3, 0)).toThrow(/cannot add/);
  });
});

describe("cidrHost", () => {
  it("places a host number into the block as a /32, as Terraform's cidrhost does", () => {
    expect(formatCidr(cidrHost(parseCidr("10.30.0.0/16")!, 2))).toBe("10.30.0.2/32");
    expect(formatCidr(cidrHost(parseCidr("172.20.0.0/16")!, 1))).toBe("172.20.0.1/32");
    expect(formatCidr(cidrHost(parseCidr("10.0.1.0/24")!, 255))).toBe("10.0.1.255/32");
  });

  it("refuses a host number outside the block", () => {
    expect(() => cidrHost(parseCidr("10.0.1.0/24")!, 256)).toThrow(/does not fit/);
    expect(() => cidrHost(parseCidr("10.0.1.0/24")!, -1)).toThrow(/does not fit/);
  });
});

describe("cidrsOverlap", () => {
  it("detects containment and partial overlap, not neighbours", () => {
    const a = parseCidr("10.0.0.0/16")!;
    expect(cidrsOverlap(a, parseCidr("10.0.128.0/17")!)).toBe(true);
    expect(cidrsOverlap(parseCidr("10.0.0.0/8")!, a)).toBe(true);
    expect(cidrsOverlap(a, parseCidr("10.1.0.0/16")!)).toBe(false);
  });
});
