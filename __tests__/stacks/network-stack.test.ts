import { Testing } from "cdktf";
import { BACKEND_ENV_VAR, backendModeFromEnv, localStatePath } from "../../src/stacks/backend";
import { NetworkStack } from "../../src/stacks/network-stack";
import { pinnedTerraformVersion } from "../../src/terraform-version";
import { configOf } from "../support/environments";
import { SynthesizedStack, resourcesOf, synthStack } from "../support/synth";

const committed = new Map<string, SynthesizedStack>();
/** The synthesized network stack; a committed (unpatched) environment is synthesized once per file and backend. */
function synthNetwork(name: "dev" | "staging" | "prod", backend?: "cloud" | "local", patch?: unknown): SynthesizedStack {
  const synth = () => synthStack(new NetworkStack(Testing.app(), { env: configOf(name, patch ?? {}), backend }));
  if (patch !== undefined) return synth();
  const key = `${name}/${backend ?? "default"}`;
  if (!committed.has(key)) committed.set(key, synth());
  return committed.get(key)!;
}

describe("NetworkStack", () => {
  it.each(["dev", "staging", "prod"] as const)("%s names its own Terraform Cloud workspace", (name) => {
    const json = synthNetwork(name);
    expect(json.terraform.cloud).toEqual({
      hostname: "app.terraform.io",
      organization: "acme-llm",
      workspaces: { name: `llm-platform-${name}-network`, project: "llm-platform" },
    });
    expect(json.terraform.backend).toBeUndefined();
  });

  it("switches to a local backend outside Terraform Cloud", () => {
    const json = synthNetwork("dev", "local");
    expect(json.terraform.cloud).toBeUndefined();
    expect(json.terraform.backend).toEqual({ local: { path: localStatePath({ name: "dev" }, "network") } });
    expect(localStatePath({ name: "dev" }, "network")).toBe("../../../terraform-state/dev-network.tfstate");
  });

  it("bounds its roles by the bootstrap's boundary on Terraform Cloud, and not on a local try-out", () => {
    const boundaries = (backend: "cloud" | "local") =>
      Object.values(resourcesOf(synthNetwork("dev", backend), "aws_iam_role")).map((role) => role.permissions_boundary);
    expect(new Set(boundaries("cloud"))).toEqual(new Set(["arn:aws:iam::111111111111:policy/terraform-cloud/llm-platform-dev-run-boundary"]));
    expect(boundaries("local")).toEqual([undefined]);
  });

  describe("Terraform Cloud agents", () => {
    const prod = synthNetwork("prod");
    const at = (type: string, path: string) => resourcesOf(prod, type)[`terraform-cloud-agents/${path}`];

    it("runs them on Fargate in the private subnets, without a public address or any ingress", () => {
      const service = at("aws_ecs_service", "service");
      expect(service).toMatchObject({ name: "llm-platform-prod-tfc-agents", launch_type: "FARGATE", desired_count: 1 });
      expect(service.network_configuration.assign_public_ip).toBe(false);
      expect(JSON.stringify(service.network_configuration.subnets)).toContain("network_subnet-private-");
      expect(JSON.stringify(service.network_configuration.subnets)).not.toContain("subnet-public");
      expect(resourcesOf(prod, "aws_vpc_security_group_ingress_rule")["terraform-cloud-agents/https-out"]).toBeUndefined();
      expect(at("aws_vpc_security_group_egress_rule", "https-out")).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443 });
    });

    it("gives them their token from Secrets Manager at task start, never through state or config", () => {
      const [container] = JSON.parse(at("aws_ecs_task_definition", "task").container_definitions);
      expect(container.image).toMatch(/^hashicorp\/tfc-agent:\d+\.\d+\.\d+$/);
      expect(container.secrets).toEqual([{ name: "TFC_AGENT_TOKEN", valueFrom: "tfc-agent/llm-platform-prod" }]);
      expect(JSON.stringify(container.environment)).not.toContain("TFC_AGENT_TOKEN");
      expect(resourcesOf(prod, "aws_secretsmanager_secret_version")).toEqual({});
      const permissions = Object.entries(prod.data!.aws_iam_policy_document).find(([id]) =>
        id.startsWith("terraform-cloud-agents_execution-role_permissions"),
      )![1];
      expect(permissions.statement[0]).toMatchObject({
        actions: ["secretsmanager:GetSecretValue"],
        resources: ["arn:aws:secretsmanager:us-east-1:333333333333:secret:tfc-agent/llm-platform-prod-*"],
      });
    });

    it("sizes them from the environment's config, whose schema checks Fargate's pairs", () => {
      const sized = synthNetwork("dev", "cloud", { terraformCloud: { agents: { count: 2, cpu: 2048, memoryMiB: 8192 } } });
      expect(resourcesOf(sized, "aws_ecs_service")["terraform-cloud-agents/service"].desired_count).toBe(2);
      expect(resourcesOf(sized, "aws_ecs_task_definition")["terraform-cloud-agents/task"]).toMatchObject({ cpu: "2048", memory: "8192" });
      expect(() => synthNetwork("dev", "cloud", { terraformCloud: { agents: { cpu: 512, memoryMiB: 8192 } } })).toThrow(
        /terraformCloud\.agents\.memoryMiB.*Fargate allows 1024-4096 MiB with 512 CPU units/s,
      );
      expect(resourcesOf(synthNetwork("dev", "local"), "aws_ecs_service")).toEqual({});
    });
  });

  it("pins the AWS provider to the environment's account and region, with default tags", () => {
    const [aws] = synthNetwork("prod").provider!.aws;
    expect(aws.region).toBe("us-east-1");
    expect(aws.allowed_account_ids).toEqual(["333333333333"]);
    expect(aws.default_tags).toEqual([
      {
        tags: {
          Project: "llm-platform",
          Environment: "prod",
          ManagedBy: "cdktf",
          Owner: "platform-team",
          CostCenter: "llm-prod",
          Layer: "network",
        },
      },
    ]);
  });

  it("adds extra tags without letting them replace the standard ones", () => {
    const [aws] = synthNetwork("dev", "cloud", { tags: { extra: { DataClassification: "internal" } } }).provider!.aws;
    expect(aws.default_tags[0].tags).toMatchObject({ DataClassification: "internal", Environment: "dev" });
  });

  it("requires the Terraform minor release pinned in .terraform-version", () => {
    const [major, minor] = pinnedTerraformVersion().split(".");
    expect(synthNetwork("dev").terraform.required_version).toBe(`~> ${pinnedTerraformVersion()}`);
    expect(pinnedTerraformVersion()).toMatch(new RegExp(`^${major}\\.${minor}\\.\\d+$`));
  });

  it("differs per environment: one NAT in dev and staging, one per zone in prod", () => {
    expect(Object.keys(resourcesOf(synthNetwork("dev"), "aws_nat_gateway"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(synthNetwork("staging"), "aws_nat_gateway"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(synthNetwork("prod"), "aws_nat_gateway"))).toHaveLength(3);
  });

  it("follows each environment's zones and endpoints", () => {
    const dev = synthNetwork("dev", "cloud", { network: { availabilityZones: ["us-east-1a", "us-east-1b"] } });
    expect(Object.keys(resourcesOf(dev, "aws_subnet"))).toHaveLength(6);
    const prodEndpoints = Object.keys(resourcesOf(synthNetwork("prod"), "aws_vpc_endpoint"));
    expect(prodEndpoints).toContain("network/endpoints/interface-ecrdkr");
    expect(prodEndpoints).not.toContain("network/endpoints/interface-bedrock-runtime");
    expect(prodEndpoints).toHaveLength(2 + 6);
  });

  it("exports what the layers above need", () => {
    const outputs = synthNetwork("staging").output!;
    expect(Object.keys(outputs).sort()).toEqual(
      [
        "data_route_table_id",
        "data_subnet_ids",
        "gateway_endpoint_ids",
        "interface_endpoint_ids",
        "nat_public_ips",
        "private_route_table_ids",
        "private_subnet_ids",
        "public_route_table_id",
        "public_subnet_ids",
        "vpc_cidr",
        "vpc_id",
      ].sort(),
    );
    expect(outputs.data_subnet_ids.value).toHaveLength(3);
    expect(outputs.vpc_id.description).toBeTruthy();
  });
});

