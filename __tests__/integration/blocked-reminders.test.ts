/**
 * ROTATION_BLOCKED reminders come at most once per 7 days from the previous notice (docs/lifecycle.md,
 * "Notices once"), never on calendar weeks: on the emulator with the coordination table, a blocked
 * rotation whose state record cannot be written (every TagUser refused) is announced once over daily
 * runs that cross the start of a calendar week (weeks since 1970 begin on Thursdays, 00:00 UTC), and
 * reminded 7 days after the first notice.
 */
import { IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import { useEmulator } from './support/fixture';
import { engineDriver } from '../../scripts/emulator/engine';
import { injectFaults, runUnderFaults } from '../../scripts/emulator/faults';
import { seedUsers } from '../../scripts/emulator/seed';
import { createWorld, type World } from '../../scripts/emulator/world';

const fx = useEmulator();
const USER = 'blocked';
/** A Wednesday: the next day's run is in the next calendar week. */
const WEDNESDAY = new Date('2030-01-09T09:00:00.000Z');

/** B is due; A is Inactive inside its recovery window, so B's rotation is blocked. */
async function blockedAccount(): Promise<World> {
  const world = await createWorld(fx.emulator, { coordination: true, start: WEDNESDAY });
  const seeded = await seedUsers(
    fx.emulator,
    [
      {
        name: USER,
        keys: [
          { ageDays: 200, lastUsedDaysAgo: 30, status: 'Inactive' },
          { ageDays: 100, lastUsedDaysAgo: 1 },
        ],
      },
    ],
    world.at(0),
  );
  const inactive = seeded[USER]![0]!;
  await new IAMClient({}).send(
    new TagUserCommand({
      UserName: USER,
      Tags: [
        { Key: `key-lifecycle:key:${inactive}`, Value: 'inactive-since=2030-01-08T09:00:00Z' },
      ],
    }),
  );
  await world.inbox.drain();
  return world;
}

/** A run on `day` in which every TagUser is refused: the notice's state record is never written. */
async function runWithoutStateWrites(world: World, day: number): Promise<string[]> {
  const faults = injectFaults({ seed: 1, rules: [{ kind: 'access-denied', command: 'TagUser' }] });
  const driver = engineDriver({ env: world.env, prepareClients: faults.attach });
  const at = await world.goTo(day);
  fx.seen(await runUnderFaults(faults, () => driver.run(at)));
  return (await world.inbox.drain())
    .filter((n) => n.event === 'ROTATION_BLOCKED')
    .map(() => `day ${day}`);
}

describe('ROTATION_BLOCKED reminders', () => {
  it('come once over three daily runs across a calendar-week start, then 7 days after the first', async () => {
    // Prepare
    const world = await blockedAccount();

    // Act
    const notices: string[] = [];
    for (const day of [0, 1, 2, 6, 7]) notices.push(...(await runWithoutStateWrites(world, day)));

    // Assess
    expect(notices).toEqual(['day 0', 'day 7']);
  });
});
