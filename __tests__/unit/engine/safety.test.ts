import { runConfig } from '../../../lambda/config/event';
import { renderKeyState, stateTagKey } from '../../../lambda/core';
import { awsError, daysAgo, FakeAccount, NOW } from './support/fake-account';
import { events, run, SCHEDULE, testConfig } from './support/engine';

const tagOf = (id: string) => stateTagKey('key-lifecycle:', id);

/** One user per kind of action: due (create), unused (deactivate), recovered Inactive (delete), upcoming (warn). */
function busyAccount(unusedUsers = 1): FakeAccount {
  const account = new FakeAccount();
  account.addUser('due', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
  for (let i = 0; i < unusedUsers; i++)
    account.addUser(`idle${i}`, [{ createDate: daysAgo(60), lastUsed: daysAgo(50) }]);
  const gone = account.addUser('gone', [
    { status: 'Inactive', createDate: daysAgo(200), lastUsed: daysAgo(100) },
  ]);
  gone.tags[tagOf(gone.keys[0]!.accessKeyId)] = renderKeyState({ inactiveSince: daysAgo(30) });
  account.addUser('soon', [{ createDate: daysAgo(85), lastUsed: daysAgo(1) }]);
  account.addUser('healthy', [{ createDate: daysAgo(10), lastUsed: daysAgo(1) }]);
  return account;
}

describe('report mode', () => {
  it.each([
    { name: 'MODE=report', config: testConfig({ mode: 'report' }), request: SCHEDULE },
    {
      name: 'a manual event forcing report',
      config: testConfig(),
      request: { source: 'manual' as const, forceReport: true },
    },
  ])('makes zero write calls to IAM and Secrets Manager ($name)', async ({ config, request }) => {
    // Prepare
    const account = busyAccount();

    // Act
    const { summary } = await run(account, runConfig(config, request), request);

    // Assess
    expect(account.writes()).toEqual([]);
    expect(summary.mode).toBe('report');
    expect(summary.actions.map((a) => [a.user, a.action, a.outcome])).toEqual([
      ['due', 'create', 'planned'],
      ['idle0', 'deactivate', 'planned'],
      ['gone', 'delete', 'planned'],
      ['soon', 'warn', 'planned'],
    ]);
    expect(events(account)).toEqual(['RUN_SUMMARY']);
    expect(account.published[0]!.subject).toMatch(/^\[report\] /);
  });
});

describe('circuit breaker', () => {
  it('trips above the limit: no destructive action, rotations and warnings still happen', async () => {
    // Prepare: 3 deactivations + 1 deletion = 4 destructive actions, limit 3
    const account = busyAccount(3);

    // Act
    const { summary } = await run(account, testConfig({}, 3));

    // Assess
    expect(summary.circuitBreakerTripped).toBe(true);
    expect(account.calls).not.toContain('UpdateAccessKey');
    expect(account.calls).not.toContain('DeleteAccessKey');
    expect(summary.actions.map((a) => [a.user, a.action, a.outcome])).toEqual([
      ['due', 'create', 'done'],
      ['soon', 'warn', 'done'],
    ]);
    expect(summary.blocked.map((b) => [b.user, b.reason])).toEqual([
      ['idle0', 'circuit-breaker'],
      ['idle1', 'circuit-breaker'],
      ['idle2', 'circuit-breaker'],
      ['gone', 'circuit-breaker'],
    ]);
    // Users run concurrently, so per-user notices may interleave; run-level notices come last.
    expect(events(account).slice(0, 2).sort()).toEqual(['KEY_CREATED', 'ROTATION_UPCOMING']);
    expect(events(account).slice(2)).toEqual(['CIRCUIT_BREAKER_TRIPPED', 'RUN_SUMMARY']);
  });

  it('does not trip at exactly the limit', async () => {
    // Prepare: 3 deactivations + 1 deletion = 4 destructive actions, limit 4
    const account = busyAccount(3);

    // Act
    const { summary } = await run(account, testConfig({}, 4));

    // Assess
    expect(summary.circuitBreakerTripped).toBe(false);
    expect(
      account.writes().filter((c) => c === 'UpdateAccessKey' || c === 'DeleteAccessKey'),
    ).toHaveLength(4);
    expect(events(account)).not.toContain('CIRCUIT_BREAKER_TRIPPED');
  });
});

describe('stale data', () => {
  it('skips a deactivation when the fresh re-read shows the key was used since', async () => {
    // Prepare
    const account = new FakeAccount();
    const alice = account.addUser('alice', [{ createDate: daysAgo(60), lastUsed: daysAgo(50) }]);
    let lists = 0;
    account.beforeCall = (command) => {
      if (command === 'ListAccessKeys' && ++lists === 2) alice.keys[0]!.lastUsed = NOW;
    };

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions).toEqual([
      expect.objectContaining({ action: 'deactivate', outcome: 'skipped-stale' }),
    ]);
    expect(account.writes()).toEqual([]);
    expect(alice.keys[0]!.status).toBe('Active');
  });

  it('skips a rotation when the fresh re-read shows a second key appeared', async () => {
    // Prepare
    const account = new FakeAccount();
    const alice = account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
    let lists = 0;
    account.beforeCall = (command) => {
      if (command === 'ListAccessKeys' && ++lists === 2) {
        alice.keys.push({
          accessKeyId: 'AKIAHUMAN00000000001',
          secret: 'made-by-a-human-elsewhere',
          status: 'Active',
          createDate: NOW,
        });
      }
    };

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions).toEqual([
      expect.objectContaining({ action: 'create', outcome: 'skipped-stale' }),
    ]);
    expect(account.calls).not.toContain('CreateAccessKey');
  });
});