describe("backend switch", () => {
  it("defaults to Terraform Cloud", () => {
    expect(backendModeFromEnv({})).toBe("cloud");
    expect(backendModeFromEnv({ [BACKEND_ENV_VAR]: "local" })).toBe("local");
  });

  it("rejects an unknown mode with the allowed values", () => {
    expect(() => backendModeFromEnv({ [BACKEND_ENV_VAR]: "s3" })).toThrow('LLM_PLATFORM_BACKEND="s3" is not a backend mode; allowed: cloud, local');
  });
});

describe("VPC endpoint policies", () => {
  const endpoints = resourcesOf(synthNetwork("prod"), "aws_vpc_endpoint") as Record<string, { policy?: string; service_name: string }>;
  const policyOf = (path: string) => JSON.parse(endpoints[path].policy!);
  const prodAccount = configOf("prod").aws.accountId;

  it("gives every endpoint a policy", () => {
    for (const [path, endpoint] of Object.entries(endpoints)) {
      expect([path, typeof endpoint.policy]).toEqual([path, "string"]);
    }
  });

  it("admits only this account's principals, on the service's own actions, and its own resources where the service allows it", () => {
    const secrets = policyOf("network/endpoints/interface-secretsmanager").Statement;
    expect(secrets).toEqual([
      expect.objectContaining({
        Action: "secretsmanager:*",
        Condition: { StringEquals: { "aws:PrincipalAccount": prodAccount, "aws:ResourceAccount": prodAccount } },
      }),
    ]);
    // ECR: the EKS add-on images live in AWS's registries, so only the principal is conditioned.
    expect(policyOf("network/endpoints/interface-ecrdkr").Statement).toEqual([
      expect.objectContaining({ Action: "ecr:*", Condition: { StringEquals: { "aws:PrincipalAccount": prodAccount } } }),
    ]);
  });

  it("lets IRSA's unsigned AssumeRoleWithWebIdentity through STS only into this account's roles", () => {
    const sts = policyOf("network/endpoints/interface-sts").Statement;
    expect(sts).toContainEqual(expect.objectContaining({ Action: "sts:AssumeRoleWithWebIdentity", Resource: `arn:aws:iam::${prodAccount}:role/*` }));
  });

  it("limits S3 to the platform's buckets and the AWS-owned buckets nodes read, DynamoDB to the account's tables", () => {
    const s3 = policyOf("network/endpoints/gateway-s3").Statement;
    expect(s3.map((statement: { Resource: string[] }) => statement.Resource)).toEqual([
      [`arn:aws:s3:::llm-platform-prod-*-${prodAccount}`, `arn:aws:s3:::llm-platform-prod-*-${prodAccount}/*`],
      ["arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*", "arn:aws:s3:::al2023-repos-us-east-1-*/*"],
    ]);
    expect(s3[1].Action).toBe("s3:GetObject");
    const dynamodb = policyOf("network/endpoints/gateway-dynamodb").Statement;
    expect(dynamodb).toEqual([expect.objectContaining({ Resource: `arn:aws:dynamodb:us-east-1:${prodAccount}:table/*` })]);
  });
});
