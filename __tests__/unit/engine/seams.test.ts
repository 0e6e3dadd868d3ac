/**
 * Issue 7, the engine at its seams: a rotation whose run dies or whose answers are lost or refused, and
 * a person changing the user between the plan and the act. Each case is named for the item it covers.
 */
import { awsError, daysAgo, DAY_MS, FakeAccount, NOW } from './support/fake-account';
import { run, testConfig, SCHEDULE } from './support/engine';
import { expectNoOrphanKey } from './support/invariants';

const SECRET = 'iam-access-key/alice';
const MARKER_PREFIX = 'key-lifecycle:pending-create';
const daysLater = (days: number) => new Date(NOW.getTime() + days * DAY_MS);
const minutesLater = (m: number) => new Date(NOW.getTime() + m * 60_000);
const markers = (tags: Readonly<Record<string, string>>) =>
  Object.keys(tags).filter((k) => k.startsWith(MARKER_PREFIX));

function dueUser(account: FakeAccount) {
  const alice = account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
  return { alice, oldKey: alice.keys[0]!.accessKeyId };
}

const statusOf = (account: FakeAccount, id: string) =>
  account.user('alice').keys.find((k) => k.accessKeyId === id)?.status;

describe('a stored, verified key is never deactivated as an orphan', () => {
  it('completes the rotation when the state tag and the marker clear failed after the read-back', async () => {
    // Prepare: the key is stored and verified; then the created-tag write and the marker clear fail.
    const account = new FakeAccount();
    const { alice, oldKey } = dueUser(account);
    account.failOn('TagUser', awsError('Throttling'), 2);
    account.failOn('UntagUser', awsError('Throttling'), 1);
    await run(account);
    const newKey = account.created[0]!.accessKeyId;
    expect(markers(alice.tags)).toHaveLength(1);

    // Act: a day later, well past the marker's horizon.
    const { summary } = await run(account, testConfig(), SCHEDULE, daysLater(1));

    // Assess
    expect(summary.actions.filter((a) => a.action === 'deactivate')).toEqual([]);
    expect(statusOf(account, newKey)).toBe('Active');
    expect(statusOf(account, oldKey)).toBe('Active');
    expect(alice.tags[`key-lifecycle:key:${newKey}`]).toMatch(/^created=/);
    expect(markers(alice.tags)).toEqual([]);
    expect(account.current(SECRET)?.AccessKeyId).toBe(newKey);
    const created = account.published.filter((p) => p.payload.event === 'KEY_CREATED');
    expect(created.at(-1)?.body).toContain(newKey);
  });
});

describe('a refused create never turns a person’s key into an orphan', () => {
  it.each([
    ['AccessDenied (an SCP or permissions boundary)', () => awsError('AccessDenied')],
    ['LimitExceeded', () => awsError('LimitExceededException')],
  ])('removes the attempt’s marker when CreateAccessKey is refused with %s', async (_n, error) => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    account.failOn('CreateAccessKey', error());

    // Act
    await run(account);

    // Assess
    expect(markers(alice.tags)).toEqual([]);
  });

  it('leaves the key the owner then creates by hand alone, also past the marker horizon', async () => {
    // Prepare: the create is refused; five minutes later the owner makes a second key by hand.
    const account = new FakeAccount();
    const { alice, oldKey } = dueUser(account);
    account.failOn('CreateAccessKey', awsError('AccessDenied'));
    await run(account);
    alice.keys.push({
      accessKeyId: 'AKIAPERSONMADE000001',
      secret: 'person-made-secret-never-seen-by-the-engine',
      status: 'Active',
      createDate: minutesLater(5),
    });

    // Act: an hour later (a CloudTrail-triggered or scheduled run).
    const { summary } = await run(account, testConfig(), SCHEDULE, minutesLater(60));

    // Assess
    expect(summary.actions.filter((a) => a.reasons.includes('interrupted-rotation'))).toEqual([]);
    expect(statusOf(account, 'AKIAPERSONMADE000001')).toBe('Active');
    expect(statusOf(account, oldKey)).toBe('Active');
  });

  it('leaves a person’s key alone that made IAM answer LimitExceeded', async () => {
    // Prepare: between the fresh read and the create, the owner adds a second key by hand.
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    account.beforeCall = (command) => {
      if (command !== 'CreateAccessKey' || alice.keys.length > 1) return;
      alice.keys.push({
        accessKeyId: 'AKIAPERSONMADE000002',
        secret: 'person-made-secret-never-seen-by-the-engine-2',
        status: 'Active',
        createDate: NOW,
      });
    };
    const first = await run(account);
    account.beforeCall = () => undefined;

    // Act
    const { summary } = await run(account, testConfig(), SCHEDULE, daysLater(1));

    // Assess
    expect(first.summary.actions.map((a) => a.outcome)).toEqual(['skipped-concurrent']);
    expect(markers(alice.tags)).toEqual([]);
    expect(summary.actions.filter((a) => a.action === 'deactivate')).toEqual([]);
    expect(statusOf(account, 'AKIAPERSONMADE000002')).toBe('Active');
  });
});

