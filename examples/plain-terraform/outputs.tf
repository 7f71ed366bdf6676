output "vpc_id" {
  description = "VPC of the environment."
  value       = module.network.vpc_id
}

output "private_subnet_ids" {
  description = "Subnets for EKS nodes."
  value       = module.network.private_subnet_ids
}

output "data_subnet_ids" {
  description = "Subnets for databases, caches and search."
  value       = module.network.data_subnet_ids
}

output "nat_public_ips" {
  description = "Egress addresses to allow-list at outside services."
  value       = module.network.nat_public_ips
}
