/**
 * The pending-create marker around CreateAccessKey, and a run that dies between creating a key and
 * storing it: a later run must deactivate the unstored key, never the key the workload still uses.
 */
import { awsError, daysAgo, DAY_MS, FakeAccount, NOW } from './support/fake-account';
import { events, run, testConfig, SCHEDULE } from './support/engine';

const MARKER_PREFIX = 'key-lifecycle:pending-create';
/** The attempt's marker on the user (its tag key names the attempt), or undefined. */
const marker = (tags: Readonly<Record<string, string>>) =>
  Object.entries(tags).find(([k]) => k.startsWith(MARKER_PREFIX))?.[1];
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const daysLater = (days: number) => new Date(NOW.getTime() + days * DAY_MS);

function dueUser(account: FakeAccount) {
  const alice = account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
  return { alice, oldKey: alice.keys[0]!.accessKeyId };
}

/** A run that created a key, could not store it and could not delete it either: the key is orphaned. */
async function crashedRotation(account: FakeAccount) {
  account.failOn('PutResourcePolicy', awsError('AccessDeniedException'));
  account.failOn('DeleteAccessKey', awsError('ServiceUnavailable'));
  await run(account);
  return account.created[0]!.accessKeyId;
}

describe('the pending-create marker', () => {
  it('is on the user when CreateAccessKey is called, naming the key being replaced', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice, oldKey } = dueUser(account);
    let markerAtCreate: string | undefined;
    account.beforeCall = (command) => {
      if (command === 'CreateAccessKey') markerAtCreate = marker(alice.tags);
    };

    // Act
    await run(account);

    // Assess
    expect(markerAtCreate).toBe(`replacing=${oldKey} at=2026-06-01T12:00:00Z`);
    expect(markerAtCreate).toMatch(/^[\w .:/=+\-@]{1,256}$/);
  });

  it.each([
    ['the key was stored', undefined, 'done'],
    ['the store failed and the key was deleted again', 'PutSecretValue', 'rolled-back'],
  ])('is removed once %s', async (_n, failing, outcome) => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    if (failing) account.failOn(failing, awsError('ServiceFailure'));

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions.map((a) => a.outcome)).toEqual([outcome]);
    expect(marker(alice.tags)).toBeUndefined();
  });

  it('stops the rotation before CreateAccessKey when it cannot be written', async () => {
    // Prepare
    const account = new FakeAccount();
    dueUser(account);
    account.failOn('TagUser', awsError('AccessDenied'));

    // Act
    const { summary } = await run(account);

    // Assess
    expect(account.calls).not.toContain('CreateAccessKey');
    expect(account.created).toEqual([]);
    expect(summary.errors).toEqual([
      expect.objectContaining({ user: 'alice', step: 'write-pending-create' }),
    ]);
  });

  it('stays when the created key could be neither stored nor deleted', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);

    // Act
    await crashedRotation(account);

    // Assess
    expect(marker(alice.tags)).toMatch(/^replacing=/);
    expect(alice.keys).toHaveLength(2);
  });
});

describe('after an interrupted rotation', () => {
  it('leaves the user alone while the interrupted run may still be in flight', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice } = dueUser(account);
    await crashedRotation(account);
    const writesBefore = account.writes().length;

    // Act
    const { summary } = await run(account, testConfig(), SCHEDULE, later(10));

    // Assess
    expect(summary.actions).toEqual([]);
    expect(account.writes()).toHaveLength(writesBefore);
    expect(alice.keys.every((k) => k.status === 'Active')).toBe(true);
  });

  it('deactivates the orphan, keeps the old key Active and settles the marker, run after run', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice, oldKey } = dueUser(account);
    const orphan = await crashedRotation(account);
    const status = (id: string) => alice.keys.find((k) => k.accessKeyId === id)?.status;
    account.published.length = 0;

    // Act
    const day1 = await run(account, testConfig(), SCHEDULE, daysLater(1));

    // Assess
    expect(day1.summary.actions).toEqual([
      expect.objectContaining({
        accessKeyId: orphan,
        action: 'deactivate',
        reasons: ['interrupted-rotation'],
        outcome: 'done',
      }),
    ]);
    expect(status(orphan)).toBe('Inactive');
    expect(status(oldKey)).toBe('Active');
    expect(events(account)).toContain('KEY_DEACTIVATED');
    expect(marker(alice.tags)).toBeDefined();

    // Act: the next day the marker is settled; past graceDays the old key is still not retired.
    await run(account, testConfig(), SCHEDULE, daysLater(2));
    const day9 = await run(account, testConfig(), SCHEDULE, daysLater(9));

    // Assess
    expect(marker(alice.tags)).toBeUndefined();
    expect(status(oldKey)).toBe('Active');
    expect(day9.summary.actions.filter((a) => a.action === 'deactivate')).toEqual([]);
  });

  it('deletes the orphan after its recovery window and then rotates the old key again', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice, oldKey } = dueUser(account);
    const orphan = await crashedRotation(account);
    await run(account, testConfig(), SCHEDULE, daysLater(1));

    // Act
    const { summary } = await run(account, testConfig(), SCHEDULE, daysLater(12));

    // Assess
    expect(summary.actions.map((a) => `${a.accessKeyId} ${a.action} ${a.outcome}`)).toEqual([
      `${orphan} delete done`,
      `${oldKey} create done`,
    ]);
    expect(alice.keys.map((k) => k.accessKeyId)).toEqual([oldKey, account.created[1]!.accessKeyId]);
    expect(marker(alice.tags)).toBeUndefined();
  });
});
