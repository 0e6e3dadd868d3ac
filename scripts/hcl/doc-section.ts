import { VARIABLES } from './variables';

/** The "Using from HCL" section of docs/module.md: how props map to the exported module's variables. */
export function hclSection(): string {
  const rows = VARIABLES.map((s) => `| \`${s.prop}\` | \`${s.name}\` | \`${s.type}\` |`);
  return `## Using from HCL

\`npm run export:hcl\` (\`scripts/export-hcl-module.ts\`, \`--outdir <dir>\` to choose where) writes
\`dist/terraform-module/\`: a plain Terraform module (\`.tf.json\` files, no provider or backend block,
Terraform >= 1.9) with the engine's \`handler.zip\` inside, referenced as \`\${path.module}/handler.zip\`,
and a README listing its inputs and outputs. \`examples/basic/\` is an HCL root module that uses it.

The module is this construct synthesized with every prop bound to a variable. Defaults are the
construct's; the variables' validation rules repeat its synth-time checks, with the same messages, so
a bad value fails \`terraform plan\`. Literal props (cdktf) keep the plain resources and addresses shown
above; in the module, lists become \`for_each\` (keyed by a hash of the address and by user name:
\`aws_sns_topic_subscription.owner["<hash>_part0"]\`, \`aws_secretsmanager_secret.secret["alice"]\`) and
switches become \`count\` (\`aws_kms_key.key[0]\` while \`create_kms_key\` is true, the CloudTrail rule, the
alarms). With a variable \`scope\` each role-policy document is counted on it and only one is read.
\`lambdaZipPath\` has no variable: the zip ships inside the module.

| prop | variable | type |
|---|---|---|
${rows.join('\n')}
`;
}