describe('CreateAccessKey is never retried blindly', () => {
  it('deletes a key whose answer was lost in the same run and says so in the summary', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice, oldKey } = dueUser(account);
    account.lostResponses.add('CreateAccessKey');

    // Act
    const { summary } = await run(account);

    // Assess
    expect(account.calls.filter((c) => c === 'CreateAccessKey')).toHaveLength(1);
    expect(summary.actions.map((a) => a.outcome)).toEqual(['rolled-back']);
    expect(summary.errors).toEqual([
      expect.objectContaining({
        step: 'create-key',
        message: expect.stringContaining('appeared without its secret and was deleted again'),
      }),
    ]);
    expect(alice.keys.map((k) => k.accessKeyId)).toEqual([oldKey]);
    expect(markers(alice.tags)).toEqual([]);
    expectNoOrphanKey(account, SECRET);
  });

  it('keeps the marker and reports a critical error when the key can be neither read nor deleted', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    account.lostResponses.add('CreateAccessKey');
    account.failOn('DeleteAccessKey', awsError('ServiceUnavailable'));

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions.map((a) => a.outcome)).toEqual(['failed']);
    expect(summary.errors).toEqual([
      expect.objectContaining({ step: 'create-key', severity: 'critical' }),
    ]);
    expect(markers(alice.tags)).toHaveLength(1);
  });
});

describe('the re-read before acting covers tags and groups', () => {
  const unusedUser = (account: FakeAccount) =>
    account.addUser('alice', [{ createDate: daysAgo(200), lastUsed: daysAgo(60) }]);

  it.each([
    [
      'an exemption tag',
      (u: ReturnType<typeof unusedUser>) => {
        u.tags['key-lifecycle:exempt-until'] = '2026-12-31';
      },
    ],
    [
      'membership of the exempt group',
      (u: ReturnType<typeof unusedUser>) => {
        u.groups.push('break-glass');
      },
    ],
    [
      'a scope change (the managed tag removed)',
      (u: ReturnType<typeof unusedUser>) => {
        delete u.tags['key-lifecycle:managed'];
      },
    ],
  ])('does not deactivate when %s was added after the inventory', async (_n, change) => {
    // Prepare
    const account = new FakeAccount();
    const alice = unusedUser(account);
    alice.tags['key-lifecycle:managed'] = 'true';
    const key = alice.keys[0]!.accessKeyId;
    account.beforeCall = (command) => {
      if (command === 'GetUser') change(alice);
    };
    const config = testConfig();
    const policy = { ...config.policy, scope: 'tagged' as const, exemptGroup: 'break-glass' };

    // Act
    const { summary } = await run(account, { ...config, policy });

    // Assess
    expect(summary.actions).toEqual([
      expect.objectContaining({ accessKeyId: key, action: 'deactivate', outcome: 'skipped-stale' }),
    ]);
    expect(statusOf(account, key)).toBe('Active');
  });
});

