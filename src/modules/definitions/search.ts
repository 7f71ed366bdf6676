import { SEARCH_ENGINE_VERSIONS, SEARCH_INSTANCE_FAMILIES, SEARCH_TLS_POLICIES, SearchConfig } from "../../config/schema/data";
import { LOG_RETENTION_DAYS } from "../../config/schema/primitives";
import { SEARCH_LOG_TYPES, SearchDomain } from "../../constructs/data/search";
import { serviceKeys } from "../keys";
import { defineModule } from "../definition";
import { instanceType, namePrefix, oneOf, optional, subnetIds, unique, vpcId, wholeNumber } from "../validation";

/** OpenSearch domain names are at most 28 characters; the module's is `<name_prefix>-search`. */
const MAX_PREFIX = 28 - "-search".length;

export default defineModule({
  name: "search",
  purpose: `
An OpenSearch domain in your data subnets: gp3 storage, encryption at rest with the
module's own customer-managed KMS key, node-to-node encryption, HTTPS only with a
TLS 1.2+ policy, and fine-grained access control whose master is an IAM role (no
internal users, no passwords). The access policy admits only that admin role and the
client roles you name. Slow, application and audit logs
(${Object.keys(SEARCH_LOG_TYPES).join(", ")}) go to log groups encrypted with a
second key, which only this domain may write to.

Data nodes spread over \`availability_zone_count\` zones (the domain uses the first
that many of \`subnet_ids\`); dedicated masters are optional. The security group has
no rules: admit clients on port 443 with \`aws_vpc_security_group_ingress_rule\` on
\`security_group_id\`.

Stays in TypeScript: the stage rules (prod needs 3 zones and dedicated masters) and
the CloudWatch alarms. The module defaults to 2 zones.`,
  variables: {
    name_prefix: {
      type: "string",
      description: `Prefix of every name; the domain is \`<name_prefix>-search\` (OpenSearch allows 28 characters, so at most ${MAX_PREFIX}).`,
      validation: namePrefix("name_prefix", MAX_PREFIX),
      example: '"acme-dev"',
    },
    vpc_id: { type: "string", description: "VPC of the data subnets.", validation: [vpcId("vpc_id")], example: '"vpc-0123456789abcdef0"' },
    subnet_ids: {
      rules: "Subnet ids, at least availability_zone_count of them.",
      type: "list(string)",
      description: "Data subnets, one per zone; the domain uses the first `availability_zone_count`.",
      validation: [
        ...subnetIds("subnet_ids", 1, "the domain needs a subnet per zone it uses"),
        {
          condition: "length(var.subnet_ids) >= var.availability_zone_count",
          errorMessage: "subnet_ids needs at least availability_zone_count subnets, one per zone.",
          rejects: '["subnet-0123456789abcdef0"]',
        },
      ],
      example: '["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]',
    },
    engine_version: {
      type: "string",
      description: "Pinned OpenSearch version.",
      validation: [oneOf("engine_version", SEARCH_ENGINE_VERSIONS)],
      example: '"OpenSearch_2.19"',
    },
    instance_type: {
      type: "string",
      description: "Data node type.",
      validation: [instanceType("instance_type", "", SEARCH_INSTANCE_FAMILIES, ".search")],
      example: '"t3.small.search"',
    },
    instance_count: {
      rules: "A whole number from 1 to 80, a multiple of availability_zone_count.",
      type: "number",
      description: "Data nodes; a multiple of `availability_zone_count`.",
      validation: [
        wholeNumber("instance_count", 1, 80),
        {
          condition: "var.instance_count % var.availability_zone_count == 0",
          errorMessage: "instance_count must be a multiple of availability_zone_count so every zone holds the same number of nodes.",
          rejects: "3",
        },
      ],
      example: "2",
    },
    availability_zone_count: {
      type: "number",
      description: "Zones the data nodes spread over: 1 (no zone awareness), 2 or 3.",
      default: 2,
      validation: [oneOf("availability_zone_count", [1, 2, 3])],
    },
    dedicated_masters: {
      type: "object({ instance_type = string, count = optional(number, 3) })",
      description: "Dedicated master nodes (3 or 5). `null`: the data nodes elect a master.",
      default: null,
      validation: [
        optional("dedicated_masters", {
          condition: `can(regex("^(${SEARCH_INSTANCE_FAMILIES.join("|")})\\\\.[a-z0-9]+\\\\.search$", var.dedicated_masters.instance_type)) && contains([3, 5], var.dedicated_masters.count)`,
          errorMessage: `dedicated_masters needs an instance_type like ${SEARCH_INSTANCE_FAMILIES[0]}.large.search (families: ${SEARCH_INSTANCE_FAMILIES.join(", ")}) and a count of 3 or 5.`,
          rejects: '{ instance_type = "m7g.large.search", count = 4 }',
        }),
      ],
    },
    volume_size_gb: { type: "number", description: "gp3 volume per data node, GiB.", default: 20, validation: [wholeNumber("volume_size_gb", 10, 24576)] },
    tls_security_policy: {
      type: "string",
      description: "TLS policy of the HTTPS endpoint; both allowed policies require TLS 1.2 or newer.",
      default: SEARCH_TLS_POLICIES[0],
      validation: [oneOf("tls_security_policy", SEARCH_TLS_POLICIES)],
    },
    client_role_names: {
      type: "list(string)",
      description: "IAM role names in this account that may call the domain besides its admin role; map them to OpenSearch roles with fine-grained access control.",
      default: [],
      validation: [
        {
          condition: 'alltrue([for role in var.client_role_names : can(regex("^[\\\\w+=,.@-]{1,64}$", role))])',
          errorMessage: "Every entry of client_role_names must be an IAM role name (1-64 letters, digits and +=,.@_-).",
          rejects: '["role/with/slashes"]',
        },
        unique("client_role_names", "client role", '["app", "app"]'),
      ],
    },
    admin_role_names: {
      type: "list(string)",
      description:
        "IAM role names in this account that may assume the domain's admin (fine-grained access control master) role; no other principal may, the account root included.",
      validation: [
        {
          condition: 'length(var.admin_role_names) > 0 && alltrue([for role in var.admin_role_names : can(regex("^[\\\\w+=,.@-]{1,64}$", role))])',
          errorMessage: "admin_role_names must name at least one IAM role, each 1-64 letters, digits and +=,.@_-.",
          rejects: "[]",
        },
        unique("admin_role_names", "admin role", '["ops", "ops"]'),
      ],
      example: '["acme-dev-search-operators"]',
    },
    log_retention_days: { type: "number", description: "Slow, application and audit log retention in CloudWatch.", default: 365, validation: [oneOf("log_retention_days", LOG_RETENTION_DAYS)] },
  },
  build(scope, inputs) {
    const prefix = inputs.name_prefix.stringValue;
    const name = `${prefix}-search`;
    const { key, logsKey } = serviceKeys(scope, {
      name,
      data: { id: "search", alias: "data", description: `OpenSearch ${name}: data at rest` },
      logsDescription: `Slow, application and audit logs of OpenSearch ${name}`,
      logsSid: "CloudWatchLogsOfThisDomain",
      logGroupPrefix: `/aws/opensearch/${name}/`,
    });
    const settings: SearchConfig = {
      engineVersion: inputs.engine_version.stringValue as SearchConfig["engineVersion"],
      instanceType: inputs.instance_type.stringValue,
      instanceCount: inputs.instance_count.numberValue,
      availabilityZoneCount: inputs.availability_zone_count.numberValue as SearchConfig["availabilityZoneCount"],
      dedicatedMasters: inputs.dedicated_masters.value as SearchConfig["dedicatedMasters"],
      volumeSizeGb: inputs.volume_size_gb.numberValue,
      tlsSecurityPolicy: inputs.tls_security_policy.stringValue as SearchConfig["tlsSecurityPolicy"],
      clientRoleNames: inputs.client_role_names.listValue,
      // Role mappings are made by whoever assumes the admin role; the module creates none.
      clientAccess: {},
      adminRoleNames: inputs.admin_role_names.listValue,
      logRetentionDays: inputs.log_retention_days.numberValue as SearchConfig["logRetentionDays"],
    };
    const search = new SearchDomain(scope, "search", {
      namePrefix: prefix,
      vpcId: inputs.vpc_id.stringValue,
      subnetIds: inputs.subnet_ids.listValue,
      kmsKeyArn: key.arn,
      logsKmsKeyArn: logsKey.arn,
      settings,
      adminRoleNames: inputs.admin_role_names.listValue,
    });
    return {
      endpoint: { value: search.endpoint, description: "HTTPS endpoint host name of the domain" },
      port: { value: search.port, description: "Port clients connect to (HTTPS)" },
      domain_name: { value: search.domain.domainName, description: "Domain name, the DomainName metric dimension" },
      domain_arn: { value: search.domain.arn, description: "Domain ARN; client roles need es:ESHttp* on <domain_arn>/*" },
      admin_role_arn: { value: search.adminRole.arn, description: "Fine-grained access control master role; assumable only by the roles of admin_role_names" },
      security_group_id: { value: search.securityGroup.securityGroup.id, description: "Security group of the domain; add ingress rules on 443 for its clients" },
      kms_key_arn: { value: key.arn, description: "KMS key of data at rest" },
    };
  },
});
