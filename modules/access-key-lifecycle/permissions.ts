/**
 * The engine role's permissions: the one table the role policy, docs/module.md and the policy
 * simulation test all read. Values are strings so the construct passes Terraform references and the
 * docs/tests pass placeholders or concrete ARNs.
 */
import { MANAGED_VALUE, managedTagKey } from '../../lambda/core/model/tags';

export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/** One IAM policy statement: the engine role's here, resource policies' in policy-document.ts. */
export interface PolicyStatement {
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** @default - none: the statement applies unconditionally */
  readonly conditions?: readonly PolicyCondition[];
}

export interface PermissionStatement extends PolicyStatement {
  /** Why the engine needs it (rendered in docs/module.md). */
  readonly why: string;
}

/** Where the permissions point: Terraform references in the construct, ARNs in tests. */
export interface PermissionRefs {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly topicArn: string;
  /** The secrets key: by alias when the module creates it, by ARN when the caller brings it. */
  readonly kmsKey: KeyRef;
  readonly dlqArn: string;
  readonly logGroupArn: string;
  /** The coordination table (the rolling destructive-action budget and the once-only notices). */
  readonly coordinationTableArn: string;
  /** The HMAC key of the state tags; the module always creates it. */
  readonly stateMacKey: KeyRef;
}

/**
 * How the role policy names a KMS key. A key the module creates is named by its alias (`alias/...`,
 * built from names and so known at plan time; its ARN holds the id AWS assigns at create and would
 * leave the policy "known after apply"): any key of the account and region whose aliases include that
 * name (`kms:ResourceAliases`, which AWS evaluates for every operation on a key, HMAC keys included).
 * A key the caller brings is named by the ARN given.
 */
export type KeyRef = { readonly alias: string } | { readonly arn: string };

/** The resources and extra conditions of a statement on `key`. */
function onKey(
  key: KeyRef,
  refs: PermissionRefs,
): { resources: string[]; conditions: PolicyCondition[] } {
  if ('arn' in key) return { resources: [key.arn], conditions: [] };
  return {
    resources: [`arn:${refs.partition}:kms:${refs.region}:${refs.accountId}:key/*`],
    conditions: [
      { test: 'ForAnyValue:StringEquals', variable: 'kms:ResourceAliases', values: [key.alias] },
    ],
  };
}

export interface PermissionSettings {
  readonly userPathPrefix: string;
  readonly scope: 'all' | 'tagged';
  readonly tagPrefix: string;
  readonly secretPrefix: string;
}

export const ACCOUNT_LEVEL_IAM_ACTIONS = [
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'iam:GetAccountAuthorizationDetails',
] as const;

