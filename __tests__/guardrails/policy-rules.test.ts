import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DynamodbTable, DynamodbTableConfig } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { RdsCluster, RdsClusterConfig } from "@cdktf/provider-aws/lib/rds-cluster";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { App, TerraformStack } from "cdktf";
import { PolicyViolationError, applyGuardrails, checkGuardrails, isCustomerManagedKey } from "../../src/guardrails";
import { RESERVED_TAG_KEYS } from "../../src/config";
import { ACCOUNT, guardedStack, violationsOf } from "../support/guardrails";

const keyOf = (stack: TerraformStack) => new KmsKey(stack, "key", { enableKeyRotation: true });

describe("ENC001 encryption at rest with a customer-managed key", () => {
  const cluster = (patch: Partial<RdsClusterConfig>) => {
    const stack = guardedStack("dev");
    new RdsCluster(stack, "database", { engine: "aurora-postgresql", enabledCloudwatchLogsExports: ["postgresql"], ...patch });
    return stack;
  };

  it("fires on an unencrypted RDS cluster, naming the construct path and what is wrong", () => {
    expect(violationsOf(cluster({}), "ENC001")).toEqual([
      "database: kms_key_id does not name a customer-managed KMS key",
      "database: storage_encrypted is not true",
    ]);
  });

  it("accepts a KMS key ARN reference (a `${...}` token checkov cannot judge)", () => {
    const stack = guardedStack("dev");
    new RdsCluster(stack, "database", {
      engine: "aurora-postgresql",
      storageEncrypted: true,
      kmsKeyId: keyOf(stack).arn,
      enabledCloudwatchLogsExports: ["postgresql"],
    });
    expect(violationsOf(stack, "ENC001")).toEqual([]);
  });

  it("rejects AWS-managed keys and accepts customer key ARNs", () => {
    expect(isCustomerManagedKey("alias/aws/rds")).toBe(false);
    expect(isCustomerManagedKey("arn:aws:kms:us-east-1:123456789012:alias/aws/logs")).toBe(false);
    expect(isCustomerManagedKey(undefined)).toBe(false);
    expect(isCustomerManagedKey("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")).toBe(true);
    expect(isCustomerManagedKey("${data.terraform_remote_state.cross-stack-reference-input-dev-data.outputs.key}")).toBe(true);
  });

  it("fires on a log group without a key", () => {
    const stack = guardedStack("dev");
    new CloudwatchLogGroup(stack, "logs", { name: "x", retentionInDays: 365 });
    expect(violationsOf(stack, "ENC001")).toEqual(["logs: kms_key_id does not name a customer-managed KMS key"]);
  });
});

