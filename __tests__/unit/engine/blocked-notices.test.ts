/**
 * ROTATION_BLOCKED is published once per key and blocking reason, again every 7 days, and its state is
 * written only after the Publish succeeded. The block stays in the summary every run.
 */
import { awsError, daysAgo, DAY_MS, FakeAccount, NOW } from './support/fake-account';
import { events, run, SCHEDULE, testConfig } from './support/engine';

const daysLater = (days: number) => new Date(NOW.getTime() + days * DAY_MS);

/** B is due; A is Inactive with 8 days of its recovery window left: B's rotation is blocked. */
function blockedUser(account: FakeAccount) {
  const alice = account.addUser('alice', [
    { status: 'Inactive', createDate: daysAgo(200), lastUsed: daysAgo(30) },
    { createDate: daysAgo(100), lastUsed: daysAgo(1) },
  ]);
  const [a, b] = alice.keys.map((k) => k.accessKeyId);
  alice.tags[`key-lifecycle:key:${a}`] = 'inactive-since=2026-05-30T12:00:00Z';
  return { alice, blockedKey: b! };
}

async function runOn(account: FakeAccount, day: number) {
  account.published.length = 0;
  const { summary } = await run(account, testConfig(), SCHEDULE, daysLater(day));
  return { summary, events: events(account) };
}

describe('ROTATION_BLOCKED', () => {
  it('is published on the first day, not the next days, and again after 7 days', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice, blockedKey } = blockedUser(account);

    // Act
    const day0 = await runOn(account, 0);
    const day1 = await runOn(account, 1);
    const day6 = await runOn(account, 6);
    const day7 = await runOn(account, 7);

    // Assess
    expect(day0.events).toEqual(['ROTATION_BLOCKED', 'RUN_SUMMARY']);
    expect(day1.events).toEqual([]);
    expect(day6.events).toEqual([]);
    expect(day7.events).toEqual(['ROTATION_BLOCKED', 'RUN_SUMMARY']);
    for (const { summary } of [day0, day1, day6, day7]) {
      expect(summary.blocked).toEqual([
        expect.objectContaining({
          accessKeyId: blockedKey,
          reason: 'two-key-limit-key-in-recovery',
        }),
      ]);
    }
    expect(alice.tags[`key-lifecycle:key:${blockedKey}`]).toBe(
      'blocked-notified=2026-06-08T12:00:00Z blocked-reason=key-in-recovery',
    );
  });

  it('is retried the next run when its Publish failed, because its state was not written', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice, blockedKey } = blockedUser(account);
    account.failOn('Publish', awsError('ThrottlingException'));

    // Act
    const day0 = await runOn(account, 0);
    const day1 = await runOn(account, 1);

    // Assess
    expect(day0.summary.errors).toEqual([expect.objectContaining({ step: 'notify' })]);
    expect(day1.events).toEqual(['ROTATION_BLOCKED', 'RUN_SUMMARY']);
    expect(alice.tags[`key-lifecycle:key:${blockedKey}`]).toMatch(/^blocked-notified=2026-06-02/);
  });

  it('leaves no blocked state once the rotation could proceed', async () => {
    // Prepare
    const account = new FakeAccount();
    const { alice, blockedKey } = blockedUser(account);
    await runOn(account, 0);

    // Act: A's recovery window has ended: it is deleted and B rotated.
    const day9 = await runOn(account, 9);

    // Assess
    expect(day9.summary.actions.map((a) => `${a.action} ${a.outcome}`)).toEqual([
      'delete done',
      'create done',
    ]);
    expect(alice.tags[`key-lifecycle:key:${blockedKey}`]).toBeUndefined();
  });

  it('is never sent in report mode', async () => {
    // Prepare
    const account = new FakeAccount();
    blockedUser(account);

    // Act
    const { summary } = await run(account, testConfig({ mode: 'report' }));

    // Assess
    expect(summary.blocked).toHaveLength(1);
    expect(events(account)).toEqual(['RUN_SUMMARY']);
    expect(account.writes()).toEqual([]);
  });
});
