/**
 * docs/lifecycle.md, "Safety rules": overlapping invocations (EventBridge and Lambda async delivery can repeat) must not create
 * extra keys, lose a secret, or notify beyond one run's worth. Here 2 or 3 handler invocations start at
 * the same simulated instant against the real emulator, each with its own SDK clients and API-call
 * counter (as separate Lambda containers would have), so the event loop and moto's latency decide the
 * interleaving. The 2-run case repeats with different start staggers to reach different interleavings.
 */
import { IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import { useEmulator } from './support/fixture';
import { recordAttempts, type Attempt } from '../../scripts/emulator/attempt-recorder';
import { engineDriver } from '../../scripts/emulator/engine';
import { keysOf } from '../../scripts/emulator/inspect';
import { DAY_MS, seedUsers, type SeededKeys, type SeedUser } from '../../scripts/emulator/seed';
import type { Notification } from '../../scripts/emulator/sns-inbox';
import { callerArn, readCurrentKey } from '../../scripts/emulator/workload';
import { createWorld, type World } from '../../scripts/emulator/world';
import { rememberKeyMaterial } from '../support/key-material';
import type { RunSummary } from '../../lambda/engine/summary';

const fx = useEmulator();
const stamp = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const secretOf = (user: string) => `iam-access-key/${user}`;

const DUE = ['due-a', 'due-b', 'due-c'] as const;
const SWAP = 'swap'; // Active due key + Inactive key past its recovery window: delete, then create
const ROTATED = [...DUE, SWAP];
const UNUSED = ['idle-a', 'idle-b'] as const;
const EXPIRED = 'expired'; // Inactive key whose recorded window has ended
const dueKey = { ageDays: 100, lastUsedDaysAgo: 1 } as const;
const USERS: readonly SeedUser[] = [
  ...DUE.map((name) => ({ name, keys: [dueKey] })),
  {
    name: SWAP,
    keys: [dueKey, { ageDays: 150, lastUsedDaysAgo: 40, status: 'Inactive' as const }],
  },
  ...UNUSED.map((name) => ({ name, keys: [{ ageDays: 100, lastUsedDaysAgo: 50 }] })),
  { name: EXPIRED, keys: [{ ageDays: 60, lastUsedDaysAgo: 30, status: 'Inactive' as const }] },
];

/** Records the engine's own inactive-since state, as an earlier run would have, 20 days back. */
async function recordInactiveSince(world: World, user: string, accessKeyId: string) {
  const since = new Date(world.at(0).getTime() - 20 * DAY_MS);
  await new IAMClient({}).send(
    new TagUserCommand({
      UserName: user,
      Tags: [{ Key: `key-lifecycle:key:${accessKeyId}`, Value: `inactive-since=${stamp(since)}` }],
    }),
  );
}

async function seededAccount(): Promise<{ world: World; seeded: SeededKeys }> {
  const world = await createWorld(fx.emulator);
  const seeded = await seedUsers(fx.emulator, USERS, world.at(0));
  await recordInactiveSince(world, SWAP, seeded[SWAP]![1]!);
  await recordInactiveSince(world, EXPIRED, seeded[EXPIRED]![0]!);
  return { world, seeded };
}

/** Yields to the event loop `ticks` times, so runs enter their first await in different orders. */
async function stagger(ticks: number) {
  for (let i = 0; i < ticks; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** `runs` handler invocations at the same simulated instant, each as its own Lambda container. */
async function overlappingRuns(
  world: World,
  staggers: readonly number[],
): Promise<{ summaries: RunSummary[]; attempts: Attempt[][] }> {
  const now = world.at(0);
  const attempts = staggers.map((): Attempt[] => []);
  const drivers = attempts.map((seen) =>
    engineDriver({
      env: { MODE: 'enforce', SNS_TOPIC_ARN: world.topicArn },
      prepareClients: recordAttempts(seen),
    }),
  );
  const summaries = await Promise.all(
    drivers.map(async (driver, i) => {
      await stagger(staggers[i]!);
      return fx.seen(await driver.run(now));
    }),
  );
  return { summaries, attempts };
}

const keyOf = (n: Notification) => {
  const body = n.body as { accessKeyId?: string; newAccessKeyId?: string };
  return body.newAccessKeyId ?? body.accessKeyId ?? '';
};

function countBy(notes: readonly Notification[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of notes) {
    const id = `${n.event} ${n.user} ${keyOf(n)}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('overlapping runs against the emulator', () => {
  it.each([
    ['2 runs started together', [0, 0]],
    ['2 runs, the second a few event-loop turns late', [0, 3]],
    ['2 runs, the first a few event-loop turns late', [5, 0]],
    ['3 runs started together', [0, 0, 0]],
  ])(
    '%s: one replacement per due user, no orphan, one run of notices',
    async (_label, staggers) => {
      // Prepare
      const runs = staggers.length;
      const { world, seeded } = await seededAccount();
      const seededIds = new Set(Object.values(seeded).flat());

      // Act
      const { summaries, attempts } = await overlappingRuns(world, staggers);
      const notes = await world.inbox.drain();
      const keys = Object.fromEntries(
        await Promise.all(USERS.map(async (u) => [u.name, await keysOf(u.name)] as const)),
      );
      const current = Object.fromEntries(
        await Promise.all(
          ROTATED.map(async (u) => [u, await readCurrentKey(secretOf(u))] as const),
        ),
      );
      const followUp = fx.seen(await world.engine.run(world.at(0)));

      // Assess: IAM holds one replacement per due user, nothing else new, never a third key.
      for (const user of USERS.map((u) => u.name)) {
        expect(Object.keys(keys[user]!).length).toBeLessThanOrEqual(2);
      }
      for (const user of ROTATED) {
        const replaced = seeded[user]![0]!;
        const created = Object.keys(keys[user]!).filter((id) => !seededIds.has(id));
        expect({ user, created }).toEqual({ user, created: [current[user]?.accessKeyId] });
        expect({ user, replaced: keys[user]![replaced] }).toEqual({ user, replaced: 'Active' });
      }
      expect(keys[SWAP]![seeded[SWAP]![1]!]).toBeUndefined();
      for (const user of UNUSED) expect(Object.values(keys[user]!)).toEqual(['Inactive']);
      expect(keys[EXPIRED]).toEqual({});

      // Assess: the stored key is the one in IAM, and it works.
      for (const user of ROTATED) {
        const stored = current[user]!;
        rememberKeyMaterial(stored.secretAccessKey);
        expect(await callerArn(stored)).toBe(`arn:aws:iam::123456789012:user/${user}`);
      }

      // Assess: KEY_CREATED once per due user (the loser records skipped-concurrent, silently);
      // KEY_DELETED once per key (IAM deletes a key once; the loser gets NoSuchEntity and is silent);
      // anything else (KEY_DEACTIVATED, RUN_SUMMARY: IAM accepts a deactivation twice) at most once per run.
      const counts = countBy(notes);
      for (const user of ROTATED) {
        const created = [...counts].filter(([id]) => id.startsWith(`KEY_CREATED ${user} `));
        expect({ user, created }).toEqual({
          user,
          created: [[`KEY_CREATED ${user} ${current[user]!.accessKeyId}`, 1]],
        });
      }
      for (const [user, id] of [
        [SWAP, seeded[SWAP]![1]!],
        [EXPIRED, seeded[EXPIRED]![0]!],
      ] as const) {
        expect({ id, deleted: counts.get(`KEY_DELETED ${user} ${id}`) }).toEqual({
          id,
          deleted: 1,
        });
      }
      for (const user of UNUSED) {
        const deactivated = counts.get(`KEY_DEACTIVATED ${user} ${seeded[user]![0]!}`) ?? 0;
        expect({ user, deactivated }).toEqual({ user, deactivated: expect.any(Number) });
        expect(deactivated).toBeGreaterThanOrEqual(1);
        expect(deactivated).toBeLessThanOrEqual(runs);
      }
      for (const [id, count] of counts)
        expect({ id, count }).toEqual({ id, count: Math.min(count, runs) });

      // Assess: a later run at the same instant finds nothing left to do for these users.
      expect(followUp.errors).toEqual([]);
      expect(
        followUp.actions.filter((a) => ['create', 'deactivate', 'delete'].includes(a.action)),
      ).toEqual([]);
      expect(
        Object.fromEntries(
          await Promise.all(USERS.map(async (u) => [u.name, await keysOf(u.name)] as const)),
        ),
      ).toEqual(keys);

      // Assess: the runs' own account of it (last: the bugs in the report fail here, after every
      // safety invariant above has been checked).
      const actions = summaries.flatMap((s) => s.actions);
      for (const a of actions) {
        expect(['done', 'skipped-concurrent', 'skipped-stale']).toContain(a.outcome);
      }
      // IAM's two-key limit is the lock between runs: its LimitExceeded is an answer, not throttling,
      // so a run sends CreateAccessKey at most once per user.
      for (const [run, sent] of attempts.entries()) {
        for (const user of ROTATED) {
          const creates = sent.filter(
            (a) => a.command === 'CreateAccessKeyCommand' && a.userName === user,
          ).length;
          expect({ run, user, creates }).toEqual({ run, user, creates: Math.min(creates, 1) });
        }
      }
      for (const user of ROTATED) {
        const creates = actions.filter((a) => a.user === user && a.action === 'create');
        expect(creates.filter((a) => a.outcome === 'done')).toHaveLength(1);
      }
      expect(summaries.flatMap((s) => s.errors)).toEqual([]);
    },
    // A few seconds per case; a losing run that retried LimitExceeded (lambda/aws/iam-retry.ts) would take minutes.
    60_000,
  );
});
