import { buildStack, placeholderZip } from './support/stacks';
import type { AccessKeyLifecycleProps } from '../../modules/access-key-lifecycle';
import { InvalidPropsError } from '../../modules/access-key-lifecycle/errors';

const zip = placeholderZip();

describe('AccessKeyLifecycle props validation', () => {
  it.each<[string, Partial<AccessKeyLifecycleProps> & Record<string, unknown>, RegExp]>([
    [
      'mode missing',
      { mode: undefined },
      /^mode must be "enforce" or "report", got undefined \(there is no default/,
    ],
    [
      'rotationDays not above graceDays',
      { rotationDays: 7, graceDays: 30 },
      /^rotationDays must be greater than graceDays, got 7 and 30/,
    ],
    [
      'rotationDays not above warnDays',
      { rotationDays: 10, warnDays: 10, graceDays: 1 },
      /^rotationDays must be greater than warnDays, got 10 and 10/,
    ],
    [
      'fractional days',
      { unusedDays: 4.5 },
      /^unusedDays must be an integer from 1 to 3650, got 4.5/,
    ],
    [
      'zero recovery window',
      { recoveryDays: 0 },
      /^recoveryDays must be an integer from 1 to 3650, got 0/,
    ],
    [
      'path without trailing slash',
      { userPathPrefix: '/team' },
      /^userPathPrefix must be an IAM path that begins and ends with "\/" .*, got "\/team"/,
    ],
    ['unknown scope', { scope: 'some' as never }, /^scope must be "all" or "tagged", got "some"/],
    [
      'user both included and excluded',
      { includeUsers: ['bob'], excludeUsers: ['bob'] },
      /^excludeUsers\[0\] must not name a user that includeUsers names, got "bob" \(remove it from one list\)/,
    ],
    [
      'bad user name',
      { excludeUsers: ['bob smith'] },
      /^excludeUsers\[0\] must be an IAM user name/,
    ],
    [
      'tag prefix in the aws: namespace',
      { tagPrefix: 'aws:lifecycle:' },
      /^tagPrefix must be .* not starting with "aws:", got "aws:lifecycle:"/,
    ],
    [
      'a negative circuit breaker limit',
      { maxDestructiveActions: -1 },
      /^maxDestructiveActions must be an integer from 0 to 10000, got -1/,
    ],
    [
      'secret prefix with a space',
      { secretPrefix: 'my keys/' },
      /^secretPrefix must be 1-128 characters from .*, got "my keys\/"/,
    ],
    [
      'admin principal not an IAM ARN',
      { secretAdminPrincipalArns: ['arn:aws:s3:::bucket'] },
      /^secretAdminPrincipalArns\[0\] must be an IAM principal ARN/,
    ],
    [
      'duplicate secret user',
      { managedSecretUsers: [{ userName: 'a' }, { userName: 'a' }] },
      /^managedSecretUsers\[1\]\.userName must not repeat managedSecretUsers\[0\]\.userName \(compared case-insensitively, as IAM and e-mail do\), got "a"/,
    ],
    [
      'secret users differing only in case (IAM user names are case-insensitive)',
      { managedSecretUsers: [{ userName: 'Alice' }, { userName: 'alice' }] },
      /^managedSecretUsers\[1\]\.userName must not repeat .*, got "alice" \(remove the duplicate\)/,
    ],
    [
      'ops email listed twice',
      { opsEmails: ['ops@example.com', 'OPS@example.com'] },
      /^opsEmails\[1\] must not repeat opsEmails\[0\] .*, got "OPS@example.com"/,
    ],
    [
      'ops email malformed',
      { opsEmails: ['ops.example.com'] },
      /^opsEmails\[0\] must be an email address/,
    ],
    [
      'an owner that is null (as a JSON config can hold)',
      { owners: [null as never] },
      /^owners\[0\] must be an object with userName and email, got null/,
    ],
    [
      'owner email malformed',
      { owners: [{ userName: 'alice', email: 'alice' }] },
      /^owners\[0\]\.email must be an email address/,
    ],
    [
      'kms key ARN of another service',
      { kmsKeyArn: 'arn:aws:sns:us-east-1:123456789012:topic' },
      /^kmsKeyArn must be a KMS key ARN/,
    ],
    [
      'schedule not rate/cron',
      { scheduleExpression: 'daily' },
      /^scheduleExpression must be an EventBridge rate\(...\) expression .*, got "daily"/,
    ],
    [
      'five-field crontab',
      { scheduleExpression: 'cron(0 3 * * *)' },
      /^scheduleExpression must be .*six-field cron.*, got "cron\(0 3 \* \* \*\)"/,
    ],
    [
      'rate of zero',
      { scheduleExpression: 'rate(0 days)' },
      /^scheduleExpression must be .*, got "rate\(0 days\)"/,
    ],
    [
      'a day count that is not a number',
      { rotationDays: Number.NaN },
      /^rotationDays must .*, got NaN/,
    ],
    [
      'unknown architecture',
      { architecture: 'arm' as never },
      /^architecture must be "arm64" or "x86_64", got "arm"/,
    ],
    [
      'timeout past the Lambda limit',
      { timeoutSeconds: 901 },
      /^timeoutSeconds must be an integer from 225 to 900, got 901/,
    ],
    [
      'too little memory',
      { memorySizeMb: 64 },
      /^memorySizeMb must be an integer from 128 to 10240, got 64/,
    ],
    [
      'zero reserved concurrency',
      { reservedConcurrentExecutions: 0 },
      /^reservedConcurrentExecutions must be an integer from 1 to 1000, got 0/,
    ],
    [
      'unsupported log retention',
      { logRetentionDays: 100 },
      /^logRetentionDays must be one of 1, 3, .*, got 100/,
    ],
    [
      'too many retries',
      { maxRetryAttempts: 3 },
      /^maxRetryAttempts must be an integer from 0 to 2, got 3/,
    ],
    [
      'missing zip',
      { lambdaZipPath: '/nonexistent/handler.zip' },
      /^lambdaZipPath must name an existing file, got "\/nonexistent\/handler.zip" \(run `npm run build` first\)/,
    ],
  ])('rejects %s with a message naming prop, value and fix', (_name, override, message) => {
    // Prepare
    const props = { mode: 'enforce', lambdaZipPath: zip, ...override } as AccessKeyLifecycleProps;

    // Act + Assess
    expect(() => buildStack(props)).toThrow(message);
  });

  it('accepts the defaults with only mode set', () => {
    expect(() => buildStack({ mode: 'report', lambdaZipPath: zip })).not.toThrow();
  });

  it('lists every problem of one instance in one error, one line each, in props order', () => {
    // Prepare
    const props = {
      mode: 'report',
      lambdaZipPath: zip,
      rotationDays: 0,
      owners: [
        { userName: 'alice', email: 'alice@example.com' },
        { userName: 'bob', email: 'bob' },
        { userName: 'carol', email: 'carol' },
      ],
      kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/platform',
      memorySizeMb: 64,
    } as AccessKeyLifecycleProps;

    // Act
    let error: unknown;
    try {
      buildStack(props);
    } catch (err) {
      error = err;
    }

    // Assess
    expect(error).toBeInstanceOf(InvalidPropsError);
    const problems = (error as InvalidPropsError).problems;
    expect(problems.map((p) => p.prop)).toEqual([
      'rotationDays',
      'rotationDays',
      'rotationDays',
      'owners[1].email',
      'owners[2].email',
      'kmsKeyArn',
      'memorySizeMb',
    ]);
    expect((error as Error).message.split('\n')).toEqual(problems.map((p) => p.message));
    expect(problems[5]!.problem).toMatch(
      /^must be a KMS key ARN .*, got ".*:alias\/platform" \(that is an alias: .*give the key ARN/,
    );
  });

  it.each<[string, Partial<AccessKeyLifecycleProps>, string]>([
    [
      'a bare KMS key id',
      { kmsKeyArn: '1234abcd-12ab-34cd-56ef-1234567890ab' },
      'that is a key id',
    ],
    ['a KMS alias name', { kmsKeyArn: 'alias/platform' }, 'that is an alias'],
    ['a principal name', { secretAdminPrincipalArns: ['admin'] }, 'give the full ARN'],
    [
      'a group as principal',
      { tagAdminPrincipalArns: ['arn:aws:iam::123456789012:group/admins'] },
      'an IAM group cannot be a principal',
    ],
  ])('says how to fix %s', (_name, override, fix) => {
    const props = { mode: 'report', lambdaZipPath: zip, ...override } as AccessKeyLifecycleProps;
    expect(() => buildStack(props)).toThrow(fix);
  });
});