describe("ENC002 encryption in transit", () => {
  const cache = (transit: boolean) => {
    const stack = guardedStack("dev");
    new ElasticacheReplicationGroup(stack, "cache", {
      replicationGroupId: "c",
      description: "cache",
      atRestEncryptionEnabled: "true",
      kmsKeyId: keyOf(stack).arn,
      transitEncryptionEnabled: transit,
      logDeliveryConfiguration: [{ destination: "x", destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" }],
    });
    return stack;
  };
  it("fires on a cache without TLS and stays quiet with it", () => {
    expect(violationsOf(cache(false), "ENC002")).toEqual(["cache: transit_encryption_enabled is not true"]);
    expect(violationsOf(cache(true), "ENC002")).toEqual([]);
  });
});

describe("LOG001 logging", () => {
  it("fires on a VPC without flow logs and stays quiet when a flow log references it", () => {
    const bare = guardedStack("dev");
    new Vpc(bare, "vpc", { cidrBlock: "10.0.0.0/16" });
    expect(violationsOf(bare, "LOG001")).toEqual(["vpc: no aws_flow_log references it (VPC flow logs)"]);

    const logged = guardedStack("dev");
    const vpc = new Vpc(logged, "vpc", { cidrBlock: "10.0.0.0/16" });
    new FlowLog(logged, "flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestination: "arn:aws:logs:::x" });
    expect(violationsOf(logged, "LOG001")).toEqual([]);
  });
});

describe("NET001 no public ingress except the load balancer", () => {
  const ingress = (port: number, attachToLoadBalancer: boolean) => {
    const stack = guardedStack("dev");
    const group = new SecurityGroup(stack, "sg", { vpcId: "vpc-1", description: "x" });
    new VpcSecurityGroupIngressRule(stack, "from-internet", {
      securityGroupId: group.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      cidrIpv4: "0.0.0.0/0",
    });
    if (attachToLoadBalancer) new Lb(stack, "lb", { securityGroups: [group.id], accessLogs: { bucket: "b", enabled: true } });
    return stack;
  };

  it("fires on 0.0.0.0/0 to a non-load-balancer port", () => {
    expect(violationsOf(ingress(22, true), "NET001")).toEqual(["from-internet: admits the internet on port 22"]);
  });

  it("fires on 443 from the internet when the group is not a load balancer's", () => {
    expect(violationsOf(ingress(443, false), "NET001")).toEqual([
      "from-internet: admits the internet on port 443 but its security group is not attached to a load balancer",
    ]);
  });

  it("allows 443 from the internet to a load balancer's security group", () => {
    expect(violationsOf(ingress(443, true), "NET001")).toEqual([]);
  });

  it("checks inline ingress blocks too, including all-protocol rules", () => {
    const stack = guardedStack("dev");
    new SecurityGroup(stack, "sg", {
      vpcId: "vpc-1",
      ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
    });
    expect(violationsOf(stack, "NET001")).toEqual(["sg: admits the internet on all ports"]);
  });
});

describe("NET002 nothing publicly reachable", () => {
  it("fires on an S3 bucket without a public access block and stays quiet with one", () => {
    const open = guardedStack("dev");
    new S3Bucket(open, "bucket", { bucket: "b" });
    expect(violationsOf(open, "NET002")).toEqual(["bucket: no aws_s3_bucket_public_access_block blocks all public access to it"]);

    const closed = guardedStack("dev");
    const bucket = new S3Bucket(closed, "bucket", { bucket: "b" });
    new S3BucketPublicAccessBlock(closed, "public-access", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(violationsOf(closed, "NET002")).toEqual([]);
  });
});

describe("NET003 private EKS endpoint", () => {
  const cluster = (publicAccess?: boolean) => {
    const stack = guardedStack("dev");
    new EksCluster(stack, "cluster", {
      name: "c",
      roleArn: "arn:aws:iam::123456789012:role/c",
      vpcConfig: { subnetIds: ["s"], endpointPrivateAccess: true, endpointPublicAccess: publicAccess },
      enabledClusterLogTypes: ["api", "audit", "authenticator"],
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: keyOf(stack).arn } },
    });
    return stack;
  };
  it("fires when the public endpoint is on or left at its default, quiet when off", () => {
    expect(violationsOf(cluster(true), "NET003")).toEqual(["cluster: vpc_config.endpoint_public_access is not false (it defaults to true)"]);
    expect(violationsOf(cluster(undefined), "NET003")).toHaveLength(1);
    expect(violationsOf(cluster(false), "NET003")).toEqual([]);
  });
});

describe("EC2001 IMDSv2", () => {
  const template = (httpTokens?: string, hops = 1) => {
    const stack = guardedStack("dev");
    new LaunchTemplate(stack, "nodes", { metadataOptions: { httpTokens, httpPutResponseHopLimit: hops } });
    return stack;
  };
  it("fires on a launch template without IMDSv2 or with too many hops; quiet with tokens required", () => {
    expect(violationsOf(template(undefined), "EC2001")).toEqual(['nodes: metadata_options.http_tokens is not "required" (IMDSv1 allowed)']);
    expect(violationsOf(template("required", 3), "EC2001")).toEqual(["nodes: metadata_options.http_put_response_hop_limit is 3, more than 2"]);
    expect(violationsOf(template("required", 2), "EC2001")).toEqual([]);
  });
});

describe("IAM001 least privilege", () => {
  it("fires on a `*`/`*` statement and on a service wildcard on every resource", () => {
    const stack = guardedStack("dev");
    new DataAwsIamPolicyDocument(stack, "admin", {
      statement: [
        { sid: "Everything", actions: ["*"], resources: ["*"] },
        { sid: "AllOfS3", actions: ["s3:*"], resources: ["*"] },
        { sid: "Scoped", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] },
      ],
    });
    expect(violationsOf(stack, "IAM001")).toEqual([
      'admin: statement AllOfS3 allows s3:* on every resource ("*")',
      'admin: statement Everything allows every action ("*")',
    ]);
  });

  it("allows the KMS key-policy root statement, and only in a key policy", () => {
    const rootStatement = {
      actions: ["kms:*"],
      resources: ["*"],
      principals: [{ type: "AWS", identifiers: [`arn:aws:iam::${ACCOUNT}:root`] }],
    };
    const stack = guardedStack("dev");
    const keyPolicy = new DataAwsIamPolicyDocument(stack, "key-policy", { statement: [rootStatement] });
    new KmsKey(stack, "key", { enableKeyRotation: true, policy: keyPolicy.json });
    new DataAwsIamPolicyDocument(stack, "not-a-key-policy", { statement: [rootStatement] });
    expect(violationsOf(stack, "IAM001")).toEqual(['not-a-key-policy: a statement allows kms:* on every resource ("*")']);
  });

  it("fires on an AdministratorAccess attachment", () => {
    const stack = guardedStack("dev");
    new IamRolePolicyAttachment(stack, "admin", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
    expect(violationsOf(stack, "IAM001")).toEqual(["admin: attaches the AWS managed policy AdministratorAccess"]);
  });
});

describe("RES001 deletion protection and prevent_destroy in prod", () => {
  const table = (stage: "dev" | "prod", patch: Partial<DynamodbTableConfig>) => {
    const stack = guardedStack(stage);
    new DynamodbTable(stack, "table-sessions", {
      name: "sessions",
      hashKey: "id",
      attribute: [{ name: "id", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: keyOf(stack).arn },
      ...patch,
    });
    return stack;
  };

  it("fires on a prod table without deletion protection", () => {
    expect(violationsOf(table("prod", {}), "RES001")).toEqual(["table-sessions: deletion_protection_enabled is null, must be true"]);
  });

  it("stays quiet on a protected prod table, and on an unprotected dev table", () => {
    expect(violationsOf(table("prod", { deletionProtectionEnabled: true }), "RES001")).toEqual([]);
    expect(violationsOf(table("dev", {}), "RES001")).toEqual([]);
  });

  it("fires when something turns prevent_destroy off in prod", () => {
    const stack = guardedStack("prod");
    const group = new CloudwatchLogGroup(stack, "logs", { kmsKeyId: keyOf(stack).arn });
    group.addOverride("lifecycle.prevent_destroy", false);
    expect(violationsOf(stack, "RES001")).toEqual(["logs: lifecycle.prevent_destroy is not true"]);
  });
});

describe("RES002 backups in prod", () => {
  const cluster = (stage: "dev" | "prod", patch: Partial<RdsClusterConfig>) => {
    const stack = guardedStack(stage);
    new RdsCluster(stack, "database", { engine: "aurora-postgresql", deletionProtection: true, ...patch });
    return stack;
  };
  it("fires on a prod cluster with short retention and no final snapshot; quiet when both are set, and in dev", () => {
    expect(violationsOf(cluster("prod", { backupRetentionPeriod: 1, skipFinalSnapshot: true }), "RES002")).toEqual([
      "database: backup_retention_period is 1, must be at least 7",
      "database: no final snapshot (skip_final_snapshot must be false and final_snapshot_identifier set)",
    ]);
    expect(violationsOf(cluster("prod", { backupRetentionPeriod: 14, finalSnapshotIdentifier: "final" }), "RES002")).toEqual([]);
    expect(violationsOf(cluster("dev", {}), "RES002")).toEqual([]);
  });
});

describe("TAG001 required tags", () => {
  it("fires when neither the provider's default_tags nor the resource set them", () => {
    const stack = new TerraformStack(new App(), "dev-untagged");
    new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags: [{ tags: { Project: "p" } }] });
    applyGuardrails(stack, { stage: "dev", requiredTags: RESERVED_TAG_KEYS });
    new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16", tags: { Owner: "team" } });
    expect(violationsOf(stack, "TAG001")).toEqual(["vpc: lacks the tags Environment, ManagedBy, CostCenter, Layer (neither default_tags nor tags set them)"]);
  });

  it("stays quiet in a stack whose provider sets them all", () => {
    const stack = guardedStack("dev");
    new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
    expect(violationsOf(stack, "TAG001")).toEqual([]);
  });
});

describe("a violation", () => {
  it("stops the check with a message naming rule, severity, construct path, address, problem and fix", () => {
    const stack = guardedStack("dev");
    new S3Bucket(stack, "documents", { bucket: "b" });
    let error: unknown;
    try {
      checkGuardrails(stack.node.root as App);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyViolationError);
    const message = (error as Error).message;
    expect(message).toContain("Policy check failed");
    expect(message).toMatch(
      /\[NET002\[aws_s3_bucket_public_access_block\] critical\] dev-test\/documents \(aws_s3_bucket\.documents\): no aws_s3_bucket_public_access_block/,
    );
    expect(message).toContain("fix: keep the resource in private or data subnets");
    expect(message).toContain("rule: docs/policy-rules.md#net002");
  });
});
