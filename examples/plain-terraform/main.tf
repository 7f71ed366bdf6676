locals {
  name_prefix = "llm-platform-${var.environment}"
}

module "network" {
  source = "../../modules/network"

  name_prefix        = local.name_prefix
  vpc_cidr           = "10.50.0.0/16"
  availability_zones = ["${var.region}a", "${var.region}b"]
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
  availability_zones  = ["${var.region}a", "${var.region}b"]
  engine_version      = "16.6"
  serverless_capacity = { min_acu = 0.5, max_acu = 8 }
  readers             = 1
}

# Clients are admitted explicitly; here, anything in the private (node) subnets.
resource "aws_vpc_security_group_ingress_rule" "postgres_from_private_subnets" {
  for_each = toset(["${var.region}a", "${var.region}b"])

  security_group_id = module.postgres.security_group_id
  description       = "PostgreSQL from the private subnet in ${each.key}"
  ip_protocol       = "tcp"
  from_port         = module.postgres.port
  to_port           = module.postgres.port
  cidr_ipv4         = cidrsubnet(cidrsubnet("10.50.0.0/16", 1, 0), 3, index(["a", "b", "c", "d", "e", "f", "g", "h"], substr(each.key, -1, 1)))
}
