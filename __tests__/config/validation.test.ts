import { ENVIRONMENTS } from "../../environments";
import { loadEnvironments } from "../../src/config";
import { configErrorText, patched } from "../support/environments";

const errorText = configErrorText;

describe("environment configuration", () => {
  it("accepts every committed environment and applies defaults", () => {
    const [dev, staging, prod] = loadEnvironments(ENVIRONMENTS);
    expect(dev.network.flowLogs).toEqual({ retentionDays: 365, trafficType: "ALL" });
    expect(staging.terraformCloud.hostname).toBe("app.terraform.io");
    expect(prod.network.flowLogs.retentionDays).toBe(731);
  });

  it.each([
    ["malformed", "10.0.0.0/33"],
    ["host bits set", "10.10.0.1/16"],
    ["too small for the subnet layout", "10.10.0.0/24"],
  ])("rejects a %s VPC CIDR, naming environment, field, value and what is allowed", (_why, cidr) => {
    const text = errorText(patched("dev", { network: { vpcCidr: cidr } }));
    expect(text).toContain('Invalid configuration for environment "dev":');
    expect(text).toContain(`network.vpcCidr: got "${cidr}": must be an IPv4 CIDR block`);
    expect(text).toContain("prefix length from /16 to /20");
  });

  it("rejects VPC CIDRs that overlap between environments", () => {
    const text = errorText(patched("dev", {}), patched("staging", { network: { vpcCidr: "10.10.128.0/17" } }));
    expect(text).toContain('environment "staging"');
    expect(text).toContain('network.vpcCidr: got "10.10.128.0/17": overlaps environment "dev" (10.10.0.0/16)');
  });

  it("rejects too few availability zones for the stage", () => {
    const text = errorText(patched("prod", { network: { availabilityZones: ["us-east-1a", "us-east-1b"] } }));
    expect(text).toContain('environment "prod"');
    expect(text).toContain('network.availabilityZones: got ["us-east-1a","us-east-1b"]');
    expect(text).toContain("stage prod needs at least 3");
  });

  it("rejects a single availability zone in any stage", () => {
    const text = errorText(patched("dev", { network: { availabilityZones: ["us-east-1a"] } }));
    expect(text).toContain("at least 2 availability zones are needed");
  });

  it("rejects availability zones outside the region", () => {
    const text = errorText(patched("dev", { network: { availabilityZones: ["us-east-1a", "us-west-2b"] } }));
    expect(text).toContain('network.availabilityZones[1]: got "us-west-2b": must be a zone of region us-east-1');
  });

  it("rejects duplicate availability zones and interface endpoints", () => {
    const text = errorText(
      patched("dev", {
        network: {
          availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1a"],
          interfaceEndpoints: ["sts", "sts"],
        },
      }),
    );
    expect(text).toContain('network.availabilityZones[2]: got "us-east-1a": duplicate availability zone');
    expect(text).toContain('network.interfaceEndpoints[1]: got "sts": duplicate interface endpoint');
  });

  it("rejects duplicate environment names", () => {
    const text = errorText(patched("dev", {}), patched("staging", { name: "dev", data: { search: { clientRoleNames: [] } } }));
    expect(text).toContain('name: got "dev": another environment already has this name');
  });

  it("rejects an unknown region with the allowed list", () => {
    const text = errorText(patched("dev", { aws: { region: "us-east-7" } }));
    expect(text).toContain('aws.region: got "us-east-7"');
    expect(text).toMatch(/"eu-west-1"/);
  });

  it.each([
    ["empty", ""],
    ["too short", "12345"],
    ["not digits", "12345678901x"],
  ])("rejects an %s account id", (_why, accountId) => {
    const text = errorText(patched("staging", { aws: { accountId } }));
    expect(text).toContain(`aws.accountId: got "${accountId}": must be a 12-digit AWS account id`);
  });

  it("rejects unknown fields and suggests the one meant", () => {
    const text = errorText(patched("dev", { network: { natGateway: "single" } }));
    expect(text).toContain('network.natGateway: unknown field (did you mean "natGateways"?)');
    expect(text).toContain("allowed fields here: vpcCidr, availabilityZones, natGateways");
  });

  it("rejects an unknown top-level field", () => {
    const text = errorText(patched("dev", { regoin: "us-east-1" }));
    expect(text).toContain("regoin: unknown field");
  });

  it("reports a missing required field", () => {
    const source = patched("dev", {});
    delete (source.input as { project?: string }).project;
    expect(errorText(source)).toContain("project: required field is missing (expected string)");
  });

  it("requires one NAT gateway per AZ in prod", () => {
    const text = errorText(patched("prod", { network: { natGateways: "single" } }));
    expect(text).toContain('network.natGateways: got "single": stage prod must be highly available');
  });

  it("rejects values outside a closed list", () => {
    const text = errorText(patched("dev", { network: { interfaceEndpoints: ["s3-typo"], flowLogs: { retentionDays: 42 } } }));
    expect(text).toContain('network.interfaceEndpoints[0]: got "s3-typo"');
    expect(text).toContain("network.flowLogs.retentionDays: got 42: must be one of the retention periods");
  });

  it("rejects tags that would override the stacks' own", () => {
    const text = errorText(patched("dev", { tags: { extra: { Environment: "prod" } } }));
    expect(text).toContain('tags.extra.Environment: got "Environment": tag key is set by the stacks');
  });

  it("names the source file when the environment name itself is unusable", () => {
    const text = errorText(patched("dev", { name: 42 }));
    expect(text).toContain('Invalid configuration for environment "environments/dev.ts":');
    expect(text).toContain("name: got 42");
  });

  it("lists every problem of every environment in one error", () => {
    const text = errorText(patched("dev", { aws: { accountId: "" } }), patched("prod", { network: { natGateways: "single" } }));
    expect(text).toContain('environment "dev"');
    expect(text).toContain('environment "prod"');
  });
});
