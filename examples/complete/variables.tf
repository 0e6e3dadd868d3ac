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
