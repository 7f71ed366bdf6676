# A root module written the way a plain Terraform team would: it owns the backend and
# the provider configuration, and composes the generated modules from ../../modules.
terraform {
  required_version = ">= 1.11" # the modules' minimum; pin the version your team runs

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }

  backend "s3" {
    bucket       = "acme-terraform-state"
    key          = "llm-platform/sandbox/terraform.tfstate"
    region       = "us-east-1"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      Project     = "llm-platform"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}
