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

# Further modules (postgres, cache, search, ...) take their subnets and VPC from here,
# e.g. subnet_ids = module.network.data_subnet_ids.
