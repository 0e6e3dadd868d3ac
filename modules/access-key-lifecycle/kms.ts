import { Construct } from 'constructs';
import { Fn, Token, type ITerraformDependable } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { resourcePolicyJson, type DocumentStatement } from './policy-document';
import type { ResourceNames } from './names';
import { KeptResources } from './kept-resources';
import { countWhen, instanceAttribute, isExpression, optionalAttribute } from './expressions';

export interface KeyPolicyInput {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly engineRoleArn: string;
  readonly secretPrefix: string;
  readonly names: ResourceNames;
  /** The module's role: KMS rejects a key policy naming a principal that does not exist yet. */
  readonly engineRole?: ITerraformDependable;
  /** Set when the key exists only under a condition (the HCL module's `create_kms_key`). */
  readonly count?: number;
}

/**
 * The key everything is encrypted with: a new key when `create` holds, else the supplied ARN. Only the
 * switch decides (never whether the ARN is null), so the ARN may be unknown until apply. When the switch
 * is a Terraform expression the key is counted and the ARN picked by a conditional on the switch.
 */
export function engineKeyArn(
  scope: Construct,
  create: boolean,
  supplied: string | undefined,
  input: KeyPolicyInput,
): EngineKey {
  if (!isExpression(create)) {
    if (!create) {
      // A key the module created earlier encrypts the secrets, table and logs written until now: switching
      // to a brought key keeps it in AWS (out of the state) instead of scheduling its deletion.
      new KeptResources(scope, 'key_kept', ['aws_kms_key.key']);
      return { arn: supplied! };
    }
    const created = createKey(scope, input);
    return { arn: created.key.arn, alias: created.alias };
  }
  const created = createKey(scope, { ...input, count: countWhen(create) });
  return {
    arn: Token.asString(Fn.conditional(create, optionalAttribute(created.key, 'arn'), supplied)),
    alias: created.alias,
  };
}

/** The secrets key's ARN, and the module's alias of it when the module may create it. */
export interface EngineKey {
  readonly arn: string;
  /** What a role policy naming the key by alias waits for (counted in the HCL module). */
  readonly alias?: KmsAlias;
}

/**
 * How the function environment names the key (SECRET_KMS_KEY_ID): the module's key by its alias ARN,
 * built from names and so known at plan time (the key's own ARN holds the id AWS assigns at create, and
 * one unknown value hides the whole environment, MODE included); a brought key by the ARN given. The
 * engine resolves an alias to its key once per run (lambda/aws/kms-key-arn.ts).
 */
export function environmentKeyId(
  create: boolean,
  supplied: string | undefined,
  aliasArn: string,
): string {
  if (!isExpression(create)) return create ? aliasArn : supplied!;
  return Token.asString(Fn.conditional(create, aliasArn, supplied));
}

/**
 * What the engine and the services it uses need on the key, beyond the account's own administration:
 * the statements to add to the key policy of a key you bring (kms_key_policy_statements_json output).
 */
export function keyUseStatements(input: Omit<KeyPolicyInput, 'engineRole'>): DocumentStatement[] {
  const { partition, region, accountId, names } = input;
  return [
    {
      sid: 'EngineRoleUsesKey',
      effect: 'Allow',
      principals: { AWS: [input.engineRoleArn] },
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
    },
    {
      sid: 'LogsEncryptTheFunctionLogGroup',
      effect: 'Allow',
      principals: { Service: [`logs.${region}.amazonaws.com`] },
      actions: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:DescribeKey',
      ],
      resources: ['*'],
      conditions: [
        {
          test: 'ArnEquals',
          variable: 'kms:EncryptionContext:aws:logs:arn',
          values: [`arn:${partition}:logs:${region}:${accountId}:log-group:${names.logGroupName}`],
        },
      ],
    },
    {
      // Alarms publish to the encrypted topic.
      sid: 'CloudWatchAlarmsPublishToTopic',
      effect: 'Allow',
      principals: { Service: ['cloudwatch.amazonaws.com'] },
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [accountId] }],
    },
    {
      // Owners read their secret with no KMS grant of their own; each secret's resource policy is
      // what decides who may read it (the pattern of the AWS managed secretsmanager key).
      sid: 'SecretReadersDecryptThroughSecretsManager',
      effect: 'Allow',
      principals: { AWS: ['*'] },
      actions: ['kms:Decrypt', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: [
        { test: 'StringEquals', variable: 'kms:CallerAccount', values: [accountId] },
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: [`secretsmanager.${region}.amazonaws.com`],
        },
        {
          test: 'StringLike',
          variable: 'kms:EncryptionContext:SecretARN',
          values: [
            `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${input.secretPrefix}*`,
          ],
        },
      ],
    },
  ];
}

/** A rotating CMK whose policy names every principal that uses it, and nothing more. */
export function createKey(
  scope: Construct,
  input: KeyPolicyInput,
): { key: KmsKey; alias: KmsAlias } {
  const { partition, accountId, names } = input;
  const policy = resourcePolicyJson([
    {
      // Without this statement the key becomes unmanageable (AWS default key policy).
      sid: 'AccountAdministersKeyThroughIam',
      effect: 'Allow',
      principals: { AWS: [`arn:${partition}:iam::${accountId}:root`] },
      actions: ['kms:*'],
      resources: ['*'],
    },
    ...keyUseStatements(input),
  ]);
  const key = new KmsKey(scope, 'key', {
    description: `Encrypts the secrets, topic, queue, logs and environment of ${names.functionName}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy,
    count: input.count,
    dependsOn: input.engineRole ? [input.engineRole] : undefined,
    // Secrets, table, topic, queue and logs are encrypted with it: a plan that would delete it (a switch to
    // a brought key, a removed module) fails instead; docs/module.md "Inputs that replace or remove
    // resources" gives the step that keeps the key.
    lifecycle: { preventDestroy: true },
  });
  key.overrideLogicalId('key');
  const alias = new KmsAlias(scope, 'key_alias', {
    name: names.keyAlias,
    targetKeyId: input.count === undefined ? key.keyId : instanceAttribute(key, 'key_id'),
    count: input.count,
  });
  alias.overrideLogicalId('key');
  return { key, alias };
}