describe('AWSCURRENT never points at a deletion record while a stored key is Active', () => {
  function storedDueUser(account: FakeAccount) {
    const { alice, oldKey } = dueUser(account);
    account.seedSecret(SECRET, 'alice', alice.keys[0]!);
    // The engine's own secrets carry its tag, so the store rewrites the policy and writes the value.
    account.secrets.get(SECRET)!.engineCreated = true;
    return { alice, oldKey };
  }

  it('moves AWSCURRENT back to the Active key when the first undo fails', async () => {
    // Prepare: the read-back fails after the value was written, and so does the first undo.
    const account = new FakeAccount();
    const { oldKey } = storedDueUser(account);
    account.failOn('GetSecretValue', awsError('ServiceFailure'));
    account.failOn('UpdateSecretVersionStage', awsError('ServiceFailure'));

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions.map((a) => a.outcome)).toEqual(['rolled-back']);
    expect(account.current(SECRET)?.AccessKeyId).toBe(oldKey);
    expect(account.current(SECRET)?.Status).toBeUndefined();
    expect(statusOf(account, oldKey)).toBe('Active');
  });

  it('never covers the Active key with a deletion record when the undo keeps failing', async () => {
    // Prepare
    const account = new FakeAccount();
    const { oldKey } = storedDueUser(account);
    account.failOn('GetSecretValue', awsError('ServiceFailure'));
    account.beforeCall = (command) => {
      if (command === 'UpdateSecretVersionStage') throw awsError('ServiceFailure');
    };

    // Act
    const { summary } = await run(account);

    // Assess
    expect(account.current(SECRET)?.Status).toBeUndefined();
    expect(summary.errors).toContainEqual(
      expect.objectContaining({
        step: 'restore-secret',
        severity: 'critical',
        message: expect.stringContaining(`while ${oldKey} is Active`),
      }),
    );
  });
});

describe('a secret someone else created is never trusted blindly', () => {
  // Which secrets are trusted (policy, KMS key, deletion, the engine's tag) is the secret store's
  // judgement: __tests__/unit/aws/secret-adapters.test.ts. Here: what the engine does with a verdict.
  it('creates no key when the store does not trust the secret, and says why once', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    const why =
      'its resource policy lets arn:aws:iam::123456789012:role/someone-else read the value';
    account.seedSecret(SECRET, 'alice', alice.keys[0]!, why);

    // Act
    const first = await run(account);
    const second = await run(account, testConfig(), SCHEDULE, daysLater(1));

    // Assess
    expect(account.calls).not.toContain('CreateAccessKey');
    expect(markers(alice.tags)).toEqual([]);
    expect(first.summary.blocked).toEqual([
      expect.objectContaining({
        reason: 'secret-not-trusted',
        message: expect.stringContaining(why),
      }),
    ]);
    expect(second.summary.blocked.map((b) => b.reason)).toEqual(['secret-not-trusted']);
    const blockedMails = account.published.filter((p) => p.payload.event === 'ROTATION_BLOCKED');
    expect(blockedMails).toHaveLength(1);
  });

  it('rotates into a secret the module created (owner-only policy, configured key)', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    account.seedSecret(SECRET, 'alice', alice.keys[0]!);

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions.map((a) => `${a.action} ${a.outcome}`)).toEqual(['create done']);
    expect(account.current(SECRET)?.AccessKeyId).toBe(account.created[0]!.accessKeyId);
  });
});

describe('IAM’s 50-tags-per-user limit', () => {
  const fill = (tags: Record<string, string>, n: number) => {
    for (let i = 0; i < n; i++) tags[`team:label-${i}`] = 'x';
  };

  it('blocks a rotation up front, once, when the user has no room for its state', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    fill(alice.tags, 49);

    // Act
    const first = await run(account);
    const second = await run(account, testConfig(), SCHEDULE, daysLater(1));

    // Assess
    expect(account.calls).not.toContain('CreateAccessKey');
    expect(first.summary.blocked).toEqual([
      expect.objectContaining({ reason: 'no-tag-room', message: expect.stringContaining('49') }),
    ]);
    expect(second.summary.blocked.map((b) => b.reason)).toEqual(['no-tag-room']);
    const blockedMails = account.published.filter((p) => p.payload.event === 'ROTATION_BLOCKED');
    expect(blockedMails).toHaveLength(1);
  });

  it('frees a stale engine tag before writing, so a user at 50 tags still gets its state', async () => {
    // Prepare: 48 tags of the team's, one stale engine tag of a key long gone, one unused key.
    const account = new FakeAccount();
    const alice = account.addUser('alice', [{ createDate: daysAgo(200), lastUsed: daysAgo(60) }]);
    fill(alice.tags, 48);
    alice.tags['key-lifecycle:key:AKIAGONE000000000001'] = 'inactive-since=2026-01-01T00:00:00Z';
    const key = alice.keys[0]!.accessKeyId;

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.errors).toEqual([]);
    expect(statusOf(account, key)).toBe('Inactive');
    expect(alice.tags['key-lifecycle:key:AKIAGONE000000000001']).toBeUndefined();
    expect(alice.tags[`key-lifecycle:key:${key}`]).toMatch(/inactive-since=/);
  });

  it('rotates when 48 tags leave room for the marker and the new key’s state', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    fill(alice.tags, 48);

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions.map((a) => `${a.action} ${a.outcome}`)).toEqual(['create done']);
    expect(summary.errors).toEqual([]);
  });
});

