import { expectNoOrphanKey } from './support/invariants';
import { awsError, daysAgo, FakeAccount, NOW } from './support/fake-account';
import { events, run } from './support/engine';

const SECRET = 'iam-access-key/alice';
const READ = [
  'GetAccountAuthorizationDetails',
  'GenerateCredentialReport',
  'GetCredentialReport',
  'ListAccessKeys',
  'GetAccessKeyLastUsed',
];
/** When planning a create: may the user's secret receive a key (a new secret: yes)? */
const TRUST = ['DescribeSecret'];
/** The fresh read before a create: the key listing (last use, tags and groups are read again only before a destructive action). */
const FRESH = [...TRUST, 'ListAccessKeys'];
/** The pending-create marker is written right before CreateAccessKey (TagUser) and cleared after (UntagUser). */
const MARK = 'TagUser';
const UNMARK = 'UntagUser';
/** Storing into a new secret: the trust check found none, so it is created without describing it again. */
const STORE = ['CreateSecret', 'PutResourcePolicy', 'PutSecretValue', 'GetSecretValue'];

function dueUser(account: FakeAccount) {
  return account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
}

describe('rotation of a due key', () => {
  it('creates, stores, verifies, tags and notifies the owner', async () => {
    // Prepare
    const account = new FakeAccount();
    const alice = dueUser(account);
    const oldKey = alice.keys[0]!.accessKeyId;

    // Act
    const { summary } = await run(account);

    // Assess
    const newKey = account.created[0]!.accessKeyId;
    expect(summary.actions).toEqual([
      {
        user: 'alice',
        accessKeyId: oldKey,
        action: 'create',
        reasons: ['rotation-due'],
        outcome: 'done',
        newAccessKeyId: newKey,
      },
    ]);
    expect(account.calls).toEqual([
      ...READ,
      ...FRESH,
      MARK,
      'CreateAccessKey',
      ...STORE,
      'TagUser',
      UNMARK,
      'Publish',
      'Publish',
    ]);
    expectNoOrphanKey(account, SECRET);
    expect(alice.tags[`key-lifecycle:key:${newKey}`]).toMatch(/^created=/);
    expect(alice.tags['key-lifecycle:pending-create']).toBeUndefined();
    expect(events(account)).toEqual(['KEY_CREATED', 'RUN_SUMMARY']);
    expect(account.published[0]!.payload.user).toBe('alice');
  });
});

