import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { App, TerraformStack } from "cdktf";
import { TerraformJson, toHcl } from "../../src/hcl/render";
import { expectedParse, parseHcl } from "../../src/hcl/roundtrip";
import { blockSchemaOf } from "../../src/hcl/schema";

/** A stack's HCL and what Terraform would parse from it, next to what its JSON says. */
async function render(build: (stack: TerraformStack) => void) {
  const stack = new TerraformStack(new App(), "blocks");
  build(stack);
  const json = JSON.parse(JSON.stringify(stack.toTerraform()), (key, value) => (key === "//" ? undefined : value)) as TerraformJson;
  const schema = blockSchemaOf(stack);
  const hcl = await toHcl(json, schema);
  return { hcl, parsed: await parseHcl("main.tf", hcl), expected: expectedParse(json, schema) };
}

const count = (hcl: string, pattern: RegExp) => hcl.match(pattern)?.length ?? 0;

describe("the HCL renderer and repeated blocks", () => {
  it("writes a list of nested blocks as one block each, in order, not as a list attribute", async () => {
    const { hcl, parsed, expected } = await render(
      (stack) =>
        new LbListener(stack, "listener", {
          loadBalancerArn: "arn:lb",
          port: 443,
          protocol: "HTTPS",
          sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
          defaultAction: [
            {
              type: "authenticate-oidc",
              order: 1,
              authenticateOidc: {
                authorizationEndpoint: "https://a",
                clientId: "c",
                clientSecret: "s",
                issuer: "https://i",
                tokenEndpoint: "https://t",
                userInfoEndpoint: "https://u",
              },
            },
            { type: "forward", order: 2, targetGroupArn: "arn:tg" },
          ],
        }),
    );
    expect(count(hcl, /^\s*default_action \{/gm)).toBe(2);
    expect(hcl).not.toMatch(/default_action\s*=/);
    expect(hcl.indexOf('"authenticate-oidc"')).toBeLessThan(hcl.indexOf('"forward"'));
    expect(parsed).toEqual(expected);
  });

  it("writes a single nested block once, and repeated blocks inside repeated blocks", async () => {
    const { hcl, parsed, expected } = await render(
      (stack) =>
        new S3BucketLifecycleConfiguration(stack, "lifecycle", {
          bucket: "b",
          rule: [
            { id: "logs", status: "Enabled", filter: [{ prefix: "logs/" }], expiration: [{ days: 30 }] },
            {
              id: "exports",
              status: "Enabled",
              filter: [{ prefix: "exports/" }],
              transition: [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 90, storageClass: "GLACIER" },
              ],
            },
          ],
        }),
    );
    expect(count(hcl, /^\s*rule \{/gm)).toBe(2);
    expect(count(hcl, /^\s*filter \{/gm)).toBe(2);
    expect(count(hcl, /^\s*expiration \{/gm)).toBe(1);
    expect(count(hcl, /^\s*transition \{/gm)).toBe(2);
    expect(parsed).toEqual(expected);
  });
});
