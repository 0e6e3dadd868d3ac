import { awsError, daysAgo, FakeAccount } from './support/fake-account';
import { run, testConfig } from './support/engine';

function account(): FakeAccount {
  const a = new FakeAccount();
  for (let i = 0; i < 5; i++)
    a.addUser(`healthy${i}`, [{ createDate: daysAgo(10), lastUsed: daysAgo(1) }]);
  a.addUser('due', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
  a.addUser('exempt', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }], {
    groups: ['break-glass'],
  });
  a.addUser('elsewhere', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }], {
    path: '/service/',
  });
  return a;
}

const config = testConfig({
  policy: { ...testConfig().policy, exemptGroup: 'break-glass', excludeUsers: ['elsewhere'] },
});

describe('inventory', () => {
  it('reads keys in detail only for users the credential report cannot clear', async () => {
    // Prepare
    const a = account();

    // Act
    const { summary } = await run(a, config);

    // Assess
    expect(summary).toMatchObject({
      inventory: 'credential-report',
      usersScanned: 8,
      usersEvaluated: 1,
    });
    expect(a.calls.filter((c) => c === 'ListAccessKeys')).toHaveLength(2); // detailed read + fresh read of `due`
    expect(summary.actions.map((x) => x.user)).toEqual(['due']);
  });

  it.each([
    awsError('ReportInProgressException'),
    awsError('ReportExpiredException'),
    awsError('LimitExceededException'),
    awsError('ServiceFailureException'),
    awsError('AccessDeniedException'),
  ])(
    'falls back to detailed reads of every user in scope when the report fails ($name)',
    async (error) => {
      // Prepare
      const a = account();
      a.credentialReport = error;

      // Act
      const { summary } = await run(a, config);

      // Assess
      expect(summary.inventory).toBe('fallback');
      expect(summary.warnings).toContainEqual(
        expect.objectContaining({ code: 'credential-report-unavailable' }),
      );
      expect(summary.usersEvaluated).toBe(1); // as on the report path: only `due`
      expect(summary.actions.map((x) => x.user)).toEqual(['due']);
    },
  );

  it('on the fallback path lists every user in scope but asks for last use only when it matters', async () => {
    // Prepare
    const a = account();
    a.credentialReport = awsError('LimitExceededException');

    // Act
    await run(a, config);

    // Assess
    const count = (command: string) => a.calls.filter((c) => c === command).length;
    expect(count('ListAccessKeys')).toBe(6 + 1); // 6 users in scope, then the fresh read of `due`
    // `due` only (healthy keys are too young); its fresh read before the create reuses that last use
    expect(count('GetAccessKeyLastUsed')).toBe(1);
  });

  it.each([
    {
      name: 'a young key, whatever its last use',
      key: { createDate: daysAgo(10) },
      lastUsedRead: false,
    },
    {
      name: 'a key old enough to be unused but used yesterday',
      key: { createDate: daysAgo(60), lastUsed: daysAgo(1) },
      lastUsedRead: true,
    },
  ])(
    'settles $name on the fallback path without evaluating it, as the report path does',
    async ({ key, lastUsedRead }) => {
      // Prepare
      const viaReport = new FakeAccount();
      viaReport.addUser('carol', [key]);
      const viaFallback = new FakeAccount();
      viaFallback.addUser('carol', [key]);
      viaFallback.credentialReport = awsError('ReportInProgressException');

      // Act
      const report = await run(viaReport, config);
      const fallback = await run(viaFallback, config);

      // Assess
      expect(report.summary.usersEvaluated).toBe(0);
      expect(fallback.summary.usersEvaluated).toBe(0);
      expect(fallback.summary.actions).toEqual([]);
      expect(viaFallback.writes()).toEqual([]);
      expect(viaFallback.calls.includes('GetAccessKeyLastUsed')).toBe(lastUsedRead);
    },
  );

  it('reports the override warnings of users it settles on the fallback path', async () => {
    // Prepare
    const a = new FakeAccount();
    a.addUser('dave', [{ createDate: daysAgo(10) }], {
      tags: { 'key-lifecycle:rotation-days': 'ninety' },
    });
    a.credentialReport = awsError('LimitExceededException');

    // Act
    const { summary } = await run(a, config);

    // Assess
    expect(summary.usersEvaluated).toBe(0);
    expect(summary.warnings).toContainEqual(
      expect.objectContaining({ user: 'dave', code: 'override-malformed' }),
    );
  });

  it('never reads or touches exempt or out-of-scope users', async () => {
    // Prepare
    const a = account();
    a.credentialReport = awsError('ReportInProgressException');

    // Act
    await run(a, config);

    // Assess
    expect(a.user('exempt').keys[0]!.status).toBe('Active');
    expect(a.user('elsewhere').keys[0]!.status).toBe('Active');
    // Compare ids only: a failing matcher prints its received value, and FakeKey holds a secret.
    expect(a.created.map((k) => k.accessKeyId)).toHaveLength(1);
  });

  it('reads only the users an event names, and warns about names that do not exist', async () => {
    // Prepare
    const a = account();

    // Act
    const { summary } = await run(a, config, {
      source: 'cloudtrail',
      forceReport: false,
      users: ['due', 'nobody'],
    });

    // Assess
    expect(summary).toMatchObject({ inventory: 'targeted', usersScanned: 1, usersInScope: 1 });
    expect(
      summary.warnings.filter(
        (w) => w.code !== 'state-not-tamper-evident' && w.code !== 'coordination-off',
      ),
    ).toEqual([expect.objectContaining({ user: 'nobody', code: 'user-name-not-found' })]);
    expect(a.calls).not.toContain('GetAccountAuthorizationDetails');
    expect(a.calls).not.toContain('GetCredentialReport');
  });
});
