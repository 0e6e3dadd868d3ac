/**
 * "Inputs that replace or remove resources": every input whose change replaces or removes something,
 * what holds data among it, the guard and the step past it. In docs/module.md and the exported
 * module's README (the guard notes in the HCL point there: guards.ts).
 */
import type { AccessKeyLifecycleProps } from '../../modules/access-key-lifecycle';
import { hclName } from '../../modules/access-key-lifecycle/prop-names';

/** `{prop}` names an input: both spellings in docs/module.md, the variable in the module's README. */
const ROWS: readonly (readonly [string, string, string, string?])[] = [
  [
    '{createKmsKey} true → false',
    "the module's KMS key (`aws_kms_key.key`), which the secrets, the coordination table, the topic, the queue, the log group and the environment are encrypted with; its alias",
    "cdktf: the key is kept in AWS by a `removed { … destroy = false }` block (Terraform >= 1.7; the plan says \"will no longer be managed by Terraform\"). HCL: the plan fails (`prevent_destroy`); run `terraform state rm 'module.<name>.aws_kms_key.key[0]'` (the key stays in AWS), then apply. Either way everything moves to your key in place and the engine moves the secrets it created to it; schedule the old key's deletion by hand only once nothing reads it (log events written before keep it for their retention). The alias holds no data and is deleted.",
    "The plan fails (`prevent_destroy`); run `terraform state rm 'module.<name>.aws_kms_key.key[0]'` (the key stays in AWS), then apply. Everything moves to your key in place and the engine moves the secrets it created to it; schedule the old key's deletion by hand only once nothing reads it (log events written before keep it for their retention). The alias holds no data and is deleted.",
  ],
  [
    '{namePrefix}',
    'every named resource: function, role, topic and its subscriptions, queue, log group, coordination table, key aliases, rules, alarms, dashboard; the keys and secrets are updated in place',
    'The plan fails on the table and the log group (`prevent_destroy`). Run `terraform state rm` on `aws_dynamodb_table.coordination` and `aws_cloudwatch_log_group.engine` (both stay in AWS with their data: the budget and notices-once of the last 24 hours, the audit trail), apply, and delete them by hand when no longer needed. Subscribers of the new topic confirm again.',
  ],
  [
    '{secretPrefix}',
    'every secret of {managedSecretUsers} (a secret cannot be renamed); the engine then writes under the new prefix',
    'The plan fails (`prevent_destroy`). Keep the prefix; if you must move, `terraform state rm` each `aws_secretsmanager_secret.secret["<user>"]` and its `aws_secretsmanager_secret_policy`, move the workloads to the new names, then delete the old secrets by hand.',
  ],
  [
    'an entry removed from {managedSecretUsers}',
    "that user's secret and its policy",
    'The plan fails (`prevent_destroy`). cdktf: a `removed { from = aws_secretsmanager_secret.secret["<user>"]  lifecycle { destroy = false } }` block (and one for the policy); HCL: `terraform state rm` of both instances.',
    'The plan fails (`prevent_destroy`); `terraform state rm` of both instances keeps the secret in AWS.',
  ],
  [
    '{createSnsTopic} true → false',
    "the module's topic and its subscriptions (no data: SNS keeps no messages)",
    'None needed; subscribe the recipients to your topic.',
  ],
  [
    '{rolePath}',
    'the engine role and its two policies (IAM cannot move a role); key and secret policies are updated in place',
    'None needed: no data.',
  ],
  [
    '{createRole} true → false',
    "the module's role and its two policies",
    'None needed: your role takes over (it needs the `role_policy_json` and `role_key_policy_json` outputs).',
  ],
  [
    '{opsEmails}, {owners}; {enableCloudTrailTrigger}, {enableAlarms}, {createDashboard}',
    'the subscriptions of removed addresses; the rule, alarms or dashboard switched off',
    'None needed: no data.',
  ],
];

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The section; `hcl` for the exported module's README, which speaks only of variables. */
export function upgradeSection(hcl = false): string {
  const spell = (text: string) =>
    text.replace(/\{(\w+)\}/g, (_, prop: keyof AccessKeyLifecycleProps) =>
      hcl ? `\`${hclName(prop)}\`` : `\`${prop}\` / \`${hclName(prop)}\``,
    );
  const rows = ROWS.map(
    ([input, what, step, hclStep]) =>
      `| ${cell(spell(input))} | ${cell(spell(what))} | ${cell(spell(hcl ? (hclStep ?? step) : step))} |`,
  );
  return `## Inputs that replace or remove resources

No input change destroys the KMS key the module's data is encrypted with, a key secret, the
coordination table or the log group without an explicit step: those carry \`prevent_destroy\`, so such a
plan fails with "Instance cannot be destroyed", and the resource's first line in the exported HCL says
what to do. Every other input changes resources in place. Removing the whole module fails the same way
(by design): \`terraform state rm\` the guarded resources first, which keeps them in AWS.

| input change | replaces or removes | guard and step |
|---|---|---|
${rows.join('\n')}
`;
}
