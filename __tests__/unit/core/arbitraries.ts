/** fast-check generators: random users (0–2 keys, any statuses, dates, state tags), policies, clocks. */
import fc from 'fast-check';
import { pendingCreateTag, renderKeyState, stateTagKey } from '../../../lambda/core';
import type { AccessKeyFacts, KeyState, Policy, UserFacts } from '../../../lambda/core';
import { DAY_MS, NOW, PREFIX, POLICY } from './builders';

const IDS = ['AKIAAAAAAAAAAAAAAAAA', 'AKIABBBBBBBBBBBBBBBB', 'AKIACCCCCCCCCCCCCCCC'];
const SPAN = 200 * DAY_MS;

/** Instants around `now`: often recent (where grace and warning windows live), whole seconds half the time. */
const instant = (now: Date): fc.Arbitrary<Date> =>
  fc
    .tuple(
      fc.oneof(
        fc.integer({ min: -SPAN, max: 5 * DAY_MS }),
        fc.integer({ min: -30 * DAY_MS, max: 0 }),
      ),
      fc.boolean(),
    )
    .map(([offset, whole]) => {
      const t = now.getTime() + offset;
      return new Date(whole ? Math.floor(t / 1000) * 1000 : t);
    });

const keyState = (now: Date): fc.Arbitrary<KeyState> =>
  fc.record(
    {
      inactiveSince: instant(now),
      deactivatedAt: instant(now),
      reactivatedAt: instant(now),
      warnedDue: instant(new Date(now.getTime() + 90 * DAY_MS)),
      createdAt: instant(now),
      inUseNotifiedAt: instant(now),
      blockedNotifiedAt: instant(now),
      blockedReason: fc.constantFrom<NonNullable<KeyState['blockedReason']>>(
        'two-key-limit-second-active-key',
        'two-key-limit-key-in-recovery',
      ),
      secondKeySeenAt: instant(now),
    },
    { requiredKeys: [] },
  );

/** A pending-create marker: in flight, long past, naming one of the keys or none, or unreadable. */
const markerValue = (now: Date): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .tuple(
        fc.oneof(
          fc.integer({ min: 0, max: 20 * 60_000 }),
          fc.integer({ min: 20 * 60_000, max: 60 * DAY_MS }),
        ),
        fc.constantFrom(...IDS),
      )
      .map(([age, id]) => pendingCreateTag(PREFIX, id, new Date(now.getTime() - age))[1]),
    fc.constantFrom('replacing=AKIAAAAAAAAAAAAAAAAA at=soon', 'garbage'),
  );

const stateValue = (now: Date): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: keyState(now).map(renderKeyState) },
    { weight: 3, arbitrary: instant(now).map((d) => renderKeyState({ inactiveSince: d })) },
    { weight: 2, arbitrary: instant(now).map((d) => renderKeyState({ secondKeySeenAt: d })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'inactive-since=yesterday',
        'garbage',
        '',
        'created=2026-13-01T00:00:00Z',
      ),
    },
  );

const keyFacts = (id: string, now: Date): fc.Arbitrary<AccessKeyFacts> =>
  fc
    .record({
      status: fc.constantFrom<'Active' | 'Inactive'>('Active', 'Active', 'Inactive'),
      created: instant(now),
      usedAfter: fc.option(fc.integer({ min: 0, max: SPAN }), { nil: undefined }),
    })
    .map(({ status, created, usedAfter }) => {
      const used =
        usedAfter === undefined
          ? undefined
          : new Date(Math.min(created.getTime() + usedAfter, now.getTime()));
      return {
        accessKeyId: id,
        status,
        createDate: created,
        ...(used ? { lastUsedDate: used } : {}),
      };
    });

