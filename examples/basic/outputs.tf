output "function_name" {
  description = "Engine function; invoke it with {\"mode\": \"report\"} for a manual dry run."
  value       = module.iam_key_lifecycle.function_name
}

output "topic_arn" {
  description = "Notifications topic; subscribe more endpoints here."
  value       = module.iam_key_lifecycle.topic_arn
}

output "kms_key_arn" {
  description = "Key encrypting the topic, queue, logs, secrets and environment."
  value       = module.iam_key_lifecycle.kms_key_arn
}

output "tag_prefix_guard_statement_json" {
  description = "Add this statement to an SCP or permissions boundary so only the engine (and tag admins) write its tags."
  value       = module.iam_key_lifecycle.tag_prefix_guard_statement_json
}
