import { Construct } from 'constructs';
import { Fn, TerraformIterator, type IResolvable } from 'cdktf';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import type { ManagedSecretUser } from './props';
import { resourcePolicyJson } from './policy-document';
import { formerPerUserLogicalId, perUserLogicalId } from './names';
import { secretNameOf } from './secret-names';
import { concatenated, instanceAttribute, isExpression } from './expressions';
import { MovedBlocks, type Move } from './moved-blocks';

export interface SecretsInput {
  readonly partition: string;
  readonly accountId: string;
  readonly kmsKeyArn: string;
  readonly secretPrefix: string;
  readonly users: readonly Required<ManagedSecretUser>[];
  /** The engine role and the configured admin principals. */
  readonly readerArns: readonly string[];
}

/** The Terraform-owned secrets: one for_each resource keyed by user name, in both paths. */
export type ManagedSecrets = SecretsmanagerSecret;

/**
 * Terraform owns these secrets and their owner-only policy; the engine only writes values, so there is
 * deliberately no aws_secretsmanager_secret_version (Terraform would fight the engine over it).
 * One for_each resource keyed by user name (`aws_secretsmanager_secret.secret["alice"]`), for the
 * construct as for the HCL module: a removed user is then an instance of a resource still in the
 * configuration, which `prevent_destroy` guards (a removed resource block would be destroyed silently).
 */
export function createManagedSecrets(scope: Construct, input: SecretsInput): ManagedSecrets {
  if (isExpression(input.users)) {
    return secretsForEach(
      scope,
      input,
      TerraformIterator.fromComplexList(input.users as unknown as IResolvable, 'user_name'),
    );
  }
  const byUser = Object.fromEntries(
    input.users.map((u) => [u.userName, { user_name: u.userName, path: u.path }]),
  );
  const secret = secretsForEach(scope, input, TerraformIterator.fromMap(byUser));
  new MovedBlocks(scope, 'secret_moves', upgradeMoves(input.users.map((u) => u.userName)));
  return secret;
}

/**
 * `moved` blocks from the addresses of earlier versions, so an upgrade never destroys a secret holding
 * a live key: the per-user resources (`secret_svc_ci`, `secret-john-dot-doe`) move to their instance
 * of the for_each resource, and the ids before perUserLogicalId (`secret_john_doe` for `john.doe`) chain
 * into those. No former id where it is now another listed user's (`john_doe`) or was shared by two
 * listed users: Terraform cannot tell whose secret the state holds there (README, "Upgrading: secret
 * addresses").
 */
function upgradeMoves(userNames: readonly string[]): Move[] {
  const formers = safeMoves(userNames);
  return userNames.flatMap((user) => {
    const perUser = perUserLogicalId('secret', user);
    const former = formers.get(user);
    return ['aws_secretsmanager_secret', 'aws_secretsmanager_secret_policy'].flatMap((type) => [
      ...(former === undefined ? [] : [{ from: `${type}.${former}`, to: `${type}.${perUser}` }]),
      { from: `${type}.${perUser}`, to: `${type}.secret[${JSON.stringify(user)}]` },
    ]);
  });
}

function safeMoves(userNames: readonly string[]): ReadonlyMap<string, string> {
  const current = new Set(userNames.map((u) => perUserLogicalId('secret', u)));
  const formers = userNames.map((u) => formerPerUserLogicalId('secret', u));
  const moves = new Map<string, string>();
  userNames.forEach((user, i) => {
    const former = formers[i];
    if (former === undefined || current.has(former)) return;
    if (formers.filter((f) => f === former).length > 1) return;
    moves.set(user, former);
  });
  return moves;
}

/** Keyed by user name, so the plan reads `aws_secretsmanager_secret.secret["alice"]`. */
function secretsForEach(
  scope: Construct,
  input: SecretsInput,
  each: TerraformIterator,
): SecretsmanagerSecret {
  const userName = each.getString('user_name');
  const path = each.getString('path');
  const secret = ownedSecret(scope, 'secret', input, userName, each);
  new SecretsmanagerSecretPolicy(scope, 'secret_policy', {
    forEach: each,
    secretArn: instanceAttribute(secret, 'arn', 'each.key'),
    policy: ownerOnlyPolicy(input, ownerArn(input, userName, path)),
    blockPublicPolicy: true,
  }).overrideLogicalId('secret');
  return secret;
}

function ownerArn(input: SecretsInput, userName: string, path: string): string {
  if (isExpression(userName)) {
    // A template string inside Fn.concat trips cdktf's escape warning; format() says the same.
    return Fn.format('arn:%s:iam::%s:user%s%s', [input.partition, input.accountId, path, userName]);
  }
  return `arn:${input.partition}:iam::${input.accountId}:user${path}${userName}`;
}

function ownedSecret(
  scope: Construct,
  id: string,
  input: SecretsInput,
  userName: string,
  forEach?: TerraformIterator,
): SecretsmanagerSecret {
  const secret = new SecretsmanagerSecret(scope, id, {
    forEach,
    name: secretNameOf(input.secretPrefix, userName),
    description: `Access key of IAM user ${userName}, written by the key lifecycle engine`,
    kmsKeyId: input.kmsKeyArn,
    // The secret holds a live key: removing its user from the list must not delete it silently
    // (props.ts managedSecretUsers says how to let go of one).
    lifecycle: { preventDestroy: true },
  });
  secret.overrideLogicalId(id);
  return secret;
}

function ownerOnlyPolicy(input: SecretsInput, owner: string): string {
  return resourcePolicyJson([
    {
      sid: 'OwnerReadsOwnKey',
      effect: 'Allow',
      principals: { AWS: [owner] },
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
          values: concatenated([owner], input.readerArns),
        },
      ],
    },
  ]);
}