describe('isolation between users', () => {
  it.each([
    { call: 'UpdateAccessKey', step: 'deactivate-key' },
    { call: 'ListAccessKeys', step: 'read-keys' },
    { call: 'GetAccessKeyLastUsed', step: 'read-keys' },
  ])("one user's $call failure does not stop the others", async ({ call, step }) => {
    // Prepare
    const account = new FakeAccount();
    account.addUser('alice', [{ createDate: daysAgo(60), lastUsed: daysAgo(50) }]);
    account.addUser('bob', [{ createDate: daysAgo(60), lastUsed: daysAgo(50) }]);
    account.failOn(call, awsError('ServiceFailure'));

    // Act
    const { summary } = await run(account, testConfig(), SCHEDULE);

    // Assess
    expect(summary.errors).toEqual([expect.objectContaining({ user: 'alice', step })]);
    expect(summary.actions).toContainEqual(
      expect.objectContaining({ user: 'bob', action: 'deactivate', outcome: 'done' }),
    );
    expect(account.user('bob').keys[0]!.status).toBe('Inactive');
  });
});

describe('deactivate and delete', () => {
  it('deactivates an unused key, records its state and tells the owner', async () => {
    // Prepare
    const account = new FakeAccount();
    const alice = account.addUser('alice', [{ createDate: daysAgo(60), lastUsed: daysAgo(50) }]);
    const id = alice.keys[0]!.accessKeyId;

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions).toEqual([
      {
        user: 'alice',
        accessKeyId: id,
        action: 'deactivate',
        reasons: ['unused'],
        outcome: 'done',
      },
    ]);
    expect(alice.keys[0]!.status).toBe('Inactive');
    expect(alice.tags[tagOf(id)]).toContain('inactive-since=');
    expect(events(account)).toEqual(['KEY_DEACTIVATED', 'RUN_SUMMARY']);
  });

  it('deletes a recovered key and records the deletion in the secret that held it', async () => {
    // Prepare
    const account = new FakeAccount();
    const alice = account.addUser('alice', [
      { status: 'Inactive', createDate: daysAgo(200), lastUsed: daysAgo(100) },
    ]);
    const key = alice.keys[0]!;
    alice.tags[tagOf(key.accessKeyId)] = renderKeyState({ inactiveSince: daysAgo(30) });
    account.seedSecret('iam-access-key/alice', 'alice', key);

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions).toEqual([
      expect.objectContaining({ action: 'delete', outcome: 'done' }),
    ]);
    expect(alice.keys.map((k) => k.accessKeyId)).toEqual([]);
    expect(alice.tags[tagOf(key.accessKeyId)]).toBeUndefined();
    expect(account.current('iam-access-key/alice')).toEqual({
      UserName: 'alice',
      AccessKeyId: key.accessKeyId,
      Status: 'Deleted',
      DeletedDate: NOW.toISOString(),
    });
    expect(events(account)).toEqual(['KEY_DELETED', 'RUN_SUMMARY']);
  });

  it.each([
    { call: 'UpdateAccessKey', user: () => [{ createDate: daysAgo(60), lastUsed: daysAgo(50) }] },
    {
      call: 'DeleteAccessKey',
      user: () => [
        { status: 'Inactive' as const, createDate: daysAgo(200), lastUsed: daysAgo(100) },
      ],
    },
  ])(
    'treats NoSuchEntity from $call as a concurrent run that got there first',
    async ({ call, user }) => {
      // Prepare
      const account = new FakeAccount();
      const alice = account.addUser('alice', user());
      if (call === 'DeleteAccessKey') {
        alice.tags[tagOf(alice.keys[0]!.accessKeyId)] = renderKeyState({
          inactiveSince: daysAgo(30),
        });
      }
      account.failOn(call, awsError('NoSuchEntityException'));

      // Act
      const { summary } = await run(account);

      // Assess
      expect(summary.actions.map((a) => a.outcome)).toEqual(['skipped-concurrent']);
      expect(summary.errors).toEqual([]);
    },
  );

  it('deletes the recovered Inactive key first to make room, then rotates', async () => {
    // Prepare
    const account = new FakeAccount();
    const alice = account.addUser('alice', [
      { status: 'Inactive', createDate: daysAgo(300), lastUsed: daysAgo(200) },
      { createDate: daysAgo(100), lastUsed: daysAgo(1) },
    ]);
    const [inactive, due] = alice.keys.map((k) => k.accessKeyId);
    alice.tags[tagOf(inactive!)] = renderKeyState({ inactiveSince: daysAgo(30) });

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions.map((a) => [a.accessKeyId, a.action, a.outcome])).toEqual([
      [inactive, 'delete', 'done'],
      [due, 'create', 'done'],
    ]);
    expect(account.writes().slice(0, 2)).toEqual(['DeleteAccessKey', 'UntagUser']);
    expect(alice.keys.map((k) => k.accessKeyId)).toEqual([due, account.created[0]!.accessKeyId]);
  });
});

describe('warnings', () => {
  it('records the warning in the key state only when the notice was published', async () => {
    // Prepare
    const sent = new FakeAccount();
    const unsent = new FakeAccount();
    for (const account of [sent, unsent])
      account.addUser('alice', [
        { accessKeyId: 'AKIASOON000000000001', createDate: daysAgo(85), lastUsed: daysAgo(1) },
      ]);
    unsent.failOn('Publish', awsError('ThrottlingException'));

    // Act
    const ok = await run(sent);
    const failed = await run(unsent);

    // Assess
    expect(ok.summary.actions.map((a) => a.outcome)).toEqual(['done']);
    expect(sent.user('alice').tags[tagOf('AKIASOON000000000001')]).toContain('warned-due=');
    expect(failed.summary.actions.map((a) => a.outcome)).toEqual(['failed']);
    expect(failed.summary.errors).toEqual([
      expect.objectContaining({ step: 'notify', user: 'alice' }),
    ]);
    expect(unsent.user('alice').tags[tagOf('AKIASOON000000000001')]).toBeUndefined();
  });
});
