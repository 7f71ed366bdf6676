locals {
  name_prefix = "llm-platform-${var.environment}"
  vpc_cidr    = "10.50.0.0/16"
  zones       = ["${var.region}a", "${var.region}b"]
  # The network module's private (node) subnet of each zone, as it derives them.
  private_subnet_cidrs = {
    for zone in local.zones :
    zone => cidrsubnet(cidrsubnet(local.vpc_cidr, 1, 0), 3, index(["a", "b", "c", "d", "e", "f", "g", "h"], substr(zone, -1, 1)))
  }
}

# Local sources, to validate against this checkout. From another repository, pin a version
# (docs/modules.md, "Versions and releases"): from the private registry
#   source  = "app.terraform.io/<organization>/network/aws"
#   version = "~> 1.0"
# or, without the registry, a git tag of this repository:
#   source = "git::https://github.com/<owner>/<repository>.git//modules/network?ref=modules/network/v1.0.0"
module "network" {
  source = "../../modules/network"

  name_prefix        = local.name_prefix
  vpc_cidr           = local.vpc_cidr
  availability_zones = local.zones
  nat_gateways       = "single"
  interface_endpoints = [
    "ecr.api",
    "ecr.dkr",
    "secretsmanager",
    "sts",
  ]
}

module "chats_table" {
  source = "../../modules/dynamodb-table"

  table_name    = "${local.name_prefix}-chats"
  partition_key = "conversation_id"
  sort_key      = "created_at"
  attributes = {
    conversation_id = "S"
    created_at      = "N"
    user_id         = "S"
  }
  global_secondary_indexes = {
    "user-id-index" = { partition_key = "user_id", sort_key = "created_at" }
  }
  ttl_attribute = "expires_at"
  stream        = "NEW_AND_OLD_IMAGES"
}

module "postgres" {
  source = "../../modules/postgres"

  name_prefix         = local.name_prefix
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.data_subnet_ids
  availability_zones  = module.network.availability_zones
  engine_version      = "16.6"
  serverless_capacity = { min_acu = 0.5, max_acu = 8 }
  readers             = 1
}

module "cache" {
  source = "../../modules/cache"

  name_prefix    = local.name_prefix
  vpc_id         = module.network.vpc_id
  subnet_ids     = module.network.data_subnet_ids
  engine_version = "8.0"
  node_type      = "cache.t4g.small"
}

module "waf" {
  source = "../../modules/waf"

  name       = local.name_prefix
  rate_limit = 2000
  admin_allow_list = {
    path_prefixes = ["/admin"]
    cidrs         = ["203.0.113.0/24"]
  }
}

# Clients are admitted explicitly; here, anything in the private (node) subnets.
resource "aws_vpc_security_group_ingress_rule" "postgres_from_private_subnets" {
  for_each = local.private_subnet_cidrs

  security_group_id = module.postgres.security_group_id
  description       = "PostgreSQL from the private subnet in ${each.key}"
  ip_protocol       = "tcp"
  from_port         = module.postgres.port
  to_port           = module.postgres.port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "cache_from_private_subnets" {
  for_each = local.private_subnet_cidrs

  security_group_id = module.cache.security_group_id
  description       = "Cache (TLS) from the private subnet in ${each.key}"
  ip_protocol       = "tcp"
  from_port         = module.cache.port
  to_port           = module.cache.port
  cidr_ipv4         = each.value
}