describe('exempt users are reported', () => {
  function exemptAccount() {
    const account = new FakeAccount();
    const old = { createDate: daysAgo(400), lastUsed: daysAgo(1) };
    account.addUser('breakglass', [old]).groups.push('break-glass');
    account.addUser('vendor', [old]).tags['key-lifecycle:exempt-until'] = '2026-09-30';
    account.addUser('forever', [old]).tags['key-lifecycle:exempt-until'] = '2099-01-01';
    account.addUser('normal', [{ createDate: daysAgo(10), lastUsed: daysAgo(1) }]);
    const config = testConfig();
    return {
      account,
      config: { ...config, policy: { ...config.policy, exemptGroup: 'break-glass' } },
    };
  }

  it('gives each exempt user a line with the reason and expiry, and counts them', async () => {
    // Prepare
    const { account, config } = exemptAccount();

    // Act
    const { summary, logLines } = await run(account, config);

    // Assess
    expect(summary.usersExempt).toBe(3);
    expect(summary.exempt).toEqual([
      { user: 'breakglass', why: 'group' },
      { user: 'vendor', why: 'tag', until: '2026-10-01T00:00:00.000Z' },
      { user: 'forever', why: 'tag', until: '2027-06-01T12:00:00.000Z', capped: true },
    ]);
    expect(logLines.filter((l) => l.type === 'exempt').map((l) => l.user)).toEqual([
      'breakglass',
      'vendor',
      'forever',
    ]);
    expect(summary.actions).toEqual([]);
    // The one write: when the engine first saw the capped exemption (its cap runs from then).
    expect(account.writes()).toEqual(['TagUser']);
    expect(account.user('forever').tags['key-lifecycle:exempt-seen']).toMatch(
      /^until=2099-01-01 seen=/,
    );
  });

  it('caps an exemption further ahead than the maximum, with a warning naming the tag', async () => {
    // Prepare
    const { account, config } = exemptAccount();

    // Act
    const { summary } = await run(account, config);

    // Assess
    expect(summary.warnings).toContainEqual(
      expect.objectContaining({
        user: 'forever',
        code: 'exemption-capped',
        message: expect.stringContaining('2099-01-01'),
      }),
    );
  });

  it('puts the exempt count and list in RUN_SUMMARY (report mode sends it every run)', async () => {
    // Prepare
    const { account, config } = exemptAccount();

    // Act
    await run(account, { ...config, mode: 'report' });

    // Assess
    const summaryMail = account.published.find((p) => p.payload.event === 'RUN_SUMMARY');
    expect(summaryMail!.body).toContain('usersExempt 3');
    expect(summaryMail!.payload.details?.exemptList).toHaveLength(3);
  });
});

describe('the trust check itself failing or racing', () => {
  it('creates no key when the secret cannot be examined', async () => {
    // Prepare
    const account = new FakeAccount();
    dueUser(account);
    account.failOn('DescribeSecret', awsError('ServiceUnavailable'));

    // Act
    const { summary } = await run(account);

    // Assess
    expect(account.calls).not.toContain('CreateAccessKey');
    expect(summary.errors).toEqual([expect.objectContaining({ user: 'alice' })]);
  });

  it('never writes into a secret that appeared after the check found none', async () => {
    // Prepare: someone creates the secret between the trust check and the store.
    const account = new FakeAccount();
    const { alice, oldKey } = dueUser(account);
    account.beforeCall = (command) => {
      if (command === 'CreateAccessKey' && !account.secrets.has(SECRET)) {
        const why = 'it is encrypted with KMS key alias/someone-elses, not the configured one';
        account.seedSecret(SECRET, 'alice', alice.keys[0]!, why);
      }
    };

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions.map((a) => a.outcome)).toEqual(['rolled-back']);
    expect(account.current(SECRET)?.AccessKeyId).toBe(oldKey);
    expect(alice.keys.map((k) => k.accessKeyId)).toEqual([oldKey]);
  });
});
