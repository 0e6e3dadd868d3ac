/**
 * Who uses a key, in the engine (lambda/engine/key-usage.ts) over an in-memory CloudTrail: only keys
 * with a decision whose notice carries the fingerprint are looked up, each once a run, one request at a
 * time with a pause between them, at most KEY_USAGE_LOOKUPS requests; a refusal is a warning that
 * changes no decision.
 */
import type { UsageEvent } from '../../../lambda/core/key-usage/summary';
import type { KeyUsageSource, UsagePage } from '../../../lambda/engine/ports';
import {
  LOOKUP_INTERVAL_MS,
  MAX_PAGES_PER_KEY,
  THROTTLED_PAUSE_MS,
} from '../../../lambda/engine/key-usage';
import { daysAgo, FakeAccount, NOW } from './support/fake-account';
import { run, testConfig } from './support/engine';

const used = (minutesAgo: number): UsageEvent => ({
  time: new Date(NOW.getTime() - minutesAgo * 60_000),
  eventName: 'GetCallerIdentity',
  eventSource: 'sts.amazonaws.com',
  region: 'us-east-1',
  userAgent: 'aws-cli/2.15.30 Python/3.11.8',
  sourceAddress: '203.0.113.17',
});

/** Pages of `size` events per key; `answer` overrides every answer (refusals). */
class FakeTrail implements KeyUsageSource {
  readonly requests: { accessKeyId: string; token?: string }[] = [];
  constructor(
    private readonly events: Readonly<Record<string, number>> = {},
    private readonly answer?: UsagePage,
    private readonly size = 50,
  ) {}

  /** Throttle this many requests first (another caller using the account's quota). */
  throttleFirst = 0;

  async lookupPage(accessKeyId: string, _since: Date, _until: Date, token?: string) {
    this.requests.push({ accessKeyId, ...(token ? { token } : {}) });
    if (this.requests.length <= this.throttleFirst) {
      return { kind: 'throttled' as const, reason: 'ThrottlingException: Rate exceeded' };
    }
    if (this.answer) return this.answer;
    const all = Array.from({ length: this.events[accessKeyId] ?? 0 }, (_, i) => used(i + 1));
    const from = Number(token ?? 0);
    const next = from + this.size < all.length ? String(from + this.size) : undefined;
    return {
      kind: 'page' as const,
      events: all.slice(from, from + this.size),
      ...(next ? { nextToken: next } : {}),
    };
  }
}

/** Three users with a key each: one due a warning, one due rotation, one idle (deactivated as unused). */
function account(): {
  a: FakeAccount;
  warned: string;
  rotated: string;
  idle: string;
  quiet: string;
} {
  const a = new FakeAccount();
  const warned = a.addUser('warned', [{ createDate: daysAgo(85), lastUsed: daysAgo(1) }]).keys[0]!
    .accessKeyId;
  const rotated = a.addUser('rotated', [{ createDate: daysAgo(95), lastUsed: daysAgo(1) }]).keys[0]!
    .accessKeyId;
  const idle = a.addUser('idle', [{ createDate: daysAgo(100), lastUsed: daysAgo(60) }]).keys[0]!
    .accessKeyId;
  const quiet = a.addUser('quiet', [{ createDate: daysAgo(10), lastUsed: daysAgo(1) }]).keys[0]!
    .accessKeyId;
  return { a, warned, rotated, idle, quiet };
}

const withLookups = (n: number) =>
  testConfig({ policy: { ...testConfig().policy, ruleSettings: { keyUsageLookups: n } } });

