/**
 * Retire on evidence (docs/lifecycle.md, "Retire on evidence") against the emulator: workloads sign their
 * own calls with their keys (moto records last use at the simulated instant), the engine runs through its
 * handler with the default settings, and the test reads IAM, the notices a subscriber received and the
 * audit log.
 */
import { useEmulator } from './support/fixture';
import { keysOf } from '../../scripts/emulator/inspect';
import { seedUsers } from '../../scripts/emulator/seed';
import { callFrom, type CallerPlace } from '../../scripts/emulator/signed-caller';
import type { Notification } from '../../scripts/emulator/sns-inbox';
import { readCurrentKey, type Credentials } from '../../scripts/emulator/workload';
import { engineDriver } from '../../scripts/emulator/engine';
import { createWorld, type World } from '../../scripts/emulator/world';

const fx = useEmulator();
const HOUR = 1 / 24;
const stamp = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const CLI: CallerPlace = {
  userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79 exe/x86_64.amzn.2023',
  sourceAddress: '198.51.100.7',
};
const BOTO: CallerPlace = {
  userAgent: 'Boto3/1.34.10 md/Botocore#1.34.10 ua/2.0 os/linux#6.1 lang/python#3.12.1',
  sourceAddress: '203.0.113.24',
};

interface Payload {
  readonly reasons: readonly string[];
  readonly facts: Readonly<Record<string, unknown>>;
  readonly severity: string;
}
const payload = (n: Notification) => n.body as Payload;

/** One user, `etl`, whose only key is due for rotation on day 0 and used an hour before it. */
async function dueAccount(env: Record<string, string> = {}, coordination = false) {
  const world = await createWorld(fx.emulator, { env, coordination });
  let oldKey: Credentials | undefined;
  const seeded = await seedUsers(
    fx.emulator,
    [{ name: 'etl', keys: [{ ageDays: 90, lastUsedDaysAgo: HOUR }] }],
    world.at(0),
    undefined,
    { etl: (k) => (oldKey = k) },
  );
  return { world, oldId: seeded.etl![0]!, oldKey: oldKey! };
}

/** A signed call with `key` from `place` at simulated `day` (fractions allowed). */
async function useAt(world: World, day: number, key: Credentials, place: CallerPlace) {
  await world.goTo(day);
  await callFrom(key, place);
}

/** Runs on `day`, returning the day's notices about `etl`'s old key. */
async function runOn(world: World, day: number, oldId: string) {
  fx.seen(await world.runOn(day));
  const notes = await world.inbox.drain();
  return notes.filter((n) => (n.body as { accessKeyId?: string }).accessKeyId === oldId);
}

/** The last audit line of a decision about `accessKeyId` with `reason`. */
const auditLine = (world: World, accessKeyId: string, reason: string) =>
  world.engine.logs
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter(
      (l) =>
        l.type === 'decision' &&
        l.accessKeyId === accessKeyId &&
        (l.reasons as string[] | undefined)?.includes(reason),
    )
    .at(-1);

