/**
 * The resources that hold data and carry `prevent_destroy`, with the note the exported HCL writes on
 * each one's first line: Terraform's "Instance cannot be destroyed" error quotes that line, so whoever
 * meets the guard reads the way past it there (docs/module.md, "Inputs that replace or remove
 * resources").
 */
export const GUARD_NOTES: Readonly<Record<string, string>> = {
  'aws_kms_key.key':
    'prevent_destroy: secrets, table and logs are encrypted with this key; before create_kms_key = false, "terraform state rm" it (README: Inputs that replace or remove resources)',
  'aws_dynamodb_table.coordination':
    'prevent_destroy: the rolling budget and notices-once; before a new name_prefix, "terraform state rm" it (README: Inputs that replace or remove resources)',
  'aws_cloudwatch_log_group.engine':
    'prevent_destroy: the audit trail; before a new name_prefix, "terraform state rm" it (README: Inputs that replace or remove resources)',
  'aws_secretsmanager_secret.secret':
    'prevent_destroy: live access keys; to let one go, "terraform state rm" it and its policy (README: Inputs that replace or remove resources)',
};
