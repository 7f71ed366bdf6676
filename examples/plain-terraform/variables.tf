variable "account_id" {
  description = "The one AWS account this environment may be applied to."
  type        = string
}

variable "region" {
  description = "AWS region of the environment."
  type        = string
  default     = "us-east-1"
}

variable "environment" {
  description = "Environment name, part of every resource name."
  type        = string
  default     = "sandbox"
}