describe('retire on evidence', () => {
  it('holds a key its workload never moves off, tells the owner once per escalation step (ops from step 2), then deactivates it: grace-extension-ended', async () => {
    // Prepare: rotated on day 0; the workload never reads the new key from its secret
    const { world, oldId, oldKey } = await dueAccount();
    await runOn(world, 0, oldId);

    // Act: the workload calls every day, an hour before the daily run
    const held: { day: number; severity: string; step: unknown }[] = [];
    const deactivated: { day: number; reasons: readonly string[] }[] = [];
    const statusOn: Record<number, string | undefined> = {};
    for (let day = 7; day <= 37; day++) {
      await useAt(world, day - HOUR, oldKey, CLI);
      for (const n of await runOn(world, day, oldId)) {
        const p = payload(n);
        if (n.event === 'OLD_KEY_STILL_IN_USE')
          held.push({ day, severity: n.severity, step: p.facts.holdStep });
        if (n.event === 'KEY_DEACTIVATED') deactivated.push({ day, reasons: p.reasons });
      }
      statusOn[day] = (await keysOf('etl'))[oldId];
    }

    // Assess: steps at grace end (day 7), half of 30 days (22), 3 days before the end (34)
    expect(held).toEqual([
      { day: 7, severity: 'warning', step: 1 },
      { day: 22, severity: 'critical', step: 2 },
      { day: 34, severity: 'critical', step: 3 },
    ]);
    expect(statusOn[36]).toBe('Active');
    expect(deactivated).toEqual([{ day: 37, reasons: ['rotated', 'grace-extension-ended'] }]);
    expect(statusOn[37]).toBe('Inactive');
    const line = auditLine(world, oldId, 'grace-extension-ended');
    expect(line?.facts).toMatchObject({
      replacement: 'not-adopted',
      replacementLastUsed: 'never',
      lastUsed: stamp(world.at(37 - HOUR)),
    });
  });

  it('says not-adopted in the hold notice while nobody uses the replacement, with both last uses', async () => {
    // Prepare
    const { world, oldId, oldKey } = await dueAccount();
    await runOn(world, 0, oldId);
    await useAt(world, 7 - HOUR, oldKey, CLI);

    // Act
    const [notice] = await runOn(world, 7, oldId);

    // Assess
    expect(notice?.event).toBe('OLD_KEY_STILL_IN_USE');
    expect(payload(notice!).facts).toMatchObject({
      replacement: 'not-adopted',
      lastUsed: stamp(world.at(7 - HOUR)),
      replacementLastUsed: 'never',
      holdStep: 1,
    });
    expect(JSON.stringify(notice!.body)).not.toContain(oldKey.secretAccessKey);
    expect(auditLine(world, oldId, 'in-use-hold')?.facts).toMatchObject({
      replacement: 'not-adopted',
    });
  });

  it('retires the old key on the first run after 24 hours of quiet once the workload adopts the replacement three days into the hold (adopted)', async () => {
    // Prepare: rotated on day 0; the old key is used daily until the workload switches on day 10
    const { world, oldId, oldKey } = await dueAccount();
    await runOn(world, 0, oldId);
    for (let day = 1; day <= 9; day++) await useAt(world, day - HOUR, oldKey, CLI);
    const day7 = await runOn(world, 7, oldId);

    // Act: the last use of the old key 2 hours before day 10, then the new key from the secret
    await useAt(world, 10 - 2 * HOUR, oldKey, CLI);
    const newKey = (await readCurrentKey('iam-access-key/etl'))!;
    await useAt(world, 10 - HOUR, newKey, CLI);
    const day10 = await runOn(world, 10, oldId);
    const halfDay = await runOn(world, 10.5, oldId);
    const statusAtHalfDay = (await keysOf('etl'))[oldId];
    const day11 = await runOn(world, 11, oldId);

    // Assess
    expect(day7.map((n) => n.event)).toEqual(['OLD_KEY_STILL_IN_USE']);
    expect([...day10, ...halfDay]).toEqual([]);
    expect(statusAtHalfDay).toBe('Active');
    expect(day11.map((n) => [n.event, payload(n).reasons])).toEqual([
      ['KEY_DEACTIVATED', ['rotated']],
    ]);
    expect(payload(day11[0]!).facts).toMatchObject({
      replacement: 'adopted',
      replacementKeyId: newKey.accessKeyId,
      replacementLastUsed: stamp(world.at(10 - HOUR)),
      lastUsed: stamp(world.at(10 - 2 * HOUR)),
    });
    expect((await keysOf('etl'))[oldId]).toBe('Inactive');
  });

  it('holds a key used by two workloads from different places until both have moved', async () => {
    // Prepare: the CLI job moves to the new key on day 8, the Python service only on day 13
    const { world, oldId, oldKey } = await dueAccount();
    await runOn(world, 0, oldId);
    const newKey = (await readCurrentKey('iam-access-key/etl'))!;

    // Act
    const events: string[] = [];
    for (let day = 1; day <= 14; day++) {
      await useAt(world, day - 2 * HOUR, day < 8 ? oldKey : newKey, CLI);
      await useAt(world, day - HOUR, day < 13 ? oldKey : newKey, BOTO);
      if (day < 7) continue;
      for (const n of await runOn(world, day, oldId)) events.push(`d${day} ${n.event}`);
      events.push(`d${day} ${(await keysOf('etl'))[oldId]}`);
    }

    // Assess: held while the second workload still calls (days 7–12), retired on day 13
    expect(events).toEqual([
      'd7 OLD_KEY_STILL_IN_USE',
      'd7 Active',
      'd8 Active',
      'd9 Active',
      'd10 Active',
      'd11 Active',
      'd12 Active',
      'd13 KEY_DEACTIVATED',
      'd13 Inactive',
      'd14 Inactive',
    ]);
  });

  it('sends the hold notice of a step once when three runs overlap (coordination table)', async () => {
    // Prepare
    const { world, oldId, oldKey } = await dueAccount({}, true);
    await runOn(world, 0, oldId);
    await useAt(world, 7 - HOUR, oldKey, CLI);
    const now = await world.goTo(7);
    const drivers = [0, 1, 2].map(() => engineDriver({ env: world.env }));

    // Act
    await Promise.all(drivers.map(async (d) => fx.seen(await d.run(now))));
    const notes = (await world.inbox.drain()).filter(
      (n) => (n.body as { accessKeyId?: string }).accessKeyId === oldId,
    );

    // Assess
    expect(notes.map((n) => [n.event, payload(n).facts.holdStep])).toEqual([
      ['OLD_KEY_STILL_IN_USE', 1],
    ]);
  });

  it('retires on the clock alone with IN_USE_HOLD_HOURS=0, in use or not', async () => {
    // Prepare
    const { world, oldId, oldKey } = await dueAccount({ IN_USE_HOLD_HOURS: '0' });
    await runOn(world, 0, oldId);
    await useAt(world, 7 - HOUR, oldKey, CLI);

    // Act
    const day7 = await runOn(world, 7, oldId);

    // Assess
    expect(day7.map((n) => [n.event, payload(n).reasons])).toEqual([
      ['KEY_DEACTIVATED', ['rotated']],
    ]);
    expect(payload(day7[0]!).facts).toMatchObject({ replacement: 'not-adopted' });
    expect((await keysOf('etl'))[oldId]).toBe('Inactive');
  });
});
