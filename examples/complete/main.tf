# Two engines in one account, fitted into an existing estate: the platform team's own KMS key and SNS
# topic (created here, in the same root module), tags on everything, a role path and a permissions
# boundary on the engines' roles. One engine per user path, with `for_each`.
# This directory ships inside the module that `npm run export:hcl` writes (dist/terraform-module):
# run it from there, where `../..` is the module.

locals {
  engines = {
    # Every user under /people/; under /robots/ only users tagged key-lifecycle-robots:managed = true.
    people = { user_path_prefix = "/people/", mode = "report", scope = "all" }
    robots = { user_path_prefix = "/robots/", mode = "report", scope = "tagged" }
  }
}

# Read only when account_id is not given, so a plan can be reviewed without credentials.
data "aws_caller_identity" "current" {
  count = var.account_id == null ? 1 : 0
}

data "aws_partition" "current" {}

# The platform team's key: the engines encrypt their topic subscriptions, queues, logs, secrets and
# environment with it. Its policy is set below from the engines' statements (known at plan time).
resource "aws_kms_key" "platform" {
  description         = "Platform key shared by the IAM key lifecycle engines"
  enable_key_rotation = true
  tags                = var.tags
}

resource "aws_kms_key_policy" "platform" {
  key_id = aws_kms_key.platform.key_id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "AccountAdministersKeyThroughIam"
        Effect    = "Allow"
        Principal = { AWS = "${local.arn}:iam::${local.account}:root" }
        Action    = "kms:*"
        Resource  = "*"
      }],
      # What each engine needs from a key it does not own (README, "Bring-your-own KMS key policy").
      # One engine at a time, by key: a `for` over module.iam_key_lifecycle would depend on every output
      # of every engine, so this policy would wait for the engines, and the order below would be a cycle.
      jsondecode(module.iam_key_lifecycle["people"].kms_key_policy_statements_json),
      jsondecode(module.iam_key_lifecycle["robots"].kms_key_policy_statements_json),
    )
  })
}

# The key's ARN, given out only once its policy is set: everything encrypted with the key (the engines'
# log groups, queues, functions, tables, secrets, and the topic below) waits for the grant. CloudWatch Logs
# refuses to create a log group with a key whose policy does not yet let it in, so without this the first
# apply may fail.
resource "terraform_data" "platform_key_granted" {
  input      = aws_kms_key.platform.arn
  depends_on = [aws_kms_key_policy.platform]
}

# The platform team's alert topic: both engines publish to it.
resource "aws_sns_topic" "platform_alerts" {
  name              = "platform-alerts"
  kms_master_key_id = terraform_data.platform_key_granted.output
  tags              = var.tags
}

# Every role of the platform must carry this boundary: it admits what the engines call, on the
# resources they call it on, and nothing more.
locals {
  arn     = "arn:${data.aws_partition.current.partition}"
  account = var.account_id != null ? var.account_id : one(data.aws_caller_identity.current[*].account_id)
  region  = data.aws_region.current.id # `name` is deprecated in provider 6, `id` works on 5.100 and 6.x
}

data "aws_region" "current" {}

resource "aws_iam_policy" "engine_boundary" {
  name        = "iam-key-lifecycle-boundary"
  path        = "/platform/"
  description = "Permissions boundary of the IAM key lifecycle engines"
  tags        = var.tags
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "AccountLevelIamReports"
        Effect   = "Allow"
        Action   = ["iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:GetAccountAuthorizationDetails"]
        Resource = "*"
      },
      {
        Sid    = "UsersAndTheirKeys"
        Effect = "Allow"
        Action = [
          "iam:GetUser", "iam:ListGroupsForUser", "iam:ListUserTags", "iam:ListAccessKeys",
          "iam:GetAccessKeyLastUsed", "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:DeleteAccessKey",
          "iam:TagUser", "iam:UntagUser",
        ]
        Resource = "${local.arn}:iam::${local.account}:user/*"
      },
      {
        Sid      = "KeySecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:*"]
        Resource = "${local.arn}:secretsmanager:${local.region}:${local.account}:secret:iam-access-key/*"
      },
      {
        Sid    = "EngineResources"
        Effect = "Allow"
        Action = [
          "sns:Publish", "sqs:SendMessage", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey",
          "kms:GenerateMac", "kms:VerifyMac", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
          "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:Query", "logs:CreateLogStream",
          "logs:PutLogEvents",
        ]
        Resource = [
          aws_sns_topic.platform_alerts.arn,
          aws_kms_key.platform.arn,
          "${local.arn}:kms:${local.region}:${local.account}:key/*",
          "${local.arn}:sqs:${local.region}:${local.account}:key-lifecycle-*",
          "${local.arn}:dynamodb:${local.region}:${local.account}:table/key-lifecycle-*",
          "${local.arn}:logs:${local.region}:${local.account}:log-group:/aws/lambda/key-lifecycle-*",
        ]
      },
    ]
  })
}

module "iam_key_lifecycle" {
  source   = "../.."
  for_each = local.engines

  mode             = each.value.mode
  account_id       = local.account
  name_prefix      = "key-lifecycle-${each.key}"
  user_path_prefix = each.value.user_path_prefix
  scope            = each.value.scope
  secret_prefix    = "iam-access-key/${each.key}/"
  tag_prefix       = "key-lifecycle-${each.key}:"

  # Bring your own key and topic, created above in this root module (known only after apply).
  create_kms_key   = false
  kms_key_arn      = terraform_data.platform_key_granted.output
  create_sns_topic = false
  sns_topic_arn    = aws_sns_topic.platform_alerts.arn

  tags                 = var.tags
  role_path            = "/platform/"
  permissions_boundary = aws_iam_policy.engine_boundary.arn

  ops_emails = [var.ops_email]
}
