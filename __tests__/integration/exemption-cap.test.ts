/**
 * The exemption cap ends (docs/lifecycle.md, "Scope, exemptions and overrides"): on the emulator with
 * the state MAC key, `exempt-until=2099-01-01` under MAX_EXEMPTION_DAYS=30 holds for 30 days from the
 * run that first saw it, then the user's unused key is managed again; a forged record does not extend it.
 */
import { IAMClient, TagUserCommand, UntagUserCommand } from '@aws-sdk/client-iam';
import { useEmulator } from './support/fixture';
import { keysOf, tagsOf } from '../../scripts/emulator/inspect';
import { seedUsers } from '../../scripts/emulator/seed';
import { createWorld, type World } from '../../scripts/emulator/world';

const fx = useEmulator();
const USER = 'forever';
const SEEN = 'key-lifecycle:exempt-seen';

async function exemptAccount(): Promise<{ world: World; id: string }> {
  const world = await createWorld(fx.emulator, {
    stateMac: true,
    env: { MAX_EXEMPTION_DAYS: '30' },
  });
  const seeded = await seedUsers(
    fx.emulator,
    [
      {
        name: USER,
        tags: { 'key-lifecycle:exempt-until': '2099-01-01' },
        keys: [{ ageDays: 60, lastUsedDaysAgo: 50 }],
      },
    ],
    world.at(0),
  );
  return { world, id: seeded[USER]![0]! };
}

describe('an exemption further ahead than MAX_EXEMPTION_DAYS', () => {
  it('holds for 30 days from its first sighting, then the unused key is deactivated', async () => {
    // Prepare
    const { world, id } = await exemptAccount();

    // Act
    const first = fx.seen(await world.runOn(0));
    const recorded = (await tagsOf(USER))[SEEN];
    fx.seen(await world.runOn(29));
    const onDay29 = (await keysOf(USER))[id];
    const ended = fx.seen(await world.runOn(30));

    // Assess
    expect(first.exempt).toEqual([expect.objectContaining({ user: USER, capped: true })]);
    expect(recorded).toMatch(/^until=2099-01-01 seen=2030-01-07T09:00:00Z mac=/);
    expect(onDay29).toBe('Active');
    expect(ended.warnings).toContainEqual(
      expect.objectContaining({ user: USER, code: 'exemption-cap-ended' }),
    );
    expect((await keysOf(USER))[id]).toBe('Inactive');
  });

  it('a record forged to a later first sighting does not extend it: the user is managed at once', async () => {
    // Prepare: someone with iam:TagUser rewrites the record on day 20 to "first seen today"
    const { world, id } = await exemptAccount();
    fx.seen(await world.runOn(0));
    await new IAMClient({}).send(
      new TagUserCommand({
        UserName: USER,
        Tags: [{ Key: SEEN, Value: 'until=2099-01-01 seen=2030-01-27T09:00:00Z' }],
      }),
    );

    // Act
    const summary = fx.seen(await world.runOn(20));

    // Assess
    expect(summary.exempt ?? []).toEqual([]);
    expect(summary.warnings).toContainEqual(
      expect.objectContaining({ user: USER, code: 'exemption-cap-ended' }),
    );
    expect((await keysOf(USER))[id]).toBe('Inactive');
  });

  it('once the exemption tag is removed its record goes too, so the same date set again starts a new cap', async () => {
    // Prepare: the cap ran out, then a person removes the exemption
    const { world } = await exemptAccount();
    fx.seen(await world.runOn(0));
    fx.seen(await world.runOn(31));
    const iam = new IAMClient({});
    await iam.send(
      new UntagUserCommand({ UserName: USER, TagKeys: ['key-lifecycle:exempt-until'] }),
    );
    fx.seen(await world.runOn(40));
    const afterRemoval = (await tagsOf(USER))[SEEN];
    await iam.send(
      new TagUserCommand({
        UserName: USER,
        Tags: [{ Key: 'key-lifecycle:exempt-until', Value: '2099-01-01' }],
      }),
    );

    // Act
    const again = fx.seen(await world.runOn(41));

    // Assess
    expect(afterRemoval).toBeUndefined();
    expect(again.exempt).toEqual([expect.objectContaining({ user: USER, capped: true })]);
  });
});
