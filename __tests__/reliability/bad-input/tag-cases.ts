/**
 * User tags (docs/lifecycle.md, "Overrides", "Exemptions", "Tamper-evident state"): a malformed or
 * loosening override is ignored with a warning naming the user, the tag and the value; a malformed or
 * expired exemption leaves the user managed with a warning, one too far ahead is capped from its recorded
 * first sighting (a forged record ends the exemption instead of extending it); a forged state tag
 * or pending-create marker (STATE_MAC_KEY_ID set, as the module deploys) reads as absent, which only ever
 * makes an action later. Every row also pins the actions, the keys left, and the users written to.
 */
import { IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import { category, type BadInputCase } from './case';
import { actionsAre, hasWarning, writesOnlyTo, type ExpectedWarning } from './checks';
import { probe, type Arranged } from './probe';
import { tagsOf } from '../../../scripts/emulator/inspect';
import type { SeedUser } from '../../../scripts/emulator/seed';

interface Input {
  readonly users: readonly SeedUser[];
  readonly env?: Readonly<Record<string, string>>;
  /** Tags written after seeding, given the seeded key ids (forged state). */
  readonly forge?: (a: Arranged) => Promise<void>;
}

interface Expected {
  readonly actions: readonly string[];
  readonly writesOnlyTo: readonly string[];
  readonly warning: ExpectedWarning;
  /** Keys each user holds after the run, by seed order: status or `deleted`. */
  readonly keys?: Readonly<Record<string, readonly ('Active' | 'Inactive' | 'deleted')[]>>;
  /** The user is reported exempt (tag), with `capped` set when the tag reached too far. */
  readonly exempt?: { readonly user: string; readonly capped: boolean };
}

type Row = BadInputCase<Input, Expected>;

const P = 'key-lifecycle:';
const NOW = new Date('2030-01-07T09:00:00Z'); // the harness's day 0
const stamp = (daysAgo: number) =>
  new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString().replace('.000Z', 'Z');
const minutesAgo = (m: number) =>
  new Date(NOW.getTime() - m * 60_000).toISOString().replace('.000Z', 'Z');

/** One user `u` with one key and the given tags. */
function user(
  tags: Readonly<Record<string, string>>,
  key: SeedUser['keys'][number] = { ageDays: 50, lastUsedDaysAgo: 1 },
): readonly SeedUser[] {
  return [{ name: 'u', tags, keys: [key] }];
}
const DUE = { ageDays: 100, lastUsedDaysAgo: 1 } as const;
const IDLE = { ageDays: 200, lastUsedDaysAgo: 60 } as const;
const PARKED = { ageDays: 300, lastUsedDaysAgo: 200, status: 'Inactive' } as const;
/** A person-made second key: older key in use, newer key made by hand a day ago and never used. */
const PAIR: readonly SeedUser[] = [
  { name: 'u', keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }, { ageDays: 1 }] },
];

async function tag(userName: string, Key: string, Value: string): Promise<void> {
  await new IAMClient({}).send(new TagUserCommand({ UserName: userName, Tags: [{ Key, Value }] }));
}

/** Forges the state tag of the user's key number `index` (seed order). */
const forgeState =
  (value: string, index = 0) =>
  async ({ keys }: Arranged) =>
    tag('u', `${P}key:${keys.u![index]}`, value);

const override = (
  name: string,
  value: string,
  ageOrKey = undefined as SeedUser['keys'][number] | undefined,
) => ({
  users: user({ [`${P}${name}`]: value }, ageOrKey),
});
const malformed = (tagName: string, value: string): ExpectedWarning => ({
  code: 'override-malformed',
  user: 'u',
  mentions: ['User u', `${P}${tagName}="${value}"`, 'not a whole number of days', 'e.g. "30"'],
});
const unverified: ExpectedWarning = {
  code: 'state-tag-unverified',
  user: 'u',
  mentions: ['User u', 'has no valid MAC', 'treated as absent', 'CloudTrail'],
};

