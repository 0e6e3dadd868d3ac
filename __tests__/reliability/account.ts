/**
 * The simulated account of one campaign seed, and the people and programs in it. Everything random is
 * drawn from the seed's PRNG in a fixed order, so a seed replays the same story (moto's key ids differ,
 * nothing depends on them).
 *
 * - svc-a, svc-b: workloads that read their secret's AWSCURRENT and switch to a new key after 0-3 days;
 * - svc-c: a workload with a tightened `rotation-days` that people edit;
 * - human-d: a person who creates, deactivates and deletes keys by hand and uses the newest one;
 * - idle-e: an unused key (deactivated, later deleted), `recovery-days` edits, and a person who now
 *   and then switches a key the engine deactivated back on (its reactivation grace is checked);
 * - exempt-f (exempt group), outsider-g (EXCLUDE_USERS): must stay untouched;
 * - until-h: `exempt-until` a few days ahead (people push it out now and then), a workload after it.
 */
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { Emulator } from '../../scripts/emulator/emulator';
import type { Prng } from '../../scripts/emulator/faults-prng';
import { DAY_MS, seedUsers, type SeedUser } from '../../scripts/emulator/seed';
import type { Observation } from './observe';

export const TAG_PREFIX = 'key-lifecycle:';
export const ENGINE_ENV = { EXEMPT_GROUP: 'break-glass', EXCLUDE_USERS: 'outsider-g' } as const;
export const WORKLOADS = ['svc-a', 'svc-b', 'svc-c', 'until-h'] as const;
export const HUMAN = 'human-d';
export const ALL_USERS = [
  'svc-a',
  'svc-b',
  'svc-c',
  HUMAN,
  'idle-e',
  'exempt-f',
  'outsider-g',
  'until-h',
] as const;
export const DEFAULT_RECOVERY_DAYS = 10;

export interface Workload {
  inUse: string;
  /** The AWSCURRENT key it has seen but not adopted yet, and since when. */
  pending?: { readonly id: string; readonly since: number };
  readonly adoptAfterDays: number;
}

export interface Account {
  /** Keys people created (seeded or by hand): never the engine's. */
  readonly personKeys: Set<string>;
  readonly workloads: Map<string, Workload>;
  /** Until when until-h is exempt (end of the tagged UTC day). */
  exemptUntil: number;
  /** Keys an engine run switched from Active to Inactive (filled by the invariant checks). */
  readonly engineDeactivated: Set<string>;
  /** Key id → when a person re-activated it after the engine had deactivated it. */
  readonly reactivated: Map<string, number>;
}

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function seedAccount(emulator: Emulator, rng: Prng, now: Date): Promise<Account> {
  const t = now.getTime();
  const exemptDay = t + rng.int(2, 12) * DAY_MS;
  const users: SeedUser[] = [
    { name: 'svc-a', keys: [{ ageDays: rng.int(60, 95), lastUsedDaysAgo: 1 }] },
    { name: 'svc-b', keys: [{ ageDays: rng.int(75, 100), lastUsedDaysAgo: 0 }] },
    {
      name: 'svc-c',
      tags: { [`${TAG_PREFIX}rotation-days`]: String(rng.int(20, 40)) },
      keys: [{ ageDays: rng.int(15, 45), lastUsedDaysAgo: 1 }],
    },
    { name: HUMAN, keys: [{ ageDays: rng.int(10, 100), lastUsedDaysAgo: 2 }] },
    {
      name: 'idle-e',
      keys: [
        { ageDays: rng.int(100, 200), lastUsedDaysAgo: rng.int(30, 60) },
        ...(rng.chance(0.5)
          ? [{ ageDays: 200, lastUsedDaysAgo: 90, status: 'Inactive' as const }]
          : []),
      ],
    },
    { name: 'exempt-f', groups: ['break-glass'], keys: [{ ageDays: 400, lastUsedDaysAgo: 300 }] },
    { name: 'outsider-g', keys: [{ ageDays: 400, lastUsedDaysAgo: 300 }] },
    {
      name: 'until-h',
      tags: { [`${TAG_PREFIX}exempt-until`]: ymd(exemptDay) },
      keys: [{ ageDays: rng.int(95, 130), lastUsedDaysAgo: 1 }],
    },
  ];
  const seeded = await seedUsers(emulator, users, now);
  const workloads = new Map<string, Workload>();
  for (const name of WORKLOADS) {
    workloads.set(name, { inUse: seeded[name]![0]!, adoptAfterDays: rng.int(0, 3) });
  }
  return {
    personKeys: new Set(Object.values(seeded).flat()),
    workloads,
    exemptUntil: endOfUtcDay(exemptDay),
    engineDeactivated: new Set(),
    reactivated: new Map(),
  };
}

function endOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS + DAY_MS;
}

/** What people do between two runs. Returns one line per action, for the replay log. */
export async function peopleAct(
  account: Account,
  rng: Prng,
  seen: Observation,
  iam = new IAMClient({}),
): Promise<string[]> {
  const done: string[] = [];
  const human = seen.users[HUMAN]!;
  const ids = Object.keys(human.keys);
  const active = ids.filter((id) => human.keys[id] === 'Active');
  const inactive = ids.filter((id) => human.keys[id] === 'Inactive');
  if (ids.length < 2 && rng.chance(0.3)) {
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: HUMAN }));
    account.personKeys.add(AccessKey!.AccessKeyId!);
    done.push(`${HUMAN} creates ${AccessKey!.AccessKeyId}`);
  } else if (active.length > 0 && rng.chance(0.15)) {
    const id = rng.pick(active);
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: HUMAN, AccessKeyId: id, Status: 'Inactive' }),
    );
    done.push(`${HUMAN} deactivates ${id}`);
  } else if (inactive.length > 0 && rng.chance(0.2)) {
    const id = rng.pick(inactive);
    await iam.send(new DeleteAccessKeyCommand({ UserName: HUMAN, AccessKeyId: id }));
    done.push(`${HUMAN} deletes ${id}`);
  }
  const switchedOff = Object.keys(seen.users['idle-e']!.keys).filter(
    (id) => seen.users['idle-e']!.keys[id] === 'Inactive' && account.engineDeactivated.has(id),
  );
  if (switchedOff.length > 0 && rng.chance(0.3)) {
    const id = rng.pick(switchedOff);
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: 'idle-e', AccessKeyId: id, Status: 'Active' }),
    );
    account.reactivated.set(id, seen.at);
    done.push(`idle-e re-activates ${id}`);
  }
  if (rng.chance(0.15)) {
    const days = String(rng.int(20, 60));
    await tag(iam, 'svc-c', 'rotation-days', days);
    done.push(`svc-c rotation-days=${days}`);
  }
  if (rng.chance(0.15)) {
    if (rng.chance(0.3)) {
      await iam.send(
        new UntagUserCommand({ UserName: 'idle-e', TagKeys: [`${TAG_PREFIX}recovery-days`] }),
      );
      done.push('idle-e recovery-days removed');
    } else {
      const days = String(rng.int(3, 12));
      await tag(iam, 'idle-e', 'recovery-days', days);
      done.push(`idle-e recovery-days=${days}`);
    }
  }
  if (seen.at < account.exemptUntil && rng.chance(0.1)) {
    const until = seen.at + rng.int(2, 8) * DAY_MS;
    await tag(iam, 'until-h', 'exempt-until', ymd(until));
    account.exemptUntil = endOfUtcDay(until);
    done.push(`until-h exempt-until=${ymd(until)}`);
  }
  return done;
}

async function tag(iam: IAMClient, user: string, name: string, value: string): Promise<void> {
  await iam.send(
    new TagUserCommand({ UserName: user, Tags: [{ Key: `${TAG_PREFIX}${name}`, Value: value }] }),
  );
}

/**
 * Each workload adopts its secret's AWSCURRENT key once it has seen it for `adoptAfterDays`, and uses
 * its key (moto records last-used at the simulated now). A key it holds that is no longer Active is an
 * outage, returned as a line for the violation list.
 */
export async function workloadsRun(
  account: Account,
  seen: Observation,
  emulator: Emulator,
): Promise<string[]> {
  const outages: string[] = [];
  for (const [user, w] of account.workloads) {
    const facts = seen.users[user]!;
    const current = facts.current;
    if (current && current !== w.inUse && facts.keys[current] === 'Active') {
      if (!w.pending || w.pending.id !== current) w.pending = { id: current, since: seen.at };
      if (seen.at - w.pending.since >= w.adoptAfterDays * DAY_MS) {
        w.inUse = current;
        w.pending = undefined;
      }
    }
    const status = facts.keys[w.inUse];
    if (status === 'Active') {
      await emulator.backdateKey(user, w.inUse, { lastUsed: new Date(seen.at) });
    } else {
      outages.push(`${user}'s workload holds ${w.inUse}, which is ${status ?? 'deleted'}`);
    }
  }
  const human = seen.users[HUMAN]!;
  const newest = Object.keys(human.keys)
    .filter((id) => human.keys[id] === 'Active')
    .at(-1);
  if (newest) await emulator.backdateKey(HUMAN, newest, { lastUsed: new Date(seen.at) });
  return outages;
}
