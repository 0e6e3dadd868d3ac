/**
 * Against the emulator: state signing switched on over a pending-create marker that an older, unsigned
 * engine left with its dead run's key. The marker does not verify, so the engine cannot tell the dead
 * run's key from one a person made; it holds the user and says so, and never retires the key in use in
 * that key's favour (docs/lifecycle.md, "Tamper-evident state").
 */
import { CreateAccessKeyCommand, IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import { useEmulator } from './support/fixture';
import { keysOf, tagsOf } from '../../scripts/emulator/inspect';
import { seedUsers } from '../../scripts/emulator/seed';
import { createWorld } from '../../scripts/emulator/world';

const fx = useEmulator();
const USER = 'svc';
const MARKER = 'key-lifecycle:pending-create:0123456789ab';
const stamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

async function unsignedMarkerWithDeadRunKey(stateMac: boolean) {
  const world = await createWorld(fx.emulator, { stateMac });
  const seeded = await seedUsers(
    fx.emulator,
    [{ name: USER, keys: [{ ageDays: 95, lastUsedDaysAgo: 1 }] }],
    world.at(0),
  );
  const inUse = seeded[USER]![0]!;
  // The older engine's run on day 0: its marker (unsigned, as before signing), then its key, then it died.
  const iam = new IAMClient({});
  await world.goTo(0);
  await iam.send(
    new TagUserCommand({
      UserName: USER,
      Tags: [{ Key: MARKER, Value: `replacing=${inUse} at=${stamp(world.at(0))}` }],
    }),
  );
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: USER }));
  return { world, inUse, deadRunKey: AccessKey!.AccessKeyId! };
}

describe('an unsigned pending-create marker left by an older engine', () => {
  it('holds the user and reports the unclaimed key; the key in use is never retired', async () => {
    // Prepare
    const { world, inUse, deadRunKey } = await unsignedMarkerWithDeadRunKey(true);

    // Act: the first signed runs, then well past grace and its longest extension.
    const day1 = fx.seen(await world.runOn(1));
    const day9 = fx.seen(await world.runOn(9));
    const day45 = fx.seen(await world.runOn(45));

    // Assess
    for (const summary of [day1, day9, day45]) {
      expect(summary.actions.filter((a) => a.action !== 'warn')).toEqual([]);
      expect(summary.warnings).toContainEqual(
        expect.objectContaining({
          user: USER,
          code: 'second-key-unclaimed',
          message: expect.stringContaining(deadRunKey),
        }),
      );
    }
    expect(await keysOf(USER)).toEqual({ [inUse]: 'Active', [deadRunKey]: 'Active' });
    expect(Object.keys(await tagsOf(USER))).toContain(MARKER);
  });

  it('lets the user go on once the unclaimed key is put to use (it was a person’s)', async () => {
    // Prepare
    const { world, deadRunKey } = await unsignedMarkerWithDeadRunKey(true);
    fx.seen(await world.runOn(1));
    await fx.emulator.backdateKey(USER, deadRunKey, { lastUsed: world.at(2) });

    // Act
    const day3 = fx.seen(await world.runOn(3));

    // Assess: no longer a candidate orphan, the marker is removed and the pair is an ordinary one.
    expect(day3.warnings.map((w) => w.code)).not.toContain('second-key-unclaimed');
    expect(Object.keys(await tagsOf(USER))).not.toContain(MARKER);
  });

  it('without STATE_MAC_KEY_ID the same marker names the dead run’s key an orphan', async () => {
    // Prepare
    const { world, deadRunKey } = await unsignedMarkerWithDeadRunKey(false);

    // Act
    const day1 = fx.seen(await world.runOn(1));

    // Assess
    expect(day1.actions).toContainEqual(
      expect.objectContaining({ accessKeyId: deadRunKey, reasons: ['interrupted-rotation'] }),
    );
  });
});
