import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { OpensearchDomain } from "@cdktf/provider-aws/lib/opensearch-domain";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, Aspects, TerraformStack } from "cdktf";
import type { Stage } from "../../src/config";
import { PolicyAspect, applyGuardrails, isCustomerManagedKey } from "../../src/guardrails";
import { minimumTlsMinorVersion } from "../../src/guardrails/rules/transit";
import { ACCOUNT, findingsOf, guardedStack } from "../support/guardrails";

/**
 * The finding ids (what a suppression's appliesTo names, and reports print as RULE[finding]) of
 * each rule's problems, read through the policy aspect on synthesized resources.
 */
function findingIds(ruleId: string, build: (stack: TerraformStack) => void, stage: Stage = "dev", stack = guardedStack(stage)): string[] {
  build(stack);
  return findingsOf(stack)
    .violations.filter((finding) => finding.ruleId === ruleId)
    .map((finding) => finding.finding)
    .sort();
}

const policy = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: statement });
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

describe("finding ids", () => {
  it("EC2001 names the metadata option", () => {
    const ids = findingIds("EC2001", (stack) => new LaunchTemplate(stack, "r", { metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 3 } }));
    expect(ids).toEqual(["metadata_options.http_put_response_hop_limit", "metadata_options.http_tokens"]);
  });

  it("ENC001 names the argument, the block it sits in, or the device", () => {
    expect(findingIds("ENC001", (stack) => new OpensearchDomain(stack, "r", { domainName: "d" }))).toEqual(["encrypt_at_rest"]);
    expect(findingIds("ENC001", (stack) => new OpensearchDomain(stack, "r", { domainName: "d", encryptAtRest: { enabled: false } }))).toEqual([
      "encrypt_at_rest.enabled",
      "encrypt_at_rest.kms_key_id",
    ]);
    expect(findingIds("ENC001", (stack) => new EcrRepository(stack, "r", { name: "r", encryptionConfiguration: [{ encryptionType: "AES256" }] }))).toEqual([
      "encryption_configuration.encryption_type",
    ]);
    expect(findingIds("ENC001", (stack) => new EksCluster(stack, "r", { name: "c", roleArn: "arn", vpcConfig: { subnetIds: ["s"] } }))).toEqual([
      "encryption_config",
    ]);
    const devices = findingIds(
      "ENC001",
      (stack) =>
        new LaunchTemplate(stack, "r", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }, { ebs: { encrypted: "false" } }] }),
    );
    expect(devices).toEqual(["block_device_mappings[/dev/xvda].ebs", "block_device_mappings[].ebs"]);
    expect(findingIds("ENC001", (stack) => new S3Bucket(stack, "r", {}))).toEqual(["aws_s3_bucket_server_side_encryption_configuration"]);
  });

  it("ENC002 names the argument", () => {
    const listener = (stack: TerraformStack, protocol: string, defaultAction: LbListener["defaultAction"]["internalValue"] = []) =>
      new LbListener(stack, "r", { loadBalancerArn: "arn", protocol, port: 443, defaultAction: defaultAction ?? [] });
    expect(findingIds("ENC002", (stack) => listener(stack, "HTTPS"))).toEqual(["ssl_policy"]);
    expect(findingIds("ENC002", (stack) => listener(stack, "HTTP"))).toEqual(["default_action"]);
    expect(findingIds("ENC002", (stack) => listener(stack, "TCP"))).toEqual(["protocol"]);
    // A redirect without its block, or another action carrying a redirect block, is no redirect to HTTPS.
    expect(findingIds("ENC002", (stack) => listener(stack, "HTTP", [{ type: "redirect" }]))).toEqual(["default_action"]);
    expect(
      findingIds("ENC002", (stack) =>
        listener(stack, "HTTP", [{ type: "forward", targetGroupArn: "arn", redirect: { protocol: "HTTPS", statusCode: "HTTP_301" } }]),
      ),
    ).toEqual(["default_action"]);
    expect(findingIds("ENC002", (stack) => new ElasticacheReplicationGroup(stack, "r", { replicationGroupId: "r", description: "d" }))).toEqual([
      "transit_encryption_enabled",
    ]);
    expect(findingIds("ENC002", (stack) => new OpensearchDomain(stack, "r", { domainName: "d" }))).toEqual([
      "domain_endpoint_options.enforce_https",
      "domain_endpoint_options.tls_security_policy",
      "node_to_node_encryption.enabled",
    ]);
    const msk = (stack: TerraformStack) =>
      new MskCluster(stack, "r", {
        clusterName: "m",
        kafkaVersion: "3.6.0",
        numberOfBrokerNodes: 3,
        brokerNodeGroupInfo: { clientSubnets: ["a"], instanceType: "kafka.m5.large", securityGroups: ["sg"] },
        encryptionInfo: { encryptionInTransit: { clientBroker: "PLAINTEXT" } },
      });
    expect(findingIds("ENC002", msk)).toEqual(["encryption_info.encryption_in_transit.client_broker"]);
  });

  it("ENC002 reads the TLS version at the start and the end of a policy name too", () => {
    expect(minimumTlsMinorVersion("TLS13-1-2-2021-06")).toBe(2);
    expect(minimumTlsMinorVersion("Policy-Min-TLS-1-2")).toBe(2);
  });

  it("LOG001 names the argument or the logging resource", () => {
    expect(findingIds("LOG001", (stack) => new RdsCluster(stack, "r", { engine: "aurora-postgresql" }))).toEqual(["enabled_cloudwatch_logs_exports"]);
    expect(findingIds("LOG001", (stack) => new ElasticacheReplicationGroup(stack, "r", { replicationGroupId: "r", description: "d" }))).toEqual([
      "log_delivery_configuration",
    ]);
    expect(findingIds("LOG001", (stack) => new OpensearchDomain(stack, "r", { domainName: "d" }))).toEqual(["log_publishing_options"]);
    expect(findingIds("LOG001", (stack) => new Lb(stack, "r", {}))).toEqual(["access_logs.enabled"]);
    expect(findingIds("LOG001", (stack) => new Apigatewayv2Stage(stack, "r", { apiId: "a", name: "s" }))).toEqual(["access_log_settings"]);
    expect(findingIds("LOG001", (stack) => new EksCluster(stack, "r", { name: "c", roleArn: "arn", vpcConfig: { subnetIds: ["s"] } }))).toEqual([
      "enabled_cluster_log_types:api",
      "enabled_cluster_log_types:audit",
      "enabled_cluster_log_types:authenticator",
    ]);
  });

  it("NET001 names the internet sources and the ports", () => {
    const group = (protocol: string, from: number, to: number) => (stack: TerraformStack) =>
      new SecurityGroup(stack, "r", {
        vpcId: "vpc-1",
        ingress: [{ protocol, fromPort: from, toPort: to, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
      });
    expect(findingIds("NET001", group("tcp", 22, 22))).toEqual(["0.0.0.0/0,::/0:22"]);
    expect(findingIds("NET001", group("tcp", 80, 443))).toEqual(["0.0.0.0/0,::/0:80-443"]);
    expect(findingIds("NET001", group("all", 443, 443))).toEqual(["0.0.0.0/0,::/0:all"]);
    expect(findingIds("NET001", group("-1", 0, 0))).toEqual(["0.0.0.0/0,::/0:all"]);
  });

  it("NET001 does not take an all-protocols rule on port 443 for HTTPS into a load balancer", () => {
    const build = (protocol: string) => (stack: TerraformStack) => {
      const sg = new SecurityGroup(stack, "r", { vpcId: "vpc-1", ingress: [{ protocol, fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] });
      new Lb(stack, "lb", { securityGroups: [sg.id], accessLogs: { bucket: "b", enabled: true } });
    };
    expect(findingIds("NET001", build("tcp"))).toEqual([]);
    expect(findingIds("NET001", build("all"))).toEqual(["0.0.0.0/0:all"]);
  });

  it("NET002 and NET003 name the argument", () => {
    expect(findingIds("NET002", (stack) => new LaunchTemplate(stack, "r", { networkInterfaces: [{ associatePublicIpAddress: "true" }] }))).toEqual([
      "network_interfaces.associate_public_ip_address",
    ]);
    expect(findingIds("NET002", (stack) => new OpensearchDomain(stack, "r", { domainName: "d" }))).toEqual(["vpc_options"]);
    const cluster = (stack: TerraformStack) =>
      new EksCluster(stack, "r", { name: "c", roleArn: "arn", vpcConfig: { subnetIds: ["s"], endpointPrivateAccess: true } });
    expect(findingIds("NET003", cluster)).toEqual(["vpc_config.endpoint_public_access"]);
    // The string "false" (as a variable or override synthesizes it) turns the public endpoint off too.
    expect(findingIds("NET003", (stack) => cluster(stack).addOverride("vpc_config.endpoint_public_access", "false"))).toEqual([]);
  });

  it("RES001 and RES002 name the argument or the resource", () => {
    const table = (stack: TerraformStack) =>
      new DynamodbTable(stack, "r", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }], deletionProtectionEnabled: true });
    expect(findingIds("RES002", table, "prod")).toEqual(["point_in_time_recovery.enabled"]);
    // deletion protection given as the string "true" (a variable or override) counts as on.
    expect(findingIds("RES001", (stack) => table(stack).addOverride("deletion_protection_enabled", "true"), "prod")).toEqual([]);
    expect(findingIds("RES002", (stack) => new S3Bucket(stack, "r", {}), "prod")).toEqual(["aws_s3_bucket_versioning"]);
    expect(
      findingIds("RES002", (stack) => new RdsCluster(stack, "r", { engine: "aurora-postgresql", backupRetentionPeriod: 7, skipFinalSnapshot: true }), "prod"),
    ).toEqual(["final_snapshot"]);
    expect(
      findingIds(
        "RES002",
        (stack) => new ElasticacheReplicationGroup(stack, "r", { replicationGroupId: "r", description: "d", snapshotRetentionLimit: 7 }),
        "prod",
      ),
    ).toEqual(["final_snapshot_identifier"]);
  });

  it("RES001 names a missing prevent_destroy even when nothing set a lifecycle at all", () => {
    const stack = new TerraformStack(guardedStack("dev").node.root, "prod-bare");
    Aspects.of(stack).add(new PolicyAspect({ stage: "prod", requiredTags: [] }));
    expect(findingIds("RES001", (s) => new KmsKey(s, "r", { enableKeyRotation: true }), "prod", stack)).toEqual(["lifecycle.prevent_destroy"]);
  });

  it("TAG001 and IAM001 name the tags, the action or the managed policy", () => {
    const untagged = new TerraformStack(new App(), "dev-untagged");
    new AwsProvider(untagged, "aws", { region: "us-east-1" });
    applyGuardrails(untagged, { stage: "dev", requiredTags: ["Owner"] });
    expect(findingIds("TAG001", (stack) => new S3Bucket(stack, "r", {}), "dev", untagged)).toEqual(["tags"]);
    const document = (statement: DataAwsIamPolicyDocumentStatement[]) => (stack: TerraformStack) => new DataAwsIamPolicyDocument(stack, "r", { statement });
    expect(findingIds("IAM001", document([{ actions: ["*"], resources: ["*"] }]))).toEqual(["Action::*"]);
    expect(findingIds("IAM001", document([{ notActions: ["iam:*"], resources: ["*"] }]))).toEqual(["NotAction"]);
    expect(findingIds("IAM001", document([{ actions: ["s3:*", "kms:*"], resources: ["*"] }]))).toEqual(["Action::s3:*,kms:*"]);
    // Only a whole service wildcard counts: s3:*Object is a prefix.
    expect(findingIds("IAM001", document([{ actions: ["s3:*Object"], resources: ["*"] }]))).toEqual([]);
    expect(
      findingIds("IAM001", (stack) => new IamRolePolicyAttachment(stack, "r", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" })),
    ).toEqual(["Policy::AdministratorAccess"]);
  });

  it("IAM001 exempts the key-policy root statement only when every AWS principal is an account root", () => {
    const keyPolicy = (principals: { type: string; identifiers: string[] }[]) => (stack: TerraformStack) => {
      const document = new DataAwsIamPolicyDocument(stack, "r", { statement: [{ actions: ["kms:*"], resources: ["*"], principals }] });
      new KmsKey(stack, "key", { enableKeyRotation: true, policy: document.json });
    };
    expect(
      findingIds(
        "IAM001",
        keyPolicy([
          { type: "AWS", identifiers: [ROOT] },
          { type: "Service", identifiers: ["logs.amazonaws.com"] },
        ]),
      ),
    ).toEqual([]);
    for (const other of [`arn:aws:iam::${ACCOUNT}:user/admin`, `x${ROOT}`, `${ROOT}x`]) {
      expect(findingIds("IAM001", keyPolicy([{ type: "AWS", identifiers: [ROOT, other] }]))).toEqual(["Action::kms:*"]);
    }
    expect(
      findingIds(
        "IAM001",
        (stack) =>
          new KmsKey(stack, "r", { enableKeyRotation: true, policy: policy({ Effect: "Allow", Action: "kms:*", Resource: "*", Principal: { AWS: ROOT } }) }),
      ),
    ).toEqual([]);
  });

  it("IAM001 leaves an unparsable key policy alone", () => {
    expect(findingIds("IAM001", (stack) => new KmsKey(stack, "r", { enableKeyRotation: true, policy: "not JSON" }))).toEqual([]);
  });

  it("ENC001 takes only a whole KMS key or alias ARN as a literal key", () => {
    expect(isCustomerManagedKey(`x-arn:aws:kms:us-east-1:${ACCOUNT}:key/1234`)).toBe(false);
    expect(isCustomerManagedKey("x/alias/platform")).toBe(false);
  });
});