export function enginePermissions(
  refs: PermissionRefs,
  settings: PermissionSettings,
): readonly PermissionStatement[] {
  const users = `arn:${refs.partition}:iam::${refs.accountId}:user${settings.userPathPrefix}*`;
  const secrets = `arn:${refs.partition}:secretsmanager:${refs.region}:${refs.accountId}:secret:${settings.secretPrefix}*`;
  const managedTag = managedTagKey(settings.tagPrefix);
  const onlyManaged: readonly PolicyCondition[] =
    settings.scope === 'tagged'
      ? [
          {
            test: 'StringEquals',
            variable: `iam:ResourceTag/${managedTag}`,
            values: [MANAGED_VALUE],
          },
        ]
      : [];
  const via = (service: string) => `${service}.${refs.region}.amazonaws.com`;
  const secretsKey = onKey(refs.kmsKey, refs);
  const macKey = onKey(refs.stateMacKey, refs);
  return [
    {
      sid: 'ReadAccountLevelIamReports',
      effect: 'Allow',
      actions: ACCOUNT_LEVEL_IAM_ACTIONS,
      resources: ['*'],
      why: 'Bulk reads of all users in one call; IAM supports no resource scoping for these actions.',
    },
    {
      sid: 'LookUpWhoUsesKeys',
      effect: 'Allow',
      actions: ['cloudtrail:LookupEvents'],
      resources: ['*'],
      why: 'Who uses a key (keyUsageLookups): CloudTrail allows LookupEvents on no narrower resource than "*" and takes no condition keys for it; it reads the management event history of the account and region, read-only.',
    },
    {
      sid: 'ReadUsersInScope',
      effect: 'Allow',
      actions: [
        'iam:GetUser',
        'iam:ListGroupsForUser',
        'iam:ListUserTags',
        'iam:ListAccessKeys',
        'iam:GetAccessKeyLastUsed',
      ],
      resources: [users],
      why: 'Re-read a candidate user right before acting, so nothing happens on stale report data.',
    },
    {
      sid: 'ManageKeysOfUsersInScope',
      effect: 'Allow',
      actions: ['iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:DeleteAccessKey'],
      resources: [users],
      conditions: onlyManaged,
      why: 'Rotate, deactivate and delete keys of users in scope only.',
    },
    {
      sid: 'WriteLifecycleTagsOnly',
      effect: 'Allow',
      actions: ['iam:TagUser', 'iam:UntagUser'],
      resources: [users],
      conditions: [
        ...onlyManaged,
        {
          test: 'ForAllValues:StringLike',
          variable: 'aws:TagKeys',
          values: [`${settings.tagPrefix}*`],
        },
      ],
      why: 'The engine keeps its state in user tags under its own prefix; no other tag can be written.',
    },
    {
      sid: 'NeverTagUsersIntoScope',
      effect: 'Deny',
      actions: ['iam:TagUser', 'iam:UntagUser'],
      resources: [users],
      conditions: [
        { test: 'ForAnyValue:StringEquals', variable: 'aws:TagKeys', values: [managedTag] },
      ],
      why: 'Who is managed is a human decision: the engine can never widen (or narrow) its own scope.',
    },
    {
      sid: 'KeySecretsUnderPrefix',
      effect: 'Allow',
      actions: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:CreateSecret',
        'secretsmanager:PutSecretValue',
        'secretsmanager:GetSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
        'secretsmanager:PutResourcePolicy',
        'secretsmanager:TagResource',
        'secretsmanager:UpdateSecret',
      ],
      resources: [secrets],
      why: 'Store each new key, read it back to verify, move staging labels, lock the secret to its owner, tag it with its owner, move it to a switched KMS key.',
    },
    {
      sid: 'FindSecretsByOwner',
      effect: 'Allow',
      actions: ['secretsmanager:ListSecrets'],
      resources: ['*'],
      why: 'Find a renamed user’s secret by its owner’s IAM user id tag, in one listing per run; Secrets Manager supports no resource scoping for ListSecrets.',
    },
    {
      sid: 'PublishNotifications',
      effect: 'Allow',
      actions: ['sns:Publish'],
      resources: [refs.topicArn],
      why: 'Every change, warning, block and failure is published to the one topic.',
    },
    {
      sid: 'UseKeyThroughServicesOnly',
      effect: 'Allow',
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
      resources: secretsKey.resources,
      conditions: [
        ...secretsKey.conditions,
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: [via('secretsmanager'), via('sns'), via('sqs'), via('lambda'), via('dynamodb')],
        },
      ],
      why: 'Encrypted secrets, topic, dead-letter queue, environment and coordination table; never direct KMS use.',
    },
    {
      sid: 'ResolveKeyAlias',
      effect: 'Allow',
      actions: ['kms:DescribeKey'],
      resources: secretsKey.resources,
      conditions: secretsKey.conditions,
      why: 'SECRET_KMS_KEY_ID names the module key by its alias (known at plan); the engine reads which key it is, to compare with the key of each secret.',
    },
    {
      sid: 'CoordinateRuns',
      effect: 'Allow',
      actions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:Query',
      ],
      resources: [refs.coordinationTableArn],
      why: 'The rolling 24-hour destructive-action budget and notices-once, shared by every invocation.',
    },
    {
      sid: 'SignAndVerifyStateTags',
      effect: 'Allow',
      actions: ['kms:GenerateMac', 'kms:VerifyMac'],
      resources: macKey.resources,
      conditions: macKey.conditions,
      why: 'State tags carry a MAC from the HMAC key; a tag that does not verify is treated as absent.',
    },
    {
      sid: 'SendToDeadLetterQueue',
      effect: 'Allow',
      actions: ['sqs:SendMessage'],
      resources: [refs.dlqArn],
      why: 'Lambda sends events that failed every retry to the dead-letter queue with this role.',
    },
    {
      sid: 'WriteOwnLogs',
      effect: 'Allow',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${refs.logGroupArn}:*`],
      why: 'Audit trail and EMF metrics go to the function log group Terraform created.',
    },
  ];
}

/** IAM policy JSON of a statement table (for simulation and docs; Terraform uses the data source). */
export function toPolicyJson(statements: readonly PermissionStatement[]): {
  Version: string;
  Statement: object[];
} {
  return {
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: s.effect,
      Action: [...s.actions],
      Resource: [...s.resources],
      ...(s.conditions && s.conditions.length > 0
        ? { Condition: conditionBlock(s.conditions) }
        : {}),
    })),
  };
}

export function conditionBlock(conditions: readonly PolicyCondition[]): Record<string, object> {
  const block: Record<string, Record<string, string[]>> = {};
  for (const c of conditions) {
    block[c.test] = { ...(block[c.test] ?? {}), [c.variable]: [...c.values] };
  }
  return block;
}
