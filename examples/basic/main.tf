# The smallest deployment of the exported module: report mode, one ops address, one owner.
# This directory ships inside the module that `npm run export:hcl` writes (dist/terraform-module):
# run it from there, where `../..` is the module. In your own stack, point `source` at wherever you
# keep the module (a registry, a git tag or a vendored copy).

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
  source = "../.."

  # Start in report mode: the engine computes and reports its plan, and changes nothing.
  mode          = "report"
  account_id    = var.account_id
  rotation_days = var.rotation_days
  ops_emails    = [var.ops_email]
  owners = [
    { user_name = var.owner_user_name, email = var.owner_email },
  ]
}
