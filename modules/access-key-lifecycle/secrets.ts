import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import type { ManagedSecretUser } from './props';
import { resourcePolicyJson } from './policy-document';
import { logicalIdPart } from './names';

export interface SecretsInput {
  readonly partition: string;
  readonly accountId: string;
  readonly kmsKeyArn: string;
  readonly secretPrefix: string;
  readonly users: readonly Required<ManagedSecretUser>[];
  /** The engine role and the configured admin principals. */
  readonly readerArns: readonly string[];
}

/**
 * Terraform owns these secrets and their owner-only policy; the engine only writes values, so there is
 * deliberately no aws_secretsmanager_secret_version (Terraform would fight the engine over it).
 */
export function createManagedSecrets(
  scope: Construct,
  input: SecretsInput,
): ReadonlyMap<string, SecretsmanagerSecret> {
  const secrets = new Map<string, SecretsmanagerSecret>();
  for (const user of input.users) {
    const id = `secret_${logicalIdPart(user.userName)}`;
    const ownerArn = `arn:${input.partition}:iam::${input.accountId}:user${user.path}${user.userName}`;
    const secret = new SecretsmanagerSecret(scope, id, {
      name: `${input.secretPrefix}${user.userName}`,
      description: `Access key of IAM user ${user.userName}, written by the key lifecycle engine`,
      kmsKeyId: input.kmsKeyArn,
    });
    secret.overrideLogicalId(id);
    const policy = resourcePolicyJson([
      {
        sid: 'OwnerReadsOwnKey',
        effect: 'Allow',
        principals: { AWS: [ownerArn] },
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: ['*'],
      },
      {
        // A Deny with aws:PrincipalArn holds even against broad identity policies in the account.
        sid: 'NobodyElseReadsTheKey',
        effect: 'Deny',
        principals: { AWS: ['*'] },
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['*'],
        conditions: [
          {
            test: 'StringNotEquals',
            variable: 'aws:PrincipalArn',
            values: [ownerArn, ...input.readerArns],
          },
        ],
      },
    ]);
    const resourcePolicy = new SecretsmanagerSecretPolicy(scope, `${id}_policy`, {
      secretArn: secret.arn,
      policy,
      blockPublicPolicy: true,
    });
    resourcePolicy.overrideLogicalId(id);
    secrets.set(user.userName, secret);
  }
  return secrets;
}
