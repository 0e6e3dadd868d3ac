# Lists keyed for_each by stable keys, tags on every taggable resource, and validations that fail the
# plan with a message naming the input, the value and the fix.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_region" {
    defaults = { name = "us-east-1", id = "us-east-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
}

variables {
  mode       = "enforce"
  account_id = "123456789012"
}

run "lists_become_for_each_by_stable_keys" {
  command = plan
  variables {
    managed_secret_users = [{ user_name = "alice" }, { user_name = "svc-ci", path = "/service/" }]
    ops_emails           = ["ops@example.com", "security@example.com"]
    owners               = [{ user_name = "alice", email = "alice@example.com" }]
  }

  assert {
    condition     = keys(aws_secretsmanager_secret.secret) == ["alice", "svc-ci"] && aws_secretsmanager_secret.secret["alice"].name == "iam-access-key/alice"
    error_message = "Secrets are keyed by user name and named secret_prefix + user name."
  }
  assert {
    condition     = toset(keys(aws_sns_topic_subscription.ops_email)) == toset([for e in var.ops_emails : substr(sha256(lower(e)), 0, 10)])
    error_message = "Ops subscriptions are keyed by a short hash of the address, never by position."
  }
  assert {
    condition     = keys(aws_sns_topic_subscription.owner) == ["${substr(sha256("alice@example.com"), 0, 10)}_part0"]
    error_message = "Owner subscriptions are keyed by address hash and chunk."
  }
}

run "tags_reach_every_taggable_resource" {
  command = plan
  variables {
    tags                 = { team = "platform", "cost-center" = "4711" }
    managed_secret_users = [{ user_name = "alice" }]
  }

  assert {
    condition = alltrue([for t in [
      aws_kms_key.key[0].tags, aws_kms_key.state_mac.tags, aws_sns_topic.notifications[0].tags,
      aws_iam_role.engine[0].tags, aws_lambda_function.engine.tags, aws_cloudwatch_log_group.engine.tags,
      aws_sqs_queue.dead_letters.tags, aws_dynamodb_table.coordination.tags,
      aws_cloudwatch_event_rule.schedule.tags, aws_secretsmanager_secret.secret["alice"].tags,
      aws_cloudwatch_metric_alarm.function_errors[0].tags, aws_cloudwatch_metric_alarm.dead_letters[0].tags,
      aws_cloudwatch_metric_alarm.engine_errors[0].tags, aws_cloudwatch_metric_alarm.rotations_blocked[0].tags,
      aws_cloudwatch_metric_alarm.circuit_breaker[0].tags,
    ] : t == var.tags])
    error_message = "Every taggable resource carries the tags variable."
  }
}

run "rejects_an_unknown_mode" {
  command = plan
  variables {
    mode = "sometimes"
  }
  expect_failures = [var.mode]
}

run "rejects_rotation_days_not_above_grace_days" {
  command = plan
  variables {
    rotation_days = 7
    grace_days    = 7
  }
  expect_failures = [var.rotation_days]
}

run "rejects_a_brought_key_switch_without_its_arn" {
  command = plan
  variables {
    create_kms_key = false
  }
  expect_failures = [var.create_kms_key]
}

run "rejects_a_brought_role_switch_without_its_arn" {
  command = plan
  variables {
    create_role = false
  }
  expect_failures = [var.create_role]
}

run "rejects_subnets_without_security_groups" {
  command = plan
  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
  expect_failures = [var.security_group_ids]
}

run "rejects_a_duplicate_ops_email" {
  command = plan
  variables {
    ops_emails = ["ops@example.com", "OPS@example.com"]
  }
  expect_failures = [var.ops_emails]
}
