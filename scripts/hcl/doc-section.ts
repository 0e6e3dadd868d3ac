import { VARIABLES } from './variables';

/** The "Using from HCL" section of docs/module.md: how props map to the exported module's variables. */
export function hclSection(): string {
  const rows = VARIABLES.map((s) => `| \`${s.prop}\` | \`${s.name}\` | \`${s.type}\` |`);
  return `## Using from HCL

\`npm run export:hcl\` (\`scripts/export-hcl-module.ts\`, \`--outdir <dir>\` to choose where) writes
\`dist/terraform-module/\`: a plain Terraform module (\`.tf\` files in HCL split by concern and formatted by
\`terraform fmt\`, no provider or backend block, Terraform >= 1.9) with the engine's \`handler.zip\` inside,
referenced as \`\${path.module}/handler.zip\`, a README listing its inputs and outputs, LICENSE, CHANGELOG.md
and \`examples/basic\` and \`examples/complete\`, which source it as \`../..\` (the README, "Using it from
HCL").

The module is this construct synthesized with every prop bound to a variable. Defaults are the
construct's; the variables' validation rules repeat its synth-time checks, with the same messages, so
a bad value fails \`terraform plan\`. Literal props (cdktf) keep the plain resources and addresses shown
above; in the module, lists become \`for_each\`: secrets keyed by user name
(\`aws_secretsmanager_secret.secret["alice"]\`), ops and owner subscriptions by a hash of the address
(\`aws_sns_topic_subscription.ops_email["<10 hex digits>"]\`, \`owner["<10 hex digits>_part0"]\`), and
switches become \`count\` (\`aws_kms_key.key[0]\` while \`create_kms_key\`, \`aws_sns_topic.notifications[0]\`
while \`create_sns_topic\`, the CloudTrail rule, the alarms). With a variable \`scope\` both role-policy
documents are written, each counted on \`scope\`, so Terraform reads only the one that applies.
\`lambdaZipPath\` has no variable: the zip ships inside the module.

| prop | variable | type |
|---|---|---|
${rows.join('\n')}
`;
}
