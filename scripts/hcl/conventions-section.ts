/**
 * The "Conventions" section of docs/module.md: what a platform team expects of a Lambda module (the
 * terraform-aws-modules conventions) and where this module stands, and the VPC endpoints VPC placement
 * needs.
 */
const CONVENTIONS: readonly (readonly [string, string])[] = [
  [
    'Every variable and output has a description',
    "Yes: from the props' doc comments and outputs.ts.",
  ],
  ['Outputs named `<resource>_<attribute>`', 'Yes (`function_arn`, `role_arn`, `kms_key_arn`, …).'],
  [
    'Feature switches are plain booleans; `count` only on known values',
    "Yes: `create_kms_key`, `create_sns_topic`, `create_role`, `enable_alarms`, `create_dashboard`, `enable_cloudtrail_trigger`, `enable_tracing`. VPC placement counts on `length(subnet_ids)`, known whenever the list's length is.",
  ],
  [
    'Bring your own execution role (`create_role = false` + `role_arn`)',
    'Yes; the policies it needs are the `role_policy_json` and `role_key_policy_json` outputs.',
  ],
  ['Bring your own KMS key, SNS topic', 'Yes (`create_kms_key`, `create_sns_topic`).'],
  ['Role path and permissions boundary', 'Yes (`role_path`, `permissions_boundary`).'],
  [
    'VPC placement (`subnet_ids`, `security_group_ids`)',
    'Yes; the module role gets AWSLambdaVPCAccessExecutionRole. Endpoints: below.',
  ],
  ['X-Ray tracing', 'Yes (`enable_tracing`; the module role gets AWSXRayDaemonWriteAccess).'],
  [
    'Code signing (`code_signing_config_arn`)',
    'Yes. With `Enforce`, the shipped `handler.zip` must be signed by a profile of the configuration (AWS Signer); the module deploys it from a file, so sign it and replace it before applying, or use `Warn`.',
  ],
  [
    '`tags` on every taggable resource',
    'Yes (a test checks each against the provider schema; `tests/inputs.tftest.hcl` lists them).',
  ],
  [
    'Stable addresses (`for_each` by key, not list position)',
    'Yes: secrets by user name, subscriptions by a hash of the address.',
  ],
  ['`examples/` that are planned in CI', 'Yes: `examples/basic`, `examples/complete`.'],
  [
    'Native `terraform test` files',
    'Yes: `tests/*.tftest.hcl`, offline with `mock_provider "aws"` (Terraform >= 1.7); CI runs them.',
  ],
  [
    'Versioned releases with a changelog and upgrade notes',
    'Yes: `npm run release` (zip, SHA256SUMS, the version\'s CHANGELOG section, byte-identical for identical sources); CHANGELOG follows semver, each version with "Upgrading" notes.',
  ],
  [
    'Log group created by the module (retention, KMS)',
    'Yes; no switch to bring your own: it is the audit trail (adopt an existing one with `import`).',
  ],
  [
    'Lambda from S3 / container image, layers, aliases, provisioned concurrency',
    'No: one zip shipped in the module, deployed from the file; reserved concurrency is optional.',
  ],
  [
    '`wrappers/` (many instances from one map)',
    'No: use `for_each` on the module (examples/complete).',
  ],
];

const ENDPOINTS: readonly (readonly [string, string])[] = [
  [
    'IAM (global, `iam.amazonaws.com`)',
    'users, keys, tags, the credential report: through a NAT gateway or an egress proxy where your partition offers no IAM interface endpoint',
  ],
  ['`com.amazonaws.<region>.secretsmanager` (interface)', 'the key secrets'],
  ['`com.amazonaws.<region>.sns` (interface)', 'notifications'],
  [
    '`com.amazonaws.<region>.kms` (interface)',
    'the secrets key (alias lookup) and the state-tag MACs',
  ],
  ['`com.amazonaws.<region>.sts` (interface)', 'the caller identity'],
  [
    "`com.amazonaws.<region>.dynamodb` (gateway, on the subnets' route tables)",
    'the coordination table',
  ],
];

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function conventionsSection(): string {
  return `## Conventions of a Lambda module

What a platform team expects of a Lambda module (the terraform-aws-modules conventions) and where this
module stands.

| convention | here |
|---|---|
${CONVENTIONS.map(([c, here]) => `| ${cell(c)} | ${cell(here)} |`).join('\n')}

### VPC placement

With \`subnet_ids\` and \`security_group_ids\` the function's calls leave from those subnets, so they need a
way to every API the engine calls (the security groups must allow HTTPS out to the endpoints). Logs and
the dead-letter queue are written by the Lambda service, not from the VPC.

| endpoint | used for |
|---|---|
${ENDPOINTS.map(([e, why]) => `| ${cell(e)} | ${cell(why)} |`).join('\n')}
`;
}