export const TAG_CASES: readonly Row[] = [
  {
    name: 'rotation-days override not a number: ignored, key of 50 days not rotated',
    input: override('rotation-days', 'abc'),
    expected: { actions: [], writesOnlyTo: [], warning: malformed('rotation-days', 'abc') },
  },
  {
    name: 'rotation-days override with a fraction (45.5) is not read as 45',
    input: override('rotation-days', '45.5'),
    expected: { actions: [], writesOnlyTo: [], warning: malformed('rotation-days', '45.5') },
  },
  {
    name: 'rotation-days override of 0 does not mean rotate at once',
    input: override('rotation-days', '0'),
    expected: { actions: [], writesOnlyTo: [], warning: malformed('rotation-days', '0') },
  },
  {
    name: 'rotation-days override negative',
    input: override('rotation-days', '-30'),
    expected: { actions: [], writesOnlyTo: [], warning: malformed('rotation-days', '-30') },
  },
  {
    name: 'rotation-days override with a leading space is not trimmed into 30',
    input: override('rotation-days', ' 30'),
    expected: { actions: [], writesOnlyTo: [], warning: malformed('rotation-days', ' 30') },
  },
  {
    name: 'override tag key in other letter case is still read (and refused)',
    input: { users: user({ 'Key-Lifecycle:Rotation-Days': 'soon' }) },
    expected: {
      actions: [],
      writesOnlyTo: [],
      warning: {
        code: 'override-malformed',
        user: 'u',
        mentions: ['Key-Lifecycle:Rotation-Days="soon"'],
      },
    },
  },
  {
    name: 'unused-days override in scientific notation on an idle key: account value deactivates',
    input: override('unused-days', '1e3', IDLE),
    expected: {
      actions: ['u deactivate done'],
      writesOnlyTo: ['u'],
      warning: malformed('unused-days', '1e3'),
    },
  },
  {
    name: 'rotation-days override loosening to 365: ignored, the account value rotates',
    input: override('rotation-days', '365', DUE),
    expected: {
      actions: ['u create done'],
      writesOnlyTo: ['u'],
      warning: {
        code: 'override-loosening-ignored',
        user: 'u',
        mentions: [`${P}rotation-days=365`, 'may only tighten', 'at most 90 or remove the tag'],
      },
    },
  },
  {
    name: 'unused-days override loosening to 3650 on an idle key: still deactivated',
    input: override('unused-days', '3650', IDLE),
    expected: {
      actions: ['u deactivate done'],
      writesOnlyTo: ['u'],
      warning: {
        code: 'override-loosening-ignored',
        user: 'u',
        mentions: [`${P}unused-days=3650`, 'at most 45'],
      },
    },
  },
  {
    name: 'recovery-days override malformed on an Inactive key: no deletion, window starts now',
    input: override('recovery-days', 'none', PARKED),
    expected: {
      actions: [],
      writesOnlyTo: ['u'],
      warning: malformed('recovery-days', 'none'),
      keys: { u: ['Inactive'] },
    },
  },
  {
    name: 'exempt-until not a date: not exempt, managed as usual',
    input: { users: user({ [`${P}exempt-until`]: 'next tuesday' }, DUE) },
    expected: {
      actions: ['u create done'],
      writesOnlyTo: ['u'],
      warning: {
        code: 'exemption-malformed',
        user: 'u',
        mentions: [`${P}exempt-until="next tuesday"`, 'NOT exempt', 'YYYY-MM-DD'],
      },
    },
  },
  {
    name: 'exempt-until a day that does not exist (2030-02-30)',
    input: { users: user({ [`${P}exempt-until`]: '2030-02-30' }, DUE) },
    expected: {
      actions: ['u create done'],
      writesOnlyTo: ['u'],
      warning: { code: 'exemption-malformed', user: 'u', mentions: ['"2030-02-30"'] },
    },
  },
  {
    name: 'exempt-until a timestamp without time zone',
    input: { users: user({ [`${P}exempt-until`]: '2030-06-30T12:00:00' }, DUE) },
    expected: {
      actions: ['u create done'],
      writesOnlyTo: ['u'],
      warning: {
        code: 'exemption-malformed',
        user: 'u',
        mentions: ['"2030-06-30T12:00:00"', 'with time zone'],
      },
    },
  },
  {
    name: 'exempt-until expired a week ago: managed again',
    input: { users: user({ [`${P}exempt-until`]: '2029-12-31' }, DUE) },
    expected: {
      actions: ['u create done'],
      writesOnlyTo: ['u'],
      warning: {
        code: 'exemption-expired',
        user: 'u',
        mentions: [`${P}exempt-until=2029-12-31`, 'expired', 'Extend the date or remove the tag'],
      },
    },
  },
  {
    name: 'exempt-until in 2099: capped to MAX_EXEMPTION_DAYS, exempt now',
    input: { users: user({ [`${P}exempt-until`]: '2099-01-01' }, DUE) },
    expected: {
      actions: [],
      // The one write: the signed record of when the capped value was first seen (its cap runs from then).
      writesOnlyTo: ['u'],
      warning: {
        code: 'exemption-capped',
        user: 'u',
        mentions: ['2099-01-01', 'more than 365 days', 'raise maxExemptionDays'],
      },
      exempt: { user: 'u', capped: true },
    },
  },
  {
    name: 'exempt-until beyond a MAX_EXEMPTION_DAYS of 30: capped',
    input: {
      users: user({ [`${P}exempt-until`]: '2030-03-01' }, DUE),
      env: { MAX_EXEMPTION_DAYS: '30' },
    },
    expected: {
      actions: [],
      writesOnlyTo: ['u'],
      warning: { code: 'exemption-capped', user: 'u', mentions: ['more than 30 days'] },
      exempt: { user: 'u', capped: true },
    },
  },
  {
    name: 'forged exempt-seen record (first seen "today") for a 2099 exemption: the cap counts as ended',
    input: {
      users: user(
        {
          [`${P}exempt-until`]: '2099-01-01',
          [`${P}exempt-seen`]: `until=2099-01-01 seen=${stamp(0)}`,
        },
        DUE,
      ),
    },
    expected: {
      actions: ['u create done'],
      writesOnlyTo: ['u'],
      warning: {
        code: 'exemption-cap-ended',
        user: 'u',
        mentions: [`${P}exempt-until=2099-01-01`, 'does not verify', 'NOT exempt'],
      },
    },
  },
  {
    name: 'forged inactive-since a year ago: the Inactive key is not deleted',
    input: {
      users: user({}, PARKED),
      forge: forgeState(`inactive-since=${stamp(365)} deactivated=${stamp(365)}`),
    },
    expected: { actions: [], writesOnlyTo: ['u'], warning: unverified, keys: { u: ['Inactive'] } },
  },
  {
    name: 'forged inactive-since with a made-up mac field: not deleted',
    input: {
      users: user({}, PARKED),
      forge: forgeState(`inactive-since=${stamp(365)} mac=AAAAAAAAAAAAAAAA.${'B'.repeat(43)}`),
    },
    expected: { actions: [], writesOnlyTo: ['u'], warning: unverified, keys: { u: ['Inactive'] } },
  },
  {
    name: 'forged created= on a person-made newer key: the older key is not retired early',
    input: {
      users: [
        {
          name: 'u',
          keys: [
            { ageDays: 100, lastUsedDaysAgo: 1 },
            { ageDays: 10, lastUsedDaysAgo: 1 },
          ],
        },
      ],
      forge: forgeState(`created=${stamp(10)}`, 1),
    },
    expected: {
      // As without the forged tag: a person-made pair gets grace from first sighting (old key in use: warn).
      actions: ['u warn done'],
      writesOnlyTo: ['u'],
      warning: unverified,
      keys: { u: ['Active', 'Active'] },
    },
  },
  {
    name: 'forged old pending-create marker: a person-made unused key is not taken for an orphan',
    input: {
      users: PAIR,
      forge: async ({ keys }) =>
        tag('u', `${P}pending-create:forged1`, `replacing=${keys.u![0]} at=${stamp(2)}`),
    },
    expected: {
      actions: [],
      writesOnlyTo: ['u'],
      warning: { ...unverified, mentions: [`${P}pending-create:forged1`, 'has no valid MAC'] },
      keys: { u: ['Active', 'Active'] },
    },
  },
  {
    name: 'forged legacy pending-create marker (no attempt id): no orphan either',
    input: {
      users: PAIR,
      forge: async ({ keys }) =>
        tag('u', `${P}pending-create`, `replacing=${keys.u![0]} at=${stamp(2)}`),
    },
    expected: {
      actions: [],
      writesOnlyTo: ['u'],
      warning: { ...unverified, mentions: [`${P}pending-create`] },
      keys: { u: ['Active', 'Active'] },
    },
  },
  {
    name: 'forged young pending-create marker: only holds the due user for this run',
    input: {
      users: user({}, DUE),
      forge: async ({ keys }) =>
        tag('u', `${P}pending-create:forged2`, `replacing=${keys.u![0]} at=${minutesAgo(5)}`),
    },
    expected: { actions: [], writesOnlyTo: [], warning: unverified, keys: { u: ['Active'] } },
  },
  {
    name: 'a state value signed for another user, copied onto this user: not trusted',
    input: {
      users: [
        { name: 'a', keys: [PARKED] },
        { name: 'u', keys: [PARKED] },
      ],
      forge: async ({ world, keys }) => {
        // A run 20 days ago signs both users' inactive-since; u's own tag is replaced by a's signed value.
        await world.runOn(-20, { users: ['a'] });
        await tag('u', `${P}key:${keys.u![0]}`, (await tagsOf('a'))[`${P}key:${keys.a![0]}`]!);
      },
    },
    expected: {
      actions: ['a delete done'],
      writesOnlyTo: ['a', 'u'],
      warning: unverified,
      keys: { a: ['deleted'], u: ['Inactive'] },
    },
  },
];

