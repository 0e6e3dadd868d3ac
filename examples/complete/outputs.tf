output "function_names" {
  description = "Engine functions by engine key; invoke one with {\"mode\": \"report\"} for a manual dry run."
  value       = { for name, engine in module.iam_key_lifecycle : name => engine.function_name }
}

output "role_arns" {
  description = "Engine roles by engine key (under /platform/, with the boundary attached)."
  value       = { for name, engine in module.iam_key_lifecycle : name => engine.role_arn }
}

output "platform_key_arn" {
  description = "The platform key both engines encrypt with."
  value       = aws_kms_key.platform.arn
}
