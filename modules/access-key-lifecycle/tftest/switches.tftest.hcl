# Feature switches: each one decides what exists (plain booleans, never a count on an unknown value).

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

run "a_brought_key_replaces_the_module_key" {
  command = plan
  variables {
    create_kms_key = false
    kms_key_arn    = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition     = length(aws_kms_key.key) == 0 && length(aws_kms_alias.key) == 0
    error_message = "create_kms_key = false creates no key and no alias."
  }
  assert {
    condition     = aws_lambda_function.engine.kms_key_arn == var.kms_key_arn && aws_dynamodb_table.coordination.server_side_encryption[0].kms_key_arn == var.kms_key_arn
    error_message = "The function and the table are encrypted with the brought key."
  }
}

run "a_brought_topic_replaces_the_module_topic" {
  command = plan
  variables {
    create_sns_topic = false
    sns_topic_arn    = "arn:aws:sns:us-east-1:123456789012:platform-alerts"
  }

  assert {
    condition     = length(aws_sns_topic.notifications) == 0 && aws_lambda_function.engine.environment[0].variables["SNS_TOPIC_ARN"] == var.sns_topic_arn
    error_message = "create_sns_topic = false creates no topic; the engine publishes to the brought one."
  }
}

run "a_brought_role_replaces_the_module_role" {
  command = plan
  variables {
    create_role = false
    role_arn    = "arn:aws:iam::123456789012:role/platform/key-lifecycle"
  }

  assert {
    condition     = length(aws_iam_role.engine) == 0 && length(aws_iam_role_policy.engine) == 0 && length(aws_iam_role_policy.engine_keys) == 0
    error_message = "create_role = false creates no role and no role policy."
  }
  assert {
    condition     = aws_lambda_function.engine.role == var.role_arn
    error_message = "The function runs with the brought role."
  }
}

run "vpc_placement_and_tracing" {
  command = plan
  variables {
    subnet_ids              = ["subnet-0123456789abcdef0"]
    security_group_ids      = ["sg-0123456789abcdef0"]
    enable_tracing          = true
    code_signing_config_arn = "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0"
  }

  assert {
    condition     = aws_lambda_function.engine.vpc_config[0].subnet_ids == toset(var.subnet_ids) && aws_lambda_function.engine.tracing_config[0].mode == "Active"
    error_message = "The function runs in the given subnets, traced by X-Ray."
  }
  assert {
    condition     = length(aws_iam_role_policy_attachment.engine_vpc_access) == 1 && length(aws_iam_role_policy_attachment.engine_tracing) == 1
    error_message = "The module role gets the VPC access and X-Ray managed policies."
  }
  assert {
    condition     = aws_lambda_function.engine.code_signing_config_arn == var.code_signing_config_arn
    error_message = "The code signing configuration is set on the function."
  }
}

run "alarms_dashboard_and_cloudtrail_trigger" {
  command = plan
  variables {
    enable_alarms             = false
    create_dashboard          = false
    enable_cloudtrail_trigger = true
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.function_errors) == 0 && length(aws_cloudwatch_dashboard.engine) == 0
    error_message = "enable_alarms = false and create_dashboard = false create neither."
  }
  assert {
    condition     = length(aws_cloudwatch_event_rule.key_events) == 1
    error_message = "enable_cloudtrail_trigger = true creates the CloudTrail rule."
  }
}