describe('who uses a key, in the engine', () => {
  it('looks up only the keys it warns about, rotates or retires, each once, and puts the summary in their notices', async () => {
    // Prepare
    const { a, warned, rotated, idle, quiet } = account();
    const trail = new FakeTrail({ [warned]: 2, [rotated]: 1, [idle]: 0, [quiet]: 5 });
    const pauses: number[] = [];

    // Act
    const { summary, logLines } = await run(a, testConfig(), undefined, NOW, {
      keyUsage: trail,
      pause: async (ms) => void pauses.push(ms),
    });

    // Assess
    expect(trail.requests.map((r) => r.accessKeyId).sort()).toEqual([idle, rotated, warned].sort());
    expect(pauses).toEqual([LOOKUP_INTERVAL_MS, LOOKUP_INTERVAL_MS]);
    const usageOf = (id: string) =>
      a.published.find((p) => p.notice.event !== 'RUN_SUMMARY' && p.payload.accessKeyId === id)
        ?.payload.usage;
    expect(usageOf(warned)).toMatchObject({ events: 2, userAgents: ['aws-cli/2'] });
    expect(usageOf(rotated)).toMatchObject({ events: 1 });
    expect(usageOf(idle)).toMatchObject({ events: 0 });
    const warnedNotice = a.published.find((p) => p.payload.accessKeyId === warned)!;
    expect(warnedNotice.body).toContain(
      'Who uses it (CloudTrail, last 90 days): aws-cli/2 from 203.0.113.0/24',
    );
    const decision = logLines.find((l) => l.type === 'decision' && l.accessKeyId === warned);
    expect(decision?.usage).toEqual(usageOf(warned));
    expect(summary.warnings.filter((w) => w.code.startsWith('key-usage'))).toEqual([]);
  });

  it(`reads at most ${MAX_PAGES_PER_KEY} pages of a busy key and says its history goes further back`, async () => {
    // Prepare
    const { a, warned } = account();
    const trail = new FakeTrail({ [warned]: 200 });

    // Act
    await run(a, testConfig({ ...testConfig() }), undefined, NOW, {
      keyUsage: trail,
      pause: async () => undefined,
    });

    // Assess
    expect(trail.requests.filter((r) => r.accessKeyId === warned)).toHaveLength(MAX_PAGES_PER_KEY);
    const usage = a.published.find((p) => p.payload.accessKeyId === warned)?.payload.usage;
    expect(usage).toMatchObject({ events: 150, complete: false });
  });

  it('makes at most KEY_USAGE_LOOKUPS requests, and warns how many keys went without', async () => {
    // Prepare
    const { a } = account();
    const trail = new FakeTrail();

    // Act
    const { summary } = await run(a, withLookups(1), undefined, NOW, {
      keyUsage: trail,
      pause: async () => undefined,
    });

    // Assess
    expect(trail.requests).toHaveLength(1);
    expect(summary.warnings).toContainEqual(
      expect.objectContaining({
        code: 'key-usage-bound-reached',
        message: expect.stringContaining('2 more key(s)'),
      }),
    );
  });

  it('tries a throttled request once more after a pause, and then has the fingerprint', async () => {
    // Prepare
    const { a, warned } = account();
    const trail = new FakeTrail({ [warned]: 1 });
    trail.throttleFirst = 1;
    const pauses: number[] = [];

    // Act
    const { summary } = await run(a, testConfig(), undefined, NOW, {
      keyUsage: trail,
      pause: async (ms) => void pauses.push(ms),
    });

    // Assess
    expect(pauses[0]).toBe(THROTTLED_PAUSE_MS);
    expect(a.published.find((p) => p.payload.accessKeyId === warned)?.payload.usage).toMatchObject({
      events: 1,
    });
    expect(summary.warnings.filter((w) => w.code.startsWith('key-usage'))).toEqual([]);
  });

  it('spends no request on a key IAM says was last used before the 90-day history, or never used', async () => {
    // Prepare
    const a = new FakeAccount();
    const old = a.addUser('old', [{ createDate: daysAgo(200), lastUsed: daysAgo(100) }]).keys[0]!;
    const never = a.addUser('never', [{ createDate: daysAgo(85) }]).keys[0]!;
    const trail = new FakeTrail();

    // Act
    await run(a, testConfig(), undefined, NOW, { keyUsage: trail, pause: async () => undefined });

    // Assess
    expect(trail.requests).toEqual([]);
    const usageOf = (id: string) =>
      a.published.find((p) => p.payload.accessKeyId === id)?.payload.usage;
    expect(usageOf(old.accessKeyId)).toMatchObject({
      events: 0,
      iamLastUsed: { date: expect.any(String) },
    });
    expect(usageOf(never.accessKeyId)).toMatchObject({ events: 0 });
    expect(usageOf(never.accessKeyId)?.iamLastUsed).toBeUndefined();
  });

  it('makes no request with KEY_USAGE_LOOKUPS=0', async () => {
    const { a } = account();
    const trail = new FakeTrail();
    await run(a, withLookups(0), undefined, NOW, { keyUsage: trail });
    expect(trail.requests).toEqual([]);
  });

  it.each([
    ['denied', 'key-usage-denied'],
    ['throttled', 'key-usage-throttled'],
  ] as const)(
    'a %s lookup stops the lookups, warns, and leaves every decision and action as without lookups',
    async (kind, code) => {
      // Prepare
      const plain = account();
      const refused = account();
      const trail = new FakeTrail({}, { kind, reason: `${kind} for the test` });

      // Act
      const without = await run(plain.a, withLookups(0));
      const withRefusal = await run(refused.a, testConfig(), undefined, NOW, {
        keyUsage: trail,
        pause: async () => undefined,
      });

      // Assess: a throttled request is tried once more, a denied one is not
      expect(trail.requests).toHaveLength(kind === 'throttled' ? 2 : 1);
      const shape = (s: typeof without.summary) =>
        s.actions.map((x) => [x.user, x.action, x.reasons, x.outcome]);
      expect(shape(withRefusal.summary)).toEqual(shape(without.summary));
      expect(withRefusal.summary.errors).toEqual([]);
      expect(withRefusal.summary.warnings).toContainEqual(
        expect.objectContaining({ code, message: expect.stringContaining('3 key(s)') }),
      );
      expect(refused.a.published.every((p) => p.payload.usage === undefined)).toBe(true);
    },
  );
});
