import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { OpensearchDomain, opensearchDomainClusterConfigZoneAwarenessConfigToTerraform } from "@cdktf/provider-aws/lib/opensearch-domain";
import { Construct } from "constructs";
import type { SearchConfig } from "../../config/schema/data";
import type { SearchRef } from "../../contracts";
import { atLeast, concatLists, fieldOf, firstItems, formatEach, isSet } from "../expressions/values";
import { optionalBlock } from "../expressions/optional";
import { AwsScope, accountRootArn, arn } from "../iam/arn";
import { SearchGrants } from "./grants";
import { sharedKeyLogGroup } from "./log-group";
import { DataSecurityGroup } from "./security-group";

export interface SearchDomainProps {
  /** e.g. `llm-platform-dev`; the domain is `<namePrefix>-search` (28 characters at most). */
  readonly namePrefix: string;
  readonly vpcId: string;
  /** Data subnets, one per zone; the domain uses the first `availabilityZoneCount`. */
  readonly subnetIds: string[];
  /** Encrypts data at rest. */
  readonly kmsKeyArn: string;
  /** Encrypts the slow, error and audit log groups. */
  readonly logsKmsKeyArn: string;
  /** Version, nodes, zones, masters and TLS policy; defaults are those of the `data.search` schema. */
  readonly settings: SearchConfig;
  /**
   * IAM role names (this account) that may assume the admin role: the
   * platform's role-mapping job and named operators. Nothing else may, the
   * account root included. May be a list token.
   */
  readonly adminRoleNames: string[];
}

/** Log types the domain publishes, by the file-name suffix of their log group. */
export const SEARCH_LOG_TYPES = {
  "index-slow": "INDEX_SLOW_LOGS",
  "search-slow": "SEARCH_SLOW_LOGS",
  application: "ES_APPLICATION_LOGS",
  audit: "AUDIT_LOGS",
} as const;

/**
 * An OpenSearch domain in the data subnets: gp3 storage, encryption at rest with
 * the CMK, node-to-node encryption, HTTPS only with a TLS 1.2+ policy, and
 * fine-grained access control whose master is an IAM role (no internal users,
 * no passwords). The access policy admits only that role and the named client
 * roles. Zone awareness and dedicated masters follow the settings. Slow, error
 * and audit logs go to encrypted log groups that only this domain may write to.
 */
export class SearchDomain extends Construct {
  readonly securityGroup: DataSecurityGroup;
  readonly domain: OpensearchDomain;
  /** The fine-grained access control master; assumable only by the roles named in `adminRoleNames`. */
  readonly adminRole: IamRole;
  readonly domainName: string;
  readonly port = 443;

  constructor(scope: Construct, id: string, props: SearchDomainProps) {
    super(scope, id);
    const { settings, namePrefix } = props;
    const account = AwsScope.of(this);
    this.domainName = `${namePrefix}-search`;
    const domainArn = arn(account, "es", `domain/${this.domainName}`);
    this.securityGroup = new DataSecurityGroup(this, "security-group", {
      vpcId: props.vpcId,
      name: this.domainName,
      service: "search",
      port: this.port,
    });

    const roleArn = (role: string) => arn(account, "iam", `role/${role}`, "");
    // The account as principal delegates to IAM policies; the condition narrows it to the named roles.
    const adminTrust = new DataAwsIamPolicyDocument(this, "admin-trust", {
      statement: [
        {
          sid: "NamedRolesOnly",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "AWS", identifiers: [accountRootArn(account)] }],
          condition: [{ test: "ArnEquals", variable: "aws:PrincipalArn", values: formatEach(props.adminRoleNames, roleArn) }],
        },
      ],
    });
    this.adminRole = new IamRole(this, "admin-role", {
      name: `${this.domainName}-admin`,
      description: `Fine-grained access control master of ${this.domainName}`,
      assumeRolePolicy: adminTrust.json,
    });

    const logGroups = Object.entries(SEARCH_LOG_TYPES).map(([suffix, logType]) => ({
      logType,
      group: sharedKeyLogGroup(this, `log-group-${suffix}`, {
        name: `/aws/opensearch/${this.domainName}/${suffix}`,
        kmsKeyArn: props.logsKmsKeyArn,
        retentionDays: settings.logRetentionDays,
      }),
    }));
    const logPolicy = new DataAwsIamPolicyDocument(this, "log-policy-document", {
      statement: [
        {
          sid: "OpenSearchWritesItsLogs",
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          principals: [{ type: "Service", identifiers: ["es.amazonaws.com"] }],
          resources: logGroups.map(({ group }) => `${group.arn}:*`),
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [domainArn] },
          ],
        },
      ],
    });
    const logResourcePolicy = new CloudwatchLogResourcePolicy(this, "log-policy", {
      policyName: `${this.domainName}-logs`,
      policyDocument: logPolicy.json,
    });

    const clientRoleArns = formatEach(settings.clientRoleNames, roleArn);
    const accessPolicy = new DataAwsIamPolicyDocument(this, "access-policy", {
      statement: [
        {
          sid: "NamedRolesOnly",
          effect: "Allow",
          actions: ["es:ESHttp*"],
          principals: [{ type: "AWS", identifiers: [accountRootArn(account)] }],
          resources: [`${domainArn}/*`],
          condition: [{ test: "ArnEquals", variable: "aws:PrincipalArn", values: concatLists([this.adminRole.arn], clientRoleArns) }],
        },
      ],
    });

    const zones = settings.availabilityZoneCount;
    const zoneAware = atLeast(zones, 2);
    const zoneAwareness = () => ({ availabilityZoneCount: zones });
    const masters = settings.dedicatedMasters;
    this.domain = new OpensearchDomain(this, "domain", {
      domainName: this.domainName,
      engineVersion: settings.engineVersion,
      clusterConfig: {
        instanceType: settings.instanceType,
        instanceCount: settings.instanceCount,
        zoneAwarenessEnabled: zoneAware,
        dedicatedMasterEnabled: isSet(masters),
        dedicatedMasterType: fieldOf(masters, "instanceType"),
        dedicatedMasterCount: fieldOf(masters, "count"),
      },
      ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: settings.volumeSizeGb },
      encryptAtRest: { enabled: true, kmsKeyId: props.kmsKeyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: settings.tlsSecurityPolicy },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: this.adminRole.arn },
      },
      vpcOptions: { subnetIds: firstItems(props.subnetIds, zones), securityGroupIds: [this.securityGroup.securityGroup.id] },
      logPublishingOptions: logGroups.map(({ logType, group }) => ({
        logType,
        cloudwatchLogGroupArn: group.arn,
        enabled: true,
      })),
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      accessPolicies: accessPolicy.json,
      dependsOn: [logResourcePolicy],
    });
    const clusterConfig = this.domain.clusterConfig;
    optionalBlock(this.domain, zoneAware, zoneAwareness, {
      put: (block) => clusterConfig.putZoneAwarenessConfig(block),
      blockType: "cluster_config.zone_awareness_config",
      toTerraform: opensearchDomainClusterConfigZoneAwarenessConfigToTerraform,
    });
  }

  /** What grants and other layers need: the domain's ARN. */
  get ref(): SearchRef {
    return { domainArn: this.domain.arn };
  }

  /** Grants: HTTP methods on index patterns. */
  get grants(): SearchGrants {
    return new SearchGrants(this.ref);
  }

  /** HTTPS endpoint host name. */
  get endpoint(): string {
    return this.domain.endpoint;
  }
}
