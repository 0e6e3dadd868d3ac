import calls from '../fixtures/engine-api-calls.json';
import {
  decide,
  KEY_ALIAS,
  KEY_ARN,
  MAC_KEY_ALIAS,
  MAC_KEY_ARN,
  synthesizedRolePolicy,
  TABLE_ARN,
  TOPIC_ARN,
  type ApiCall,
} from './support/role-policy';
import { placeholderZip } from './support/stacks';

const zip = placeholderZip();
const engineCalls = calls as ApiCall[];
const MUTATING = [
  'iam:CreateAccessKey',
  'iam:UpdateAccessKey',
  'iam:DeleteAccessKey',
  'iam:TagUser',
  'iam:UntagUser',
];
const managed = { 'iam:ResourceTag/key-lifecycle:managed': 'true' };
const alice = 'arn:aws:iam::123456789012:user/alice';
const SM = 'secretsmanager.us-east-1.amazonaws.com';
const OTHER_KEY_ARN = KEY_ARN.replace('1234abcd', 'ffffffff');
const ANY_KEY = 'arn:aws:kms:us-east-1:123456789012:key/*';

describe('the synthesized role policy, evaluated by an IAM policy simulator', () => {
  const allUsers = synthesizedRolePolicy({ mode: 'enforce', lambdaZipPath: zip });
  const tagged = synthesizedRolePolicy({ mode: 'enforce', lambdaZipPath: zip, scope: 'tagged' });
  const teamOnly = synthesizedRolePolicy({
    mode: 'enforce',
    lambdaZipPath: zip,
    userPathPrefix: '/team/',
  });

  it.each(engineCalls.map((c) => [c.action, c.resource, c]))(
    'allows engine call %s on %s',
    async (_a, _r, call) => {
      expect(await decide(allUsers, call)).toBe('Allowed');
    },
  );

  it.each(engineCalls.map((c) => [c.action, c.resource, c]))(
    'allows %s on %s for a managed user when scope is tagged',
    async (_a, _r, call) => {
      // Prepare
      const withTag = { ...call, context: { ...(call.context ?? {}), ...managed } };

      // Act + Assess
      expect(await decide(tagged, withTag)).toBe('Allowed');
    },
  );

  it.each(MUTATING.map((a) => [a]))(
    'denies %s on an untagged user when scope is tagged',
    async (action) => {
      // Prepare
      const call = engineCalls.find((c) => c.action === action)!;

      // Act + Assess
      expect(await decide(tagged, call)).not.toBe('Allowed');
    },
  );

  it.each(engineCalls.filter((c) => c.resource === alice).map((c) => [c.action, c]))(
    'denies %s on a user outside the path prefix',
    async (_a, call) => {
      expect(await decide(teamOnly, call)).not.toBe('Allowed');
    },
  );

  it.each<[string, ApiCall]>([
    [
      'a tag outside the prefix',
      { action: 'iam:TagUser', resource: alice, context: { 'aws:TagKeys': ['owner'] } },
    ],
    [
      'the managed tag itself',
      {
        action: 'iam:TagUser',
        resource: alice,
        context: { 'aws:TagKeys': ['key-lifecycle:managed'] },
      },
    ],
    [
      'removing the managed tag',
      {
        action: 'iam:UntagUser',
        resource: alice,
        context: { 'aws:TagKeys': ['key-lifecycle:managed'] },
      },
    ],
    [
      'a secret with another prefix',
      {
        action: 'secretsmanager:GetSecretValue',
        resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
      },
    ],
    [
      'another topic',
      { action: 'sns:Publish', resource: TOPIC_ARN.replace('notifications', 'other') },
    ],
    ['the key used directly', { action: 'kms:Decrypt', resource: KEY_ARN }],
    [
      'another key',
      {
        action: 'kms:Decrypt',
        resource: KEY_ARN.replace('1234abcd', 'ffffffff'),
        context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' },
      },
    ],
    [
      'a user of another account',
      { action: 'iam:CreateAccessKey', resource: 'arn:aws:iam::210987654321:user/alice' },
    ],
    ['deleting a user', { action: 'iam:DeleteUser', resource: alice }],
    [
      'another table',
      { action: 'dynamodb:PutItem', resource: TABLE_ARN.replace('coordination', 'other') },
    ],
    ['scanning the coordination table', { action: 'dynamodb:Scan', resource: TABLE_ARN }],
    ['deleting the coordination table', { action: 'dynamodb:DeleteTable', resource: TABLE_ARN }],
    ['a MAC from the secrets key', { action: 'kms:GenerateMac', resource: KEY_ARN }],
    [
      'a MAC from another key',
      { action: 'kms:GenerateMac', resource: MAC_KEY_ARN.replace('abcdef01', 'ffffffff') },
    ],
    ['decrypting with the MAC key', { action: 'kms:Decrypt', resource: MAC_KEY_ARN }],
    [
      'decrypting through a service with the MAC key',
      { action: 'kms:Decrypt', resource: MAC_KEY_ARN, context: { 'kms:ViaService': SM } },
    ],
    [
      'another key with another alias',
      {
        action: 'kms:Decrypt',
        resource: OTHER_KEY_ARN,
        context: { 'kms:ViaService': SM, 'kms:ResourceAliases': ['alias/other'] },
      },
    ],
    [
      'the secrets key once its alias is gone',
      {
        action: 'kms:GenerateDataKey',
        resource: KEY_ARN,
        context: { 'kms:ViaService': SM, 'kms:ResourceAliases': [] },
      },
    ],
    [
      'describing another key',
      {
        action: 'kms:DescribeKey',
        resource: OTHER_KEY_ARN,
        context: { 'kms:ResourceAliases': ['alias/other'] },
      },
    ],
    [
      'a MAC from another key with another alias',
      {
        action: 'kms:GenerateMac',
        resource: OTHER_KEY_ARN,
        context: { 'kms:ResourceAliases': ['alias/other-state-mac'] },
      },
    ],
    [
      'a MAC from a key with the secrets key alias',
      {
        action: 'kms:VerifyMac',
        resource: OTHER_KEY_ARN,
        context: { 'kms:ResourceAliases': [KEY_ALIAS] },
      },
    ],
    [
      'a key of another account with the module alias',
      {
        action: 'kms:GenerateMac',
        resource: 'arn:aws:kms:us-east-1:210987654321:key/abcdef01-2345-6789-abcd-ef0123456789',
        context: { 'kms:ResourceAliases': [MAC_KEY_ALIAS] },
      },
    ],
  ])('denies %s', async (_name, call) => {
    expect(await decide(allUsers, call)).not.toBe('Allowed');
  });

  it.each<[string, ApiCall]>([
    [
      'encrypts through a service with another key carrying the module alias',
      {
        action: 'kms:Encrypt',
        resource: OTHER_KEY_ARN,
        context: { 'kms:ViaService': SM, 'kms:ResourceAliases': ['alias/extra', KEY_ALIAS] },
      },
    ],
    [
      'signs with another key carrying the state MAC alias',
      {
        action: 'kms:GenerateMac',
        resource: OTHER_KEY_ARN,
        context: { 'kms:ResourceAliases': [MAC_KEY_ALIAS] },
      },
    ],
  ])('names the module keys by alias: %s', async (_name, call) => {
    expect(await decide(allUsers, call)).toBe('Allowed');
  });

  it('allows CloudTrail LookupEvents on "*" only, for who uses a key (CloudTrail offers no narrower resource)', async () => {
    // Prepare
    const lookup = { action: 'cloudtrail:LookupEvents', resource: '*' };

    // Act + Assess: the engine's call is in the fixture, allowed; no other CloudTrail action is
    expect(engineCalls).toContainEqual(lookup);
    expect(await decide(allUsers, lookup)).toBe('Allowed');
    expect(await decide(allUsers, { action: 'cloudtrail:StopLogging', resource: '*' })).not.toBe(
      'Allowed',
    );
    expect(await decide(allUsers, { action: 'cloudtrail:LookupEvents', resource: '*' })).toBe(
      await decide(teamOnly, lookup),
    );
  });

  it('scopes the statements on module keys by alias, known at plan time (no key ARN)', () => {
    // Act
    const keyUse = (
      allUsers as { Statement: { Sid: string; Resource: string[]; Condition?: object }[] }
    ).Statement.filter((s) =>
      ['UseKeyThroughServicesOnly', 'ResolveKeyAlias', 'SignAndVerifyStateTags'].includes(s.Sid),
    );

    // Assess
    expect(keyUse.map((s) => [s.Sid, s.Resource, s.Condition])).toEqual([
      [
        'UseKeyThroughServicesOnly',
        [ANY_KEY],
        expect.objectContaining({
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [KEY_ALIAS] },
          StringEquals: expect.objectContaining({ 'kms:ViaService': expect.any(Array) }),
        }),
      ],
      [
        'ResolveKeyAlias',
        [ANY_KEY],
        { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [KEY_ALIAS] } },
      ],
      [
        'SignAndVerifyStateTags',
        [ANY_KEY],
        { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [MAC_KEY_ALIAS] } },
      ],
    ]);
  });

  describe('with a brought secrets key (createKmsKey: false)', () => {
    const brought = synthesizedRolePolicy({
      mode: 'enforce',
      lambdaZipPath: zip,
      createKmsKey: false,
      kmsKeyArn: OTHER_KEY_ARN,
    });

    it.each<[string, ApiCall]>([
      [
        'decrypts through a service with that key, whatever its aliases',
        {
          action: 'kms:Decrypt',
          resource: OTHER_KEY_ARN,
          context: { 'kms:ViaService': SM, 'kms:ResourceAliases': ['alias/platform'] },
        },
      ],
      ['describes that key', { action: 'kms:DescribeKey', resource: OTHER_KEY_ARN }],
      [
        'signs state tags with the module MAC key',
        { action: 'kms:GenerateMac', resource: MAC_KEY_ARN },
      ],
    ])('%s', async (_name, call) => {
      expect(await decide(brought, call)).toBe('Allowed');
    });

    it.each<[string, ApiCall]>([
      [
        'another key carrying the module alias',
        { action: 'kms:Decrypt', resource: KEY_ARN, context: { 'kms:ViaService': SM } },
      ],
      [
        'describing another key carrying the module alias',
        { action: 'kms:DescribeKey', resource: KEY_ARN },
      ],
      ['that key used directly', { action: 'kms:Decrypt', resource: OTHER_KEY_ARN }],
    ])('denies %s', async (_name, call) => {
      expect(await decide(brought, call)).not.toBe('Allowed');
    });
  });

  it('allows the function runtime to write its logs and dead letters', async () => {
    // Prepare
    const runtime: ApiCall[] = [
      {
        action: 'logs:PutLogEvents',
        resource:
          'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/iam-key-lifecycle-engine:log-stream:2026/01/01/abc',
      },
      {
        action: 'sqs:SendMessage',
        resource: 'arn:aws:sqs:us-east-1:123456789012:iam-key-lifecycle-dlq',
      },
    ];

    // Act
    const decisions = await Promise.all(runtime.map((c) => decide(allUsers, c)));

    // Assess
    expect(decisions).toEqual(['Allowed', 'Allowed']);
  });
});
