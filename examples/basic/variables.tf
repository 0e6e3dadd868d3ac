variable "region" {
  description = "AWS region to deploy the engine in (us-east-1 if you later enable the CloudTrail trigger)."
  type        = string
  default     = "eu-west-1"
}

variable "ops_email" {
  description = "Address that receives every notification (ops or security team)."
  type        = string
  default     = "security@example.com"
}

variable "owner_user_name" {
  description = "IAM user whose owner is told about that user's keys only."
  type        = string
  default     = "ci-deploy"
}

variable "owner_email" {
  description = "Address of that user's owner."
  type        = string
  default     = "platform@example.com"
}

variable "rotation_days" {
  description = "Active keys this many days old are due for rotation; the module validates the value."
  type        = number
  default     = 90
}

variable "account_id" {
  description = "Account the engine deploys to. Null reads it from STS at plan time; set it to plan without credentials (README, \"Reviewing a plan without credentials\")."
  type        = string
  default     = null
}
