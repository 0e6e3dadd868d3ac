# Native Terraform tests of this module: `terraform init && terraform test` in the module directory.
# Offline: the AWS provider is mocked (Terraform >= 1.7), so nothing is created and no credentials are
# read. Each run plans the module with the variables given and checks what it would create.

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
  mode       = "report"
  account_id = "123456789012"
}

run "defaults_create_everything_the_engine_needs" {
  command = plan

  assert {
    condition     = length(aws_kms_key.key) == 1 && length(aws_sns_topic.notifications) == 1 && length(aws_iam_role.engine) == 1
    error_message = "By default the module creates its own KMS key, SNS topic and execution role."
  }
  assert {
    condition     = aws_lambda_function.engine.runtime == "nodejs22.x" && aws_lambda_function.engine.function_name == "iam-key-lifecycle-engine"
    error_message = "The engine runs on nodejs22.x and is named after name_prefix."
  }
  assert {
    condition     = aws_lambda_function.engine.environment[0].variables["MODE"] == "report"
    error_message = "MODE in the function environment is the mode variable."
  }
  assert {
    condition     = aws_cloudwatch_log_group.engine.retention_in_days == 365
    error_message = "The audit trail is kept 365 days by default."
  }
  assert {
    condition     = length(aws_lambda_function.engine.vpc_config[0].subnet_ids) == 0 && aws_lambda_function.engine.tracing_config[0].mode == "PassThrough"
    error_message = "No VPC placement and no active tracing unless asked for."
  }
  assert {
    condition     = length(aws_iam_role_policy_attachment.engine_vpc_access) == 0 && length(aws_iam_role_policy_attachment.engine_tracing) == 0
    error_message = "No managed policy is attached to the role unless VPC placement or tracing is on."
  }
}

run "outputs_name_what_a_consumer_needs" {
  command = plan

  assert {
    condition     = output.function_name == "iam-key-lifecycle-engine" && output.log_group_name == "/aws/lambda/iam-key-lifecycle-engine"
    error_message = "function_name and log_group_name follow name_prefix."
  }
  assert {
    condition     = output.coordination_table_name == "iam-key-lifecycle-coordination"
    error_message = "coordination_table_name follows name_prefix."
  }
  assert {
    condition     = [for s in jsondecode(output.kms_key_policy_statements_json) : s.Sid] == ["EngineRoleUsesKey", "LogsEncryptTheFunctionLogGroup", "CloudWatchAlarmsPublishToTopic", "SecretReadersDecryptThroughSecretsManager"]
    error_message = "kms_key_policy_statements_json lists the four statements a brought key needs."
  }
  assert {
    condition     = output.role_policy_json != "" && output.role_key_policy_json != ""
    error_message = "The role's two policy documents are outputs (a brought role needs them)."
  }
  assert {
    condition     = output.secret_arns == {}
    error_message = "No secret is created unless managed_secret_users lists one."
  }
}
