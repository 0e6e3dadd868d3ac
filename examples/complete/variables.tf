variable "region" {
  description = "AWS region of the engines, the platform key and the platform topic."
  type        = string
  default     = "eu-west-1"
}

variable "ops_email" {
  description = "Address that receives every notification of both engines."
  type        = string
  default     = "security@example.com"
}

variable "tags" {
  description = "Tags of every resource this example creates, the engines' included."
  type        = map(string)
  default = {
    team        = "platform-security"
    cost-center = "1234"
  }
}

variable "account_id" {
  description = "Account the engines deploy to. Null reads it from STS at plan time; set it to plan without credentials (README, \"Reviewing a plan without credentials\")."
  type        = string
  default     = null
}