export const USER_TAGS = category<Input, Expected>({
  category: 'user-tags',
  tried:
    'malformed and loosening overrides, malformed, expired and far-future exemptions, forged state tags and pending-create markers (STATE_MAC_KEY_ID set), through the real handler',
  level: 'emulator',
  cases: TAG_CASES,
  async evaluate(row, emulator) {
    const r = await probe(emulator, {
      users: row.input.users,
      env: row.input.env,
      arrange: row.input.forge,
    });
    const e = row.expected;
    const broken = [
      ...writesOnlyTo(r, e.writesOnlyTo),
      ...actionsAre(r, e.actions),
      ...hasWarning(r, e.warning),
    ];
    for (const [name, statuses] of Object.entries(e.keys ?? {})) {
      const held = r.after.users.find((u) => u.userName === name)?.keys ?? [];
      const seen = r.keys[name]!.map(
        (id) => held.find((k) => k.accessKeyId === id)?.status ?? 'deleted',
      );
      if (JSON.stringify(seen) !== JSON.stringify(statuses))
        broken.push(
          `user ${name}'s keys are [${seen.join(', ')}], expected [${statuses.join(', ')}]`,
        );
    }
    if (e.exempt) {
      const rec = r.summary?.exempt?.find((x) => x.user === e.exempt!.user);
      if (!rec || rec.why !== 'tag' || Boolean(rec.capped) !== e.exempt.capped)
        broken.push(
          `exempt record for ${e.exempt.user} is ${JSON.stringify(rec)}, expected capped=${e.exempt.capped}`,
        );
    }
    return broken;
  },
});
