# Uses the exported module from an HCL root module. Run `npm run export:hcl` first: it writes
# dist/terraform-module (variables, outputs, resources and the engine's handler.zip).

terraform {
  required_version = ">= 1.9.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 7.0.0"
    }
  }
}

provider "aws" {
  region = var.region
}

module "iam_key_lifecycle" {
  source = "../../dist/terraform-module"

  # Start in report mode: the engine computes and reports its plan, and changes nothing.
  mode          = "report"
  rotation_days = var.rotation_days
  ops_emails    = [var.ops_email]
  owners = [
    { user_name = var.owner_user_name, email = var.owner_email },
  ]
}
