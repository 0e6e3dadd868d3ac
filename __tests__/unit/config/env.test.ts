import { loadConfig } from '../../../lambda/config/env';
import { ConfigError } from '../../../lambda/config/errors';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:key-lifecycle';
const MINIMAL = { MODE: 'enforce', SNS_TOPIC_ARN: TOPIC } as const;

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults when only the required variables are set', () => {
    // Act
    const config = loadConfig(MINIMAL);

    // Assess
    expect(config).toEqual({
      mode: 'enforce',
      snsTopicArn: TOPIC,
      secretPrefix: 'iam-access-key/',
      secretAdminPrincipalArns: [],
      policy: {
        days: { rotationDays: 90, warnDays: 7, graceDays: 7, unusedDays: 45, recoveryDays: 10 },
        userPathPrefix: '/',
        scope: 'all',
        includeUsers: [],
        excludeUsers: [],
        tagPrefix: 'key-lifecycle:',
        maxDestructiveActions: 20,
        maxExemptionDays: 365,
        ruleSettings: { inUseHoldHours: 24, maxGraceExtensionDays: 30, keyUsageLookups: 100 },
      },
    });
  });

  it('reads every variable when all are set', () => {
    // Prepare
    const env = {
      MODE: 'report',
      SNS_TOPIC_ARN: 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:ops_topic',
      SECRET_PREFIX: 'team/keys/',
      SECRET_KMS_KEY_ID: 'alias/iam-access-keys',
      SECRET_ADMIN_PRINCIPAL_ARNS:
        'arn:aws:iam::123456789012:role/ops/break-glass, arn:aws:iam::123456789012:root',
      ROTATION_DAYS: '60',
      WARN_DAYS: '14',
      GRACE_DAYS: '3',
      UNUSED_DAYS: '30',
      RECOVERY_DAYS: '20',
      USER_PATH_PREFIX: '/engineering/',
      SCOPE: 'tagged',
      INCLUDE_USERS: ' alice , bob,alice',
      EXCLUDE_USERS: 'carol',
      EXEMPT_GROUP: 'break-glass',
      TAG_PREFIX: 'acme:keys:',
      MAX_DESTRUCTIVE_ACTIONS: '5',
      MAX_EXEMPTION_DAYS: '90',
      IN_USE_HOLD_HOURS: '48',
      MAX_GRACE_EXTENSION_DAYS: '5',
      KEY_USAGE_LOOKUPS: '40',
    };

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config).toEqual({
      mode: 'report',
      snsTopicArn: env.SNS_TOPIC_ARN,
      secretPrefix: 'team/keys/',
      secretKmsKeyId: 'alias/iam-access-keys',
      secretAdminPrincipalArns: [
        'arn:aws:iam::123456789012:role/ops/break-glass',
        'arn:aws:iam::123456789012:root',
      ],
      policy: {
        days: { rotationDays: 60, warnDays: 14, graceDays: 3, unusedDays: 30, recoveryDays: 20 },
        userPathPrefix: '/engineering/',
        scope: 'tagged',
        includeUsers: ['alice', 'bob'],
        excludeUsers: ['carol'],
        exemptGroup: 'break-glass',
        tagPrefix: 'acme:keys:',
        maxDestructiveActions: 5,
        maxExemptionDays: 90,
        ruleSettings: { inUseHoldHours: 48, maxGraceExtensionDays: 5, keyUsageLookups: 40 },
      },
    });
  });

  it.each([
    ['IN_USE_HOLD_HOURS', '721', 'from 0 to 720'],
    ['IN_USE_HOLD_HOURS', '-1', 'from 0 to 720'],
    ['MAX_GRACE_EXTENSION_DAYS', '0', 'from 1 to 90'],
    ['MAX_GRACE_EXTENSION_DAYS', '91', 'from 1 to 90'],
    ['KEY_USAGE_LOOKUPS', '1001', 'from 0 to 1000'],
    ['KEY_USAGE_LOOKUPS', 'on', 'from 0 to 1000'],
  ])('refuses %s=%s, naming the range', (variable, value, range) => {
    expect(() => loadConfig({ ...MINIMAL, [variable]: value })).toThrow(range);
  });

  it('reads every optional rule setting, its declared default when unset; IN_USE_HOLD_HOURS=0 is clock-only retirement', () => {
    expect(loadConfig(MINIMAL).policy.ruleSettings).toEqual({
      inUseHoldHours: 24,
      maxGraceExtensionDays: 30,
      keyUsageLookups: 100,
    });
    const config = loadConfig({
      ...MINIMAL,
      IN_USE_HOLD_HOURS: '0',
      MAX_GRACE_EXTENSION_DAYS: '9',
    });
    expect(config.policy.ruleSettings).toEqual({
      inUseHoldHours: 0,
      maxGraceExtensionDays: 9,
      keyUsageLookups: 100,
    });
  });

  it('treats empty strings as unset for optional variables', () => {
    // Prepare
    const env = {
      ...MINIMAL,
      SECRET_KMS_KEY_ID: '',
      ROTATION_DAYS: '',
      SCOPE: '',
      EXEMPT_GROUP: '',
    };

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.secretKmsKeyId).toBeUndefined();
    expect(config.policy.days.rotationDays).toBe(90);
    expect(config.policy.scope).toBe('all');
    expect(config.policy).not.toHaveProperty('exemptGroup');
  });

  it('ignores variables it does not know, such as the ones Lambda sets', () => {
    // Act
    const config = loadConfig({ ...MINIMAL, AWS_REGION: 'eu-west-1', _HANDLER: 'index.handler' });

    // Assess
    expect(config.mode).toBe('enforce');
  });

  it('accepts 0 for MAX_DESTRUCTIVE_ACTIONS: a run that never deactivates or deletes', () => {
    expect(
      loadConfig({ ...MINIMAL, MAX_DESTRUCTIVE_ACTIONS: '0' }).policy.maxDestructiveActions,
    ).toBe(0);
  });

  it.each([
    ['SECRET_KMS_KEY_ID', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['SECRET_KMS_KEY_ID', 'mrk-1234abcd12ab34cd56ef1234567890ab'],
    [
      'SECRET_KMS_KEY_ID',
      'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ],
    ['SECRET_KMS_KEY_ID', 'arn:aws-cn:kms:cn-north-1:123456789012:alias/keys'],
    ['SECRET_ADMIN_PRINCIPAL_ARNS', 'arn:aws:iam::123456789012:user/admins/ann'],
    ['USER_PATH_PREFIX', '/'],
    ['USER_PATH_PREFIX', '/a/b-c_d/'],
    ['TAG_PREFIX', 'Schlüssel: '],
    ['ROTATION_DAYS', '3650'],
    ['UNUSED_DAYS', '1'],
    ['MAX_DESTRUCTIVE_ACTIONS', '10000'],
    ['EXEMPT_GROUP', 'a'.repeat(128)],
    ['INCLUDE_USERS', `${'u'.repeat(64)},x+=.@_-y`],
  ])('accepts %s=%j', (variable, value) => {
    expect(() => loadConfig({ ...MINIMAL, [variable]: value })).not.toThrow();
  });

  describe('rejects invalid values, naming the variable, the value and what is allowed', () => {
    it.each([
      ['MODE', 'ENFORCE', '"enforce", "report"'],
      ['MODE', 'dry-run', '"enforce", "report"'],
      ['SNS_TOPIC_ARN', 'key-lifecycle', 'SNS topic ARN'],
      ['SNS_TOPIC_ARN', 'arn:aws:sns:eu-west-1:1234:topic', '12-digit account'],
      ['SNS_TOPIC_ARN', 'arn:aws:sns:eu-west-1:123456789012:topic.fifo', 'standard SNS topic'],
      ['SNS_TOPIC_ARN', 'arn:aws:sqs:eu-west-1:123456789012:queue', 'SNS topic ARN'],
      ['SECRET_PREFIX', 'keys with spaces/', 'Secrets Manager name prefix'],
      ['SECRET_PREFIX', 'k'.repeat(129), '1-128 characters'],
      ['SECRET_KMS_KEY_ID', 'my-key', 'KMS key id'],
      ['SECRET_KMS_KEY_ID', 'arn:aws:kms:eu-west-1:123456789012:key/not-a-key', 'KMS key id'],
      [
        'SECRET_ADMIN_PRINCIPAL_ARNS',
        'arn:aws:iam::123456789012:group/admins',
        'IAM principal ARN',
      ],
      ['SECRET_ADMIN_PRINCIPAL_ARNS', 'arn:aws:iam::123456789012:root,', 'item 2 is empty'],
      ['ROTATION_DAYS', '0', 'a whole number of days from 1 to 3650'],
      ['ROTATION_DAYS', '3651', 'a whole number of days from 1 to 3650'],
      ['WARN_DAYS', '7.5', 'a whole number of days from 1 to 3650'],
      ['GRACE_DAYS', '-1', 'a whole number of days from 1 to 3650'],
      ['UNUSED_DAYS', '1e2', 'a whole number of days from 1 to 3650'],
      ['RECOVERY_DAYS', ' 10', 'a whole number of days from 1 to 3650'],
      ['USER_PATH_PREFIX', 'engineering/', 'starts and ends with "/"'],
      ['USER_PATH_PREFIX', '/engineering', 'starts and ends with "/"'],
      ['USER_PATH_PREFIX', '/with space/', 'printable ASCII'],
      ['USER_PATH_PREFIX', `/${'p'.repeat(511)}/`, 'at most 512'],
      ['SCOPE', 'tagged-only', '"all", "tagged"'],
      ['INCLUDE_USERS', 'alice,,bob', 'item 2 is empty'],
      ['INCLUDE_USERS', 'alice,bob smith', 'item 2 ("bob smith") is not valid'],
      ['EXCLUDE_USERS', 'u'.repeat(65), 'IAM user name'],
      ['EXEMPT_GROUP', 'admins group', 'IAM group name'],
      ['TAG_PREFIX', 'aws:keys:', 'not starting with "aws:"'],
      ['TAG_PREFIX', 'AWS:keys:', 'not starting with "aws:"'],
      ['TAG_PREFIX', 't'.repeat(65), '1-64 characters'],
      ['TAG_PREFIX', 'keys#', 'IAM tag key prefix'],
      ['MAX_DESTRUCTIVE_ACTIONS', '10001', 'from 0 to 10000'],
      ['MAX_DESTRUCTIVE_ACTIONS', 'unlimited', 'from 0 to 10000'],
    ])('%s=%j', (variable, value, allowed) => {
      // Act
      const err = configError({ ...MINIMAL, [variable]: value });

      // Assess
      expect(err.problems).toEqual([
        { variable, value, allowed: expect.stringContaining(allowed) },
      ]);
      expect(err.message).toContain(`${variable}=${JSON.stringify(value).slice(0, 100)}`);
      expect(err.message).toContain(allowed);
    });
  });

  it('requires MODE and explains why there is no default', () => {
    // Act
    const err = configError({ SNS_TOPIC_ARN: TOPIC });

    // Assess
    expect(err.problems).toEqual([
      { variable: 'MODE', value: undefined, allowed: expect.any(String) },
    ]);
    expect(err.message).toMatch(
      /MODE is unset: set it to "enforce" or "report"; there is no default because/,
    );
  });

  it('requires SNS_TOPIC_ARN, also when it is an empty string', () => {
    // Act
    const err = configError({ MODE: 'report', SNS_TOPIC_ARN: '' });

    // Assess
    expect(err.problems.map((p) => p.variable)).toEqual(['SNS_TOPIC_ARN']);
    expect(err.message).toContain('SNS_TOPIC_ARN is unset');
  });

  it('reports every invalid variable in one error, not only the first', () => {
    // Act
    const err = configError({ ROTATION_DAYS: 'ninety', SCOPE: 'some', TAG_PREFIX: 'aws:' });

    // Assess
    expect(err.problems.map((p) => p.variable)).toEqual([
      'MODE',
      'SNS_TOPIC_ARN',
      'ROTATION_DAYS',
      'SCOPE',
      'TAG_PREFIX',
    ]);
    expect(err.message.split('\n')).toHaveLength(6);
    expect(err.message).toMatch(/^invalid configuration: 5 environment variables\n/);
  });

  it.each([
    ['WARN_DAYS', { ROTATION_DAYS: '30', WARN_DAYS: '30' }, 'WARN_DAYS is 30, ROTATION_DAYS is 30'],
    [
      'GRACE_DAYS',
      { ROTATION_DAYS: '30', GRACE_DAYS: '45' },
      'GRACE_DAYS is 45, ROTATION_DAYS is 30',
    ],
    ['WARN_DAYS', { ROTATION_DAYS: '5' }, 'WARN_DAYS is 7, ROTATION_DAYS is 5'],
  ])(
    'rejects %s that is not smaller than ROTATION_DAYS, naming both values',
    (variable, env, both) => {
      // Act
      const err = configError({ ...MINIMAL, ...env });

      // Assess
      expect(err.problems.map((p) => p.variable)).toContain(variable);
      expect(err.message).toContain(both);
      expect(err.message).toContain('must be smaller than ROTATION_DAYS');
    },
  );

  it('does not cross-check a variable that is already invalid on its own', () => {
    // Act
    const err = configError({ ...MINIMAL, ROTATION_DAYS: 'x', WARN_DAYS: '200' });

    // Assess
    expect(err.problems.map((p) => p.variable)).toEqual(['ROTATION_DAYS']);
  });

  it('rejects a user named in both INCLUDE_USERS and EXCLUDE_USERS', () => {
    // Act
    const err = configError({
      ...MINIMAL,
      INCLUDE_USERS: 'alice,bob',
      EXCLUDE_USERS: 'bob, carol',
    });

    // Assess
    expect(err.problems).toEqual([
      { variable: 'EXCLUDE_USERS', value: 'bob, carol', allowed: expect.stringContaining('(bob)') },
    ]);
  });

  it('cuts long values in the message but keeps them whole in problems', () => {
    // Prepare
    const value = 'x'.repeat(500);

    // Act
    const err = configError({ ...MINIMAL, SCOPE: value });

    // Assess
    expect(err.problems[0]?.value).toBe(value);
    expect(err.message).toContain('…(500 chars)');
    expect(err.message.length).toBeLessThan(400);
  });

  it('is a named error class', () => {
    const err = configError({});
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ConfigError');
  });
});