describe('a failure at each AWS call of a rotation leaves no orphan key and no lost secret', () => {
  const CREATED = [...FRESH, MARK, 'CreateAccessKey'];
  it.each([
    // The marker could not be written: no key is created that a crash could leave unrecognised.
    {
      call: 'TagUser',
      nth: 1,
      outcome: 'failed',
      calls: [...FRESH, MARK, 'Publish'],
      created: 0,
    },
    {
      call: 'ListAccessKeys',
      nth: 2,
      outcome: 'failed',
      calls: [...TRUST, 'ListAccessKeys', 'Publish'],
      created: 0,
    },
    // No clear answer (a 500): the keys are read again; nothing appeared, so the attempt's marker goes.
    {
      call: 'CreateAccessKey',
      nth: 1,
      outcome: 'failed',
      calls: [...CREATED, 'ListAccessKeys', UNMARK, 'Publish'],
      created: 0,
    },
    {
      call: 'CreateSecret',
      nth: 1,
      outcome: 'rolled-back',
      calls: [...CREATED, 'CreateSecret', 'DeleteAccessKey', 'Publish', UNMARK, 'Publish'],
      created: 1,
    },
    {
      call: 'PutResourcePolicy',
      nth: 1,
      outcome: 'rolled-back',
      calls: [...CREATED, ...STORE.slice(0, 2), 'DeleteAccessKey', 'Publish', UNMARK, 'Publish'],
      created: 1,
    },
    {
      call: 'PutSecretValue',
      nth: 1,
      outcome: 'rolled-back',
      calls: [
        ...CREATED,
        ...STORE.slice(0, 3),
        'DescribeSecret',
        'DeleteAccessKey',
        'Publish',
        UNMARK,
        'Publish',
      ],
      created: 1,
    },
    // Verification failed after a version was written to a new secret: nothing to restore, so the
    // deletion is recorded as the new AWSCURRENT once the key is gone.
    {
      call: 'GetSecretValue',
      nth: 1,
      outcome: 'rolled-back',
      calls: [
        ...CREATED,
        ...STORE,
        'DescribeSecret',
        'DeleteAccessKey',
        'Publish',
        'GetSecretValue',
        'PutSecretValue',
        UNMARK,
        'Publish',
      ],
      created: 1,
    },
    // The created-tag write failed after the key was stored: the marker is cleared all the same, so the
    // stored key can never be taken for an orphan.
    {
      call: 'TagUser',
      nth: 2,
      outcome: 'done',
      calls: [...CREATED, ...STORE, 'TagUser', UNMARK, 'Publish', 'Publish'],
      created: 1,
    },
    {
      call: 'Publish',
      nth: 1,
      outcome: 'done',
      calls: [...CREATED, ...STORE, 'TagUser', UNMARK, 'Publish', 'Publish'],
      created: 1,
    },
  ])('$call fails → $outcome', async ({ call, nth, outcome, calls, created }) => {
    // Prepare
    const account = new FakeAccount();
    const alice = dueUser(account);
    const oldKey = alice.keys[0]!;
    account.failOn(call, awsError('ServiceFailure', `${call} is unavailable`), nth);

    // Act
    const { summary } = await run(account);

    // Assess
    expect(account.calls.slice(READ.length)).toEqual(calls);
    expect(summary.actions.map((a) => a.outcome)).toEqual([outcome]);
    expect(account.created.map((k) => k.accessKeyId)).toHaveLength(created);
    expectNoOrphanKey(account, SECRET);
    expect(alice.keys.find((k) => k.accessKeyId === oldKey.accessKeyId)?.status).toBe('Active');
    expect(summary.errors.length).toBeGreaterThan(0);
    expect(summary.errors.every((e) => e.severity === undefined)).toBe(true);
    if (outcome === 'rolled-back') {
      expect(alice.keys.map((k) => k.accessKeyId)).toHaveLength(1);
      expect(account.current(SECRET)?.SecretAccessKey).toBeUndefined();
    }
  });

  it('restores AWSCURRENT to the previous key when verification fails on an existing secret', async () => {
    // Prepare
    const account = new FakeAccount();
    const alice = dueUser(account);
    account.seedSecret(SECRET, 'alice', alice.keys[0]!);
    account.failOn('GetSecretValue', awsError('InternalServiceError'));

    // Act
    const { summary } = await run(account);

    // Assess
    expect(account.calls.slice(READ.length)).toEqual([
      'DescribeSecret',
      'GetResourcePolicy',
      ...CREATED_CALLS.slice(TRUST.length),
      'DescribeSecret',
      'PutSecretValue',
      'GetSecretValue',
      'DescribeSecret',
      'UpdateSecretVersionStage',
      'DeleteAccessKey',
      'Publish',
      UNMARK,
      'Publish',
    ]);
    expect(summary.actions[0]!.outcome).toBe('rolled-back');
    expect(account.current(SECRET)?.AccessKeyId).toBe(alice.keys[0]!.accessKeyId);
    expect(account.current(SECRET)?.SecretAccessKey === alice.keys[0]!.secret).toBe(true);
    expectNoOrphanKey(account, SECRET);
  });

  it('reports a critical error and RUN_FAILED when the rollback delete fails too, naming only the key id', async () => {
    // Prepare
    const account = new FakeAccount();
    dueUser(account);
    account.failOn('PutResourcePolicy', awsError('AccessDeniedException'));
    account.failOn('DeleteAccessKey', awsError('ServiceFailure'));

    // Act
    const { summary } = await run(account);

    // Assess
    const orphan = account.created[0]!.accessKeyId;
    const critical = summary.errors.filter((e) => e.severity === 'critical');
    expect(critical).toEqual([
      expect.objectContaining({ accessKeyId: orphan, step: 'rollback-delete-key' }),
    ]);
    expect(critical[0]!.message).toContain(orphan);
    expect(events(account)).toEqual(['RUN_FAILED', 'RUN_SUMMARY']);
    expect(account.published[0]!.payload.severity).toBe('critical');
  });
});

const CREATED_CALLS = [...FRESH, MARK, 'CreateAccessKey'];

describe('CreateAccessKey answering LimitExceeded', () => {
  it('is skipped-concurrent when a newer key shows another run rotated first', async () => {
    // Prepare
    const account = new FakeAccount();
    const alice = dueUser(account);
    // Between our fresh read and our create, a concurrent run adds the replacement.
    account.failOn('CreateAccessKey', awsError('LimitExceededException'));
    account.beforeCall = (command) => {
      if (command !== 'CreateAccessKey') return;
      alice.keys.push({
        accessKeyId: 'AKIACONCURRENT000001',
        secret: 'concurrent-secret-not-ours',
        status: 'Active',
        createDate: NOW,
      });
    };

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions.map((a) => a.outcome)).toEqual(['skipped-concurrent']);
    expect(summary.errors).toEqual([]);
    // This attempt's own marker goes (the winner's marker has a tag key of its own).
    expect(account.writes()).toEqual([MARK, 'CreateAccessKey', UNMARK]);
    expect(events(account)).toEqual(['RUN_SUMMARY']);
  });

  it('is a failure (not a crash) when no newer key explains it', async () => {
    // Prepare
    const account = new FakeAccount();
    dueUser(account);
    account.failOn('CreateAccessKey', awsError('LimitExceededException'));

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions.map((a) => a.outcome)).toEqual(['failed']);
    expect(summary.errors).toEqual([
      expect.objectContaining({ user: 'alice', step: 'create-key' }),
    ]);
  });
});
