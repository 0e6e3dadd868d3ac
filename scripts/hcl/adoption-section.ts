/** The "Adopting and upgrading" section of docs/module.md: what moves by itself, what does not. */
export function adoptionSection(): string {
  return `## Adopting and upgrading

- **Bring your own key or topic**: \`createKmsKey: false\` + \`kmsKeyArn\`, \`createSnsTopic: false\` +
  \`snsTopicArn\` (HCL \`create_kms_key\`, \`kms_key_arn\`, \`create_sns_topic\`, \`sns_topic_arn\`). Only the
  switches decide what exists, so the ARNs may be resources of the same stack. A brought key's policy
  needs the statements of the \`kms_key_policy_statements_json\` output (known at plan time):
  \`policy = jsonencode({ Version = "2012-10-17", Statement = concat([<your administration statement>],
  jsondecode(module.iam_key_lifecycle.kms_key_policy_statements_json)) })\`. On the first apply the key
  policy must be in place before the module's log group is created (CloudWatch Logs refuses a key that
  does not admit it): pass \`kms_key_arn\` through something that depends on the policy, as
  \`examples/complete\` does (\`terraform_data.platform_key_granted\`), or set the policy in a first apply
  (README, "Bring-your-own KMS key policy").
- **Reviewing the first plan**: with \`accountId\` (HCL \`account_id\`) set, no caller identity is read and
  both role policies, the key policy and the environment are shown in full. Everything is named by ARNs
  built from names: the environment names the module's keys by alias ARN, and the second role policy
  (\`aws_iam_role_policy.engine_keys\`, use of the KMS keys) scopes them by alias
  (\`kms:ResourceAliases\`) and a brought key by its ARN. With a scope variable or \`create_kms_key\`
  only the applying document is read.
- **Subscriptions** are addressed by a short hash of the lower-cased address (\`ops_email_<hash>\`,
  \`owner_<hash>_part<n>\`; HCL \`ops_email["<hash>"]\`, \`owner["<hash>_part<n>"]\`), where the hash is
  \`substr(sha256(lower(address)), 0, 10)\` (\`terraform console\` computes it). The construct emits \`moved\`
  blocks from the list positions of earlier versions (\`ops_email_<i>\`; \`owner_<user>_<i>\` of an
  address's first entry): upgrade without reordering the lists in the same change. An address's other
  former subscriptions are destroyed (it stays subscribed through the moved one, whose filter policy is
  updated in place), and chunks past the first 150 users are new subscriptions to confirm. The HCL module
  cannot move what an earlier export keyed by address (\`ops_email["ops@example.com"]\`,
  \`owner["alice <alice@example.com>"]\`): \`moved\` blocks are static, so write them in your root module,
  one per address, or the recipients confirm again.
- **Secrets** are one \`for_each\` resource keyed by user name in both paths
  (\`aws_secretsmanager_secret.secret["alice"]\`); the construct moves the per-user addresses of earlier
  versions there. They are guarded by \`prevent_destroy\` (see \`managedSecretUsers\`).
- **From the cdktf stack to the HCL module** the keys are the same: \`moved\` from
  \`aws_sns_topic_subscription.ops_email_<hash>\` to
  \`module.<name>.aws_sns_topic_subscription.ops_email["<hash>"]\` (\`owner_<hash>_part<n>\` to
  \`owner["<hash>_part<n>"]\`), and from \`aws_secretsmanager_secret.secret["alice"]\` to
  \`module.<name>.aws_secretsmanager_secret.secret["alice"]\`; other resources keep their names under
  the module (\`aws_kms_key.key\` becomes \`aws_kms_key.key[0]\`).
- **Other resources**: the HCL module's key and topic gained a \`count\`; Terraform moves
  \`aws_kms_key.key\` and \`aws_sns_topic.notifications\` to index 0 by itself. An existing log group,
  topic or secret is adopted with an \`import\` block on these addresses.
- **Secrets from version 0.1.0 and renamed users**: 0.1.0 named the secret of a user with \`_\` or \`,\`
  differently (\`_\` → \`__\`, \`,\` → \`_c\`: \`svc__ci\` for \`svc_ci\`). The engine keeps rotating into that
  secret, which the workload reads, as long as it is the user's only one (its \`iam-key-lifecycle:user\` tag
  names the user); it does not create \`svc_ci\`. If both exist (for example \`managedSecretUsers\` now creates
  \`svc_ci\`), the rotation is blocked (\`ROTATION_BLOCKED\`, \`secret-not-trusted\`) naming both: point the
  workload at one and delete the other. Each secret the engine writes carries the owner's IAM user id
  (\`iam-key-lifecycle:user-id\`), so a user renamed in IAM keeps rotating into its secret under the old
  name, whose policy then names the new ARN. A secret written before this version has the tag only after
  its next rotation: rename a user only after that, or tag its secret yourself
  (\`aws secretsmanager tag-resource\`).
- **Switching the secrets key** (\`createKmsKey\`, or another \`kmsKeyArn\`): the engine moves each secret it
  created to the new key (\`UpdateSecret\`) when it next writes that secret, before the new key is created;
  Secrets Manager re-encrypts the \`AWSCURRENT\` and \`AWSPREVIOUS\` versions with it when the engine may
  still decrypt with the old key. The module's own secrets follow \`kms_key_id\` in Terraform. Keep the old
  key enabled until every engine secret has rotated once (up to \`rotationDays\`), or move them yourself
  (\`aws secretsmanager update-secret --secret-id <name> --kms-key-id <new key>\`); a move the engine is
  refused blocks that user's rotation, naming that command.
`;
}