/** Present about one time in four. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** Overrides often; exemptions and the managed tag rarely, so most users are in scope. */
const lifecycleTags = fc
  .record({
    overrides: fc.record(
      {
        [`${PREFIX}rotation-days`]: fc.constantFrom('30', '120', 'abc', '0', '90'),
        [`${PREFIX}unused-days`]: fc.constantFrom('10', '400', '-5'),
        [`${PREFIX}grace-days`]: fc.constantFrom('1', '3', '99'),
        [`${PREFIX}recovery-days`]: fc.constantFrom('2', '5', '50'),
        [`${PREFIX}warn-days`]: fc.constantFrom('1', '14'),
      },
      { requiredKeys: [] },
    ),
    exemptUntil: rarely(fc.constantFrom('2026-06-01', '2030-01-01', '2020-01-01', 'soon')),
    managed: rarely(fc.constantFrom('true', 'TRUE', 'false')),
  })
  .map(({ overrides, exemptUntil, managed }) => ({
    ...overrides,
    ...(exemptUntil === undefined ? {} : { [`${PREFIX}exempt-until`]: exemptUntil }),
    ...(managed === undefined ? {} : { [`${PREFIX}managed`]: managed }),
  }));

export interface Scenario {
  readonly user: UserFacts;
  readonly policy: Policy;
  readonly now: Date;
}

export const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    nowOffset: fc.integer({ min: 0, max: 3 * 365 * DAY_MS }),
    keyCount: fc.integer({ min: 0, max: 2 }),
    days: fc.record({
      rotationDays: fc.integer({ min: 1, max: 200 }),
      warnDays: fc.integer({ min: 0, max: 30 }),
      graceDays: fc.integer({ min: 1, max: 30 }),
      unusedDays: fc.integer({ min: 1, max: 200 }),
      recoveryDays: fc.integer({ min: 1, max: 60 }),
    }),
    scope: fc.constantFrom<'all' | 'tagged'>('all', 'all', 'all', 'all', 'tagged'),
    path: fc.constantFrom('/', '/', '/eng/', '/eng/', '/svc/'),
    pathPrefix: fc.constantFrom('/', '/', '/', '/eng/'),
    listed: fc.oneof(
      { weight: 8, arbitrary: fc.constant('none') },
      { weight: 1, arbitrary: fc.constantFrom('included', 'not-included', 'excluded') },
    ),
    groups: fc.oneof(
      { weight: 6, arbitrary: fc.constant(['admins']) },
      { weight: 1, arbitrary: fc.constant(['admins', 'Exempt-Keys']) },
    ),
    tags: lifecycleTags,
    /** Half the users carry no engine state at all: the steady state screening must recognise. */
    withState: fc.boolean(),
    withMarker: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  })
  .chain((s) => {
    const now = new Date(NOW.getTime() + s.nowOffset);
    return fc
      .tuple(
        fc.tuple(...IDS.slice(0, s.keyCount).map((id) => keyFacts(id, now))),
        fc.tuple(
          ...IDS.map((id) =>
            fc.option(stateValue(now), { nil: undefined }).map((v) => [id, v] as const),
          ),
        ),
        markerValue(now),
      )
      .map(([keys, states, marker]): Scenario => ({
        now,
        policy: {
          ...POLICY,
          days: s.days,
          scope: s.scope,
          userPathPrefix: s.pathPrefix,
          includeUsers:
            s.listed === 'included' ? ['alice'] : s.listed === 'not-included' ? ['bob'] : [],
          excludeUsers: s.listed === 'excluded' ? ['ALICE'] : [],
          exemptGroup: 'exempt-keys',
        },
        user: {
          userName: 'alice',
          path: s.path,
          groups: s.groups,
          tags: {
            ...s.tags,
            ...Object.fromEntries(
              states
                .filter(([, v]) => s.withState && v !== undefined)
                .map(([id, v]) => [stateTagKey(PREFIX, id), v as string]),
            ),
            ...(s.withMarker ? { [`${PREFIX}pending-create`]: marker } : {}),
          },
          keys,
        },
      }));
  });
