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

output "chats_table_arn" {
  description = "For the application's IAM policy."
  value       = module.chats_table.table_arn
}

output "database_endpoint" {
  description = "PostgreSQL writer endpoint."
  value       = module.postgres.endpoint
}

output "database_master_secret_arn" {
  description = "Where RDS keeps the master credentials."
  value       = module.postgres.master_secret_arn
}

output "cache_endpoint" {
  description = "Cache primary endpoint (TLS, IAM authentication)."
  value       = module.cache.primary_endpoint
}

output "cache_user_name" {
  description = "Cache user the application connects as with an IAM auth token."
  value       = module.cache.application_user_name
}

output "web_acl_arn" {
  description = "For the ingress annotation alb.ingress.kubernetes.io/wafv2-acl-arn."
  value       = module.waf.web_acl_arn
}
