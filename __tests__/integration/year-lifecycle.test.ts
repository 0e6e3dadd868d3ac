/**
 * One user's full year under the default policy, run daily like the deployed schedule: warn → replacement
 * created and stored → old key still in use → old key deactivated after grace → deleted after recovery →
 * the next rotation, four times over. IAM's clock and the engine's clock move together (see emulator.ts),
 * and a simulated workload uses its key every day, switching to the replacement two days after it appears.
 */
import { useEmulator } from './support/fixture';
import { byStage, keysOf, secretVersions, stateTag } from '../../scripts/emulator/inspect';
import { seedUsers } from '../../scripts/emulator/seed';
import type { Notification } from '../../scripts/emulator/sns-inbox';
import { callerArn, readCurrentKey } from '../../scripts/emulator/workload';
import { createWorld, type World } from '../../scripts/emulator/world';
import { rememberKeyMaterial } from '../support/key-material';

const fx = useEmulator({ resetBeforeEach: false });
const SECRET = 'iam-access-key/alice';
const ADOPT_AFTER_DAYS = 2;

interface Day {
  readonly day: number;
  readonly actions: readonly string[];
  readonly events: readonly string[];
}

/** Each day: the workload uses its key, then the scheduled run, then the owner's inbox is read. */
async function liveOneYear(
  world: World,
  firstKey: string,
): Promise<{ days: Day[]; notes: Notification[] }> {
  const days: Day[] = [];
  const notes: Notification[] = [];
  let inUse = firstKey;
  let replacementSeenOn: number | undefined;
  for (let day = 0; day <= 365; day++) {
    const now = await world.goTo(day);
    const current = await readCurrentKey(SECRET);
    if (current && current.accessKeyId !== inUse) {
      replacementSeenOn ??= day;
      if (day - replacementSeenOn >= ADOPT_AFTER_DAYS) {
        inUse = current.accessKeyId;
        replacementSeenOn = undefined;
      }
    }
    await fx.emulator.backdateKey('alice', inUse, { lastUsed: now });
    const summary = fx.seen(await world.engine.run(now));
    expect(summary.errors).toEqual([]);
    const delivered = await world.inbox.drain();
    notes.push(...delivered);
    days.push({
      day,
      actions: summary.actions.map((a) => `${a.action}:${a.reasons.join('+')}:${a.outcome}`),
      events: delivered.filter((n) => n.user === 'alice').map((n) => n.event),
    });
  }
  return { days, notes };
}

const daysWith = (days: readonly Day[], event: string) =>
  days.filter((d) => d.events.includes(event)).map((d) => d.day);

describe('one user, one year, default policy', () => {
  let result: { days: Day[]; notes: Notification[] };
  let world: World;
  let firstKey: string;

  beforeAll(async () => {
    world = await createWorld(fx.emulator);
    firstKey = (
      await seedUsers(
        fx.emulator,
        [{ name: 'alice', keys: [{ ageDays: 80, lastUsedDaysAgo: 1 }] }],
        world.at(0),
      )
    ).alice![0]!;
    result = await liveOneYear(world, firstKey);
    fx.seen(world.engine.logs);
  }, 300_000);

  it('warns once per key, seven days before each rotation', () => {
    expect(daysWith(result.days, 'ROTATION_UPCOMING')).toEqual([3, 93, 183, 273, 363]);
  });

  it('creates a replacement every 90 days', () => {
    expect(daysWith(result.days, 'KEY_CREATED')).toEqual([10, 100, 190, 280]);
  });

  // The workload last uses the old key the day before it adopts the replacement: no notice after that.
  it('tells the owner the old key is still in use, at most once a day, only while it is', () => {
    const inUse = daysWith(result.days, 'OLD_KEY_STILL_IN_USE');
    expect(inUse.length).toBeGreaterThan(0);
    expect(new Set(inUse).size).toBe(inUse.length);
    for (const created of [10, 100, 190, 280]) {
      const window = inUse.filter((d) => d > created && d < created + 7);
      expect(window[0]).toBe(created + 1);
      expect(window.every((d) => d <= created + ADOPT_AFTER_DAYS)).toBe(true);
    }
  });

  it('deactivates the old key when the grace period ends, and deletes it after the recovery window', () => {
    expect(daysWith(result.days, 'KEY_DEACTIVATED')).toEqual([17, 107, 197, 287]);
    expect(daysWith(result.days, 'KEY_DELETED')).toEqual([27, 117, 207, 297]);
    const deactivations = result.days.flatMap((d) =>
      d.actions.filter((a) => a.startsWith('deactivate')),
    );
    expect(new Set(deactivations)).toEqual(new Set(['deactivate:rotated:done']));
  });

  it('ends the year with one Active key, stored as AWSCURRENT, and the previous key as AWSPREVIOUS', async () => {
    const keys = await keysOf('alice');
    const versions = await secretVersions(SECRET);
    expect(Object.values(keys)).toEqual(['Active']);
    expect(byStage(versions, 'AWSCURRENT')?.accessKeyId).toBe(Object.keys(keys)[0]);
    expect(byStage(versions, 'AWSCURRENT')?.fields).toEqual(
      expect.objectContaining({ UserName: 'alice', CreateDate: expect.any(String) }),
    );
    expect(byStage(versions, 'AWSPREVIOUS')).toBeDefined();
    expect(keys[firstKey]).toBeUndefined();
  });

  it('keeps no state for deleted keys, and only the pending warning for the live key', async () => {
    const [live] = Object.keys(await keysOf('alice'));
    const nextDue = world.at(370).toISOString().replace('.000Z', 'Z');
    expect(await stateTag('alice', firstKey)).toBeUndefined();
    expect(await stateTag('alice', live!)).toBe(`warned-due=${nextDue}`);
  });

  it('stores a key that works: STS GetCallerIdentity signed with it returns the user', async () => {
    const current = await readCurrentKey(SECRET);
    rememberKeyMaterial(current!.secretAccessKey);
    expect(await callerArn(current!)).toBe('arn:aws:iam::123456789012:user/alice');
  });

  it('publishes every notification with filterable attributes, a short subject and no key material', async () => {
    const subjects = (await fx.emulator.snsMessages()).map((m) => m.subject ?? '');
    expect(subjects.every((s) => s.length > 0 && s.length <= 100)).toBe(true);
    for (const n of result.notes) {
      expect(n).toEqual(
        expect.objectContaining({
          event: expect.any(String),
          user: expect.any(String),
          mode: 'enforce',
        }),
      );
      expect(['info', 'warning', 'critical']).toContain(n.severity);
    }
  });
});
