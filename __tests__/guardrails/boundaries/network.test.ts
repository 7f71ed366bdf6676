import { Alb } from "@cdktf/provider-aws/lib/alb";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { OpensearchDomain } from "@cdktf/provider-aws/lib/opensearch-domain";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock, S3BucketPublicAccessBlockConfig } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformStack } from "cdktf";
import { PUBLIC_EXPOSURE } from "../../../src/guardrails/rules/network";
import { problems, violations } from "../../support/rule-fixtures";

/** One ingress rule: where it comes from, which ports, which protocol. */
interface Ingress {
  readonly cidr: string;
  readonly from?: number;
  readonly to?: number;
  readonly protocol: string;
}

/** Every way a security group can admit traffic, each building the rule `r` into `group`. */
const INGRESS_KINDS: Record<string, (stack: TerraformStack, group: SecurityGroup | undefined, ingress: Ingress) => void> = {
  aws_vpc_security_group_ingress_rule: (stack, group, { cidr, from, to, protocol }) =>
    new VpcSecurityGroupIngressRule(stack, "r", {
      securityGroupId: group?.id ?? "sg-0123456789abcdef0",
      ipProtocol: protocol,
      fromPort: from,
      toPort: to,
      ...(cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
    }),
  aws_security_group_rule: (stack, group, { cidr, from, to, protocol }) =>
    new SecurityGroupRule(stack, "r", {
      type: "ingress",
      securityGroupId: group?.id ?? "sg-0123456789abcdef0",
      protocol,
      fromPort: from ?? 0,
      toPort: to ?? 0,
      ...(cidr.includes(":") ? { ipv6CidrBlocks: [cidr] } : { cidrBlocks: ["10.0.0.0/8", cidr] }),
    }),
};

type Attachment = "aws_lb" | "aws_alb" | "none" | "outside the stack";

/** A security group (`sg`, attached as asked) with one ingress rule `r` of `kind`. */
function ingressCase(kind: string, attachment: Attachment, ingress: Ingress) {
  return violations("NET001", (stack) => {
    const group = attachment === "outside the stack" ? undefined : new SecurityGroup(stack, "sg", { vpcId: "vpc-1" });
    if (attachment === "aws_lb") new Lb(stack, "lb", { securityGroups: [group!.id], accessLogs: { bucket: "b", enabled: true } });
    if (attachment === "aws_alb") new Alb(stack, "lb", { securityGroups: [group!.id], accessLogs: { bucket: "b", enabled: true } });
    INGRESS_KINDS[kind](stack, group, ingress);
  });
}

const tcp = (cidr: string, from: number, to = from): Ingress => ({ cidr, from, to, protocol: "tcp" });

describe.each(Object.keys(INGRESS_KINDS))("NET001 on %s", (kind) => {
  describe.each(["0.0.0.0/0", "::/0"])("from %s", (cidr) => {
    it.each([80, 443])("allows port %s into a load balancer's security group", (port) => {
      expect(ingressCase(kind, "aws_lb", tcp(cidr, port))).toEqual([]);
      expect(ingressCase(kind, "aws_alb", tcp(cidr, port))).toEqual([]);
    });

    it.each(["none", "outside the stack"] as const)("refuses port 443 into a group attached to no load balancer (%s)", (attachment) => {
      expect(ingressCase(kind, attachment, tcp(cidr, 443))).toEqual(
        problems("admits the internet on port 443 but its security group is not attached to a load balancer"),
      );
    });

    it.each([22, 81, 442, 444, 8080])("refuses the single port %s, even on a load balancer", (port) => {
      expect(ingressCase(kind, "aws_lb", tcp(cidr, port))).toEqual(problems(`admits the internet on port ${port}`));
    });

    it.each([
      [80, 443],
      [443, 444],
      [80, 65535],
      [0, 65535],
    ])("refuses the range %s-%s, even on a load balancer", (from, to) => {
      expect(ingressCase(kind, "aws_lb", tcp(cidr, from, to))).toEqual(problems(`admits the internet on ports ${from}-${to}`));
    });

    it("refuses all protocols and ports, even with 443 as the port", () => {
      expect(ingressCase(kind, "aws_lb", { cidr, from: 443, to: 443, protocol: "-1" })).toEqual(problems("admits the internet on all ports"));
    });
  });

  it.each(["10.0.0.0/16", "0.0.0.0/1", "fd00::/8"])("allows any port from %s, which is not the whole internet", (cidr) => {
    expect(ingressCase(kind, "none", tcp(cidr, 22))).toEqual([]);
  });
});

describe("NET001 on aws_vpc_security_group_ingress_rule without ports", () => {
  it("reads a rule with ip_protocol -1 and no ports as all ports", () => {
    expect(ingressCase("aws_vpc_security_group_ingress_rule", "aws_lb", { cidr: "0.0.0.0/0", protocol: "-1" })).toEqual(
      problems("admits the internet on all ports"),
    );
  });
});

describe("NET001 on aws_security_group", () => {
  const inline = (ingress: SecurityGroup["ingressInput"], attach = false) =>
    violations("NET001", (stack) => {
      const group = new SecurityGroup(stack, "r", { vpcId: "vpc-1", ingress });
      if (attach) new Lb(stack, "lb", { securityGroups: [group.id], accessLogs: { bucket: "b", enabled: true } });
    });
  const rule = (cidrBlocks: string[], fromPort: number, toPort: number, protocol = "tcp", ipv6CidrBlocks: string[] = []) => ({
    cidrBlocks,
    ipv6CidrBlocks,
    fromPort,
    toPort,
    protocol,
  });

  it("checks every inline ingress block on its own", () => {
    expect(
      inline([rule(["0.0.0.0/0"], 443, 443), rule(["10.0.0.0/8"], 22, 22), rule([], 8000, 9000, "tcp", ["::/0"]), rule(["0.0.0.0/0"], 0, 0, "-1")], true),
    ).toEqual(problems("admits the internet on ports 8000-9000", "admits the internet on all ports"));
  });

  it("allows 80 and 443 inline when the group is a load balancer's, and not otherwise", () => {
    expect(inline([rule(["0.0.0.0/0"], 80, 80), rule(["0.0.0.0/0"], 443, 443)], true)).toEqual([]);
    expect(inline([rule(["0.0.0.0/0"], 443, 443)])).toEqual(
      problems("admits the internet on port 443 but its security group is not attached to a load balancer"),
    );
  });

  it("ignores egress", () => {
    expect(
      violations("NET001", (stack) => {
        const group = new SecurityGroup(stack, "sg", { vpcId: "vpc-1", egress: [rule(["0.0.0.0/0"], 0, 0, "-1")] });
        new SecurityGroupRule(stack, "r", {
          type: "egress",
          securityGroupId: group.id,
          protocol: "-1",
          fromPort: 0,
          toPort: 0,
          cidrBlocks: ["0.0.0.0/0"],
        });
      }),
    ).toEqual([]);
  });
});

describe("NET002 nothing publicly reachable", () => {
  const flagCases = (argument: string, build: (stack: TerraformStack, value: boolean | undefined) => void) => {
    it.each([
      [true, [`${argument} is true`]],
      [false, []],
      [undefined, []],
    ])(`${argument} = %s`, (value, expected) => {
      expect(violations("NET002", (stack) => build(stack, value))).toEqual(problems(...(expected as string[])));
    });
  };

  describe("aws_subnet", () =>
    flagCases("map_public_ip_on_launch", (stack, value) => new Subnet(stack, "r", { vpcId: "v", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: value })));
  describe("aws_instance", () =>
    flagCases(
      "associate_public_ip_address",
      (stack, value) =>
        new Instance(stack, "r", { ami: "ami-1", instanceType: "t3.micro", associatePublicIpAddress: value, metadataOptions: { httpTokens: "required" } }),
    ));
  describe("aws_db_instance", () =>
    flagCases(
      "publicly_accessible",
      (stack, value) => new DbInstance(stack, "r", { instanceClass: "db.t3.micro", engine: "postgres", publiclyAccessible: value }),
    ));
  describe("aws_rds_cluster_instance", () =>
    flagCases(
      "publicly_accessible",
      (stack, value) =>
        new RdsClusterInstance(stack, "r", { clusterIdentifier: "c", instanceClass: "db.serverless", engine: "aurora-postgresql", publiclyAccessible: value }),
    ));

  describe("aws_launch_template", () => {
    const template = (values: (string | undefined)[]) =>
      violations(
        "NET002",
        (stack) =>
          new LaunchTemplate(stack, "r", {
            metadataOptions: { httpTokens: "required" },
            networkInterfaces: values.map((associatePublicIpAddress, deviceIndex) => ({ deviceIndex, associatePublicIpAddress })),
          }),
      );
    it("fails when any network interface asks for a public address", () => {
      expect(template(["false", "true"])).toEqual(problems("network_interfaces.associate_public_ip_address is true"));
    });
    it("passes when none does, or when there are none", () => {
      expect(template(["false", undefined])).toEqual([]);
      expect(template([])).toEqual([]);
    });
  });

  describe("aws_opensearch_domain", () => {
    it("fails outside a VPC and passes inside one", () => {
      expect(violations("NET002", (stack) => new OpensearchDomain(stack, "r", { domainName: "s" }))).toEqual(
        problems("vpc_options is not set: the domain would have a public endpoint"),
      );
      expect(violations("NET002", (stack) => new OpensearchDomain(stack, "r", { domainName: "s", vpcOptions: { subnetIds: ["s"] } }))).toEqual([]);
    });
  });

  describe("aws_s3_bucket", () => {
    const ALL_ON = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
    const NO_BLOCK = "no aws_s3_bucket_public_access_block blocks all public access to it";
    const bucket = (patch?: Partial<S3BucketPublicAccessBlockConfig>, forOther = false) =>
      violations("NET002", (stack) => {
        const target = new S3Bucket(stack, "r", { bucket: "b" });
        const other = forOther ? new S3Bucket(stack, "other", { bucket: "o" }) : undefined;
        if (other) new S3BucketPublicAccessBlock(stack, "other-block", { bucket: other.id, ...ALL_ON });
        if (patch) new S3BucketPublicAccessBlock(stack, "block", { bucket: target.id, ...ALL_ON, ...patch });
      }).filter((violation) => violation.startsWith("r:"));

    it("passes with all four settings on", () => {
      expect(bucket({})).toEqual([]);
    });
    it.each(Object.keys(ALL_ON))("fails with %s off, or absent", (setting) => {
      expect(bucket({ [setting]: false })).toEqual(problems(NO_BLOCK));
      expect(bucket({ [setting]: undefined })).toEqual(problems(NO_BLOCK));
    });
    it("fails without a block, or with only another bucket's", () => {
      expect(bucket()).toEqual(problems(NO_BLOCK));
      expect(bucket(undefined, true)).toEqual(problems(NO_BLOCK));
    });
  });

  it("has fixtures for every type it covers", () => {
    expect(Object.keys(PUBLIC_EXPOSURE).sort()).toEqual([
      "aws_db_instance",
      "aws_instance",
      "aws_launch_template",
      "aws_opensearch_domain",
      "aws_rds_cluster_instance",
      "aws_s3_bucket",
      "aws_subnet",
    ]);
  });
});

describe("NET003 private EKS endpoint", () => {
  const cluster = (endpointPrivateAccess?: boolean, endpointPublicAccess?: boolean) =>
    violations(
      "NET003",
      (stack) =>
        new EksCluster(stack, "r", {
          name: "c",
          roleArn: "arn:aws:iam::123456789012:role/c",
          vpcConfig: { subnetIds: ["s"], endpointPrivateAccess, endpointPublicAccess },
        }),
    );
  const NOT_PRIVATE = "vpc_config.endpoint_private_access is not true";
  const PUBLIC = "vpc_config.endpoint_public_access is not false (it defaults to true)";

  it("passes with private on and public off", () => {
    expect(cluster(true, false)).toEqual([]);
  });
  it.each([false, undefined])("fails with private access %s", (value) => {
    expect(cluster(value, false)).toEqual(problems(NOT_PRIVATE));
  });
  it.each([true, undefined])("fails with public access %s", (value) => {
    expect(cluster(true, value)).toEqual(problems(PUBLIC));
  });
  it("reports both at once", () => {
    expect(cluster(undefined, undefined)).toEqual(problems(NOT_PRIVATE, PUBLIC));
  });
});
