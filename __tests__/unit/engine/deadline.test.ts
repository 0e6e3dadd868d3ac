/**
 * The deadline guard in a whole run: users are deferred whole (never half-read, never half-done),
 * the summary says so, and the circuit breaker still sees every plan. The fake remaining-time
 * functions drop when the run reaches a given AWS call, so no test depends on wall time.
 */
import { runWarningRecord } from '../../../lambda/notify/run-words';
import { awsError, daysAgo, FakeAccount } from './support/fake-account';
import { events, run, SCHEDULE, testConfig } from './support/engine';

const PLENTY_MS = 900_000;
const READS_STOPPED_MS = 200_000; // below the read threshold (300 s of 900 s), above the execution one
const ALL_STOPPED_MS = 60_000;

/** Remaining time is plenty until `command` has been called `times` times, then `after`. */
function dropsAfter(account: FakeAccount, command: string, times: number, after: number) {
  return () => (account.calls.filter((c) => c === command).length >= times ? after : PLENTY_MS);
}

function dueUsers(account: FakeAccount, n: number): void {
  for (let i = 1; i <= n; i++)
    account.addUser(`due${i}`, [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
}

function unusedUsers(account: FakeAccount, n: number): void {
  for (let i = 1; i <= n; i++)
    account.addUser(`idle${i}`, [{ createDate: daysAgo(60), lastUsed: daysAgo(50) }]);
}

const count = (account: FakeAccount, command: string) =>
  account.calls.filter((c) => c === command).length;

describe('deadline guard', () => {
  it('stops reading mid-inventory and still acts on the users it read', async () => {
    // Prepare
    const a = new FakeAccount();
    dueUsers(a, 6);
    a.credentialReport = awsError('LimitExceededException');
    const remainingTimeMs = dropsAfter(a, 'ListAccessKeys', 2, READS_STOPPED_MS);

    // Act
    const { summary } = await run(a, testConfig(), SCHEDULE, undefined, {
      concurrency: 1,
      remainingTimeMs,
    });

    // Assess
    expect(summary).toMatchObject({ incomplete: true, usersDeferred: 4, usersEvaluated: 2 });
    expect(count(a, 'ListAccessKeys')).toBe(2 + 2); // two reads, then the two fresh re-reads
    expect(summary.actions.map((x) => x.outcome)).toEqual(['done', 'done']);
    const rotated = [...a.users.values()].filter((u) => u.keys.length === 2).map((u) => u.userName);
    expect(rotated.sort()).toEqual(summary.actions.map((x) => x.user).sort());
    expect(summary.warnings).toContainEqual(
      runWarningRecord({ code: 'run-deadline-reached', notRead: 4, notExecuted: 0 }),
    );
  });

  it('leaves nothing half-done when the deadline comes during the reads', async () => {
    // Prepare
    const a = new FakeAccount();
    dueUsers(a, 6);
    a.credentialReport = awsError('LimitExceededException');
    const remainingTimeMs = dropsAfter(a, 'ListAccessKeys', 2, ALL_STOPPED_MS);

    // Act
    const { summary } = await run(a, testConfig(), SCHEDULE, undefined, {
      concurrency: 1,
      remainingTimeMs,
    });

    // Assess
    expect(summary).toMatchObject({ incomplete: true, usersDeferred: 6 });
    expect(count(a, 'ListAccessKeys')).toBe(2);
    expect(summary.actions.map((x) => `${x.action}:${x.outcome}`)).toEqual([
      'create:deferred',
      'create:deferred',
    ]);
    expect(a.writes()).toEqual([]);
    expect(events(a)).toEqual(['RUN_SUMMARY']);
    expect(JSON.stringify(a.published[0]?.payload)).toMatch(/incomplete\\?":true/);
  });

  it('executes users before the deadline and defers every later one', async () => {
    // Prepare
    const a = new FakeAccount();
    unusedUsers(a, 3);
    const remainingTimeMs = dropsAfter(a, 'UpdateAccessKey', 1, ALL_STOPPED_MS);

    // Act
    const { summary } = await run(a, testConfig(), SCHEDULE, undefined, {
      concurrency: 1,
      remainingTimeMs,
    });

    // Assess
    expect(summary.actions.map((x) => `${x.user}:${x.action}:${x.outcome}`)).toEqual([
      'idle1:deactivate:done',
      'idle2:deactivate:deferred',
      'idle3:deactivate:deferred',
    ]);
    expect(a.user('idle2').keys[0]!.status).toBe('Active');
    expect(a.user('idle3').keys[0]!.status).toBe('Active');
    expect(a.user('idle2').tags).toEqual({});
    expect(a.user('idle3').tags).toEqual({});
    expect(summary).toMatchObject({ incomplete: true, usersDeferred: 2, errors: [] });
    expect(events(a)).toEqual(['KEY_DEACTIVATED', 'RUN_SUMMARY']);
  });

  it('trips the circuit breaker on the whole plan, including users it would defer', async () => {
    // Prepare
    const a = new FakeAccount();
    unusedUsers(a, 3);
    const remainingTimeMs = dropsAfter(a, 'GetAccessKeyLastUsed', 3, ALL_STOPPED_MS);

    // Act
    const { summary } = await run(a, testConfig({}, 2), SCHEDULE, undefined, {
      concurrency: 1,
      remainingTimeMs,
    });

    // Assess
    expect(summary.circuitBreakerTripped).toBe(true);
    expect(summary.blocked.filter((b) => b.reason === 'circuit-breaker')).toHaveLength(3);
    expect(count(a, 'UpdateAccessKey')).toBe(0);
    expect(events(a)).toContain('CIRCUIT_BREAKER_TRIPPED');
  });

  it('has no deadline without a remaining-time function', async () => {
    // Prepare
    const a = new FakeAccount();
    dueUsers(a, 3);
    a.credentialReport = awsError('LimitExceededException');

    // Act
    const { summary } = await run(a);

    // Assess
    expect(summary).toMatchObject({ incomplete: false, usersDeferred: 0 });
    expect(summary.actions.map((x) => x.outcome)).toEqual(['done', 'done', 'done']);
    expect(summary.warnings.map((w) => w.code)).not.toContain('run-deadline-reached');
  });
});
