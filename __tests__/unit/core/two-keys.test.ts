/** Rules 2–4 with two keys: retire after grace, the old-key-in-use warning, and the two-key limit. */
import { planUser, stateTagKey } from '../../../lambda/core';
import {
  A,
  B,
  NOW,
  POLICY,
  PREFIX,
  ago,
  decisionFor,
  key,
  lines,
  stateTag,
  user,
} from './builders';
import { blockedMessage } from '../../../lambda/notify/plan-words';

const tagA = stateTagKey(PREFIX, A);
const NOW_ISO = '2026-06-01T12:00:00Z';
/** B is the engine's replacement for A. */
const replacement = (createdDaysAgo: number) => stateTag(B, { createdAt: ago(createdDaysAgo) });
/** The engine first saw A and a person's second key B together this many days ago. */
const seenPair = (daysAgo: number, seconds = 0) =>
  stateTag(A, { secondKeySeenAt: ago(daysAgo, seconds) });

describe('two Active keys (rule 3)', () => {
  it.each([
    ['a key the engine created, is graceDays old', replacement(8), 'rotated'],
    ['a key someone else created, was seen graceDays ago', seenPair(7), 'second-active-key'],
  ])('retires the older key once the newer, %s', (_n, tags, reason) => {
    // Prepare
    const keys = [key(A, { created: ago(98), lastUsed: ago(9) }), key(B, { created: ago(8) })];

    // Act
    const plan = planUser(user(keys, tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} deactivate ${reason}`, `${B} none healthy`]);
    expect(decisionFor(plan, A).event).toBe('KEY_DEACTIVATED');
    expect(decisionFor(plan, A).destructive).toBe(true);
  });

  it('writes the recovery-window start only if the deactivation succeeds', () => {
    // Prepare
    const keys = [key(A, { created: ago(98), lastUsed: ago(9) }), key(B, { created: ago(8) })];

    // Act
    const plan = planUser(user(keys, replacement(8)), POLICY, NOW);

    // Assess
    expect(decisionFor(plan, A).tagsOnSuccess).toEqual({
      [tagA]: `inactive-since=${NOW_ISO} deactivated=${NOW_ISO}`,
    });
    expect(plan.stateChanges.set).toEqual({});
  });

  it('keeps the older key inside grace and says how much grace is left', () => {
    // Prepare
    const keys = [key(A, { created: ago(93), lastUsed: ago(3) }), key(B, { created: ago(2) })];

    // Act
    const plan = planUser(user(keys, replacement(2)), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none within-grace`, `${B} none healthy`]);
    expect(decisionFor(plan, A).facts.graceLeftDays).toBe(5);
  });

  it.each([
    ['never notified', undefined, true],
    ['notified yesterday', ago(1), true],
    ['notified earlier today (UTC)', ago(0, 3600), false],
  ])('warns OLD_KEY_STILL_IN_USE once per UTC day: %s', (_n, notified, warns) => {
    // Prepare
    const keys = [key(A, { created: ago(93), lastUsed: ago(0, 60) }), key(B, { created: ago(2) })];
    const tags = {
      ...replacement(2),
      ...(notified ? stateTag(A, { inUseNotifiedAt: notified }) : {}),
    };

    // Act
    const plan = planUser(user(keys, tags), POLICY, NOW);

    // Assess
    const a = decisionFor(plan, A);
    expect(a.reasons).toEqual(['within-grace', 'old-key-still-in-use']);
    expect(a.action).toBe(warns ? 'warn' : 'none');
    expect(a.event).toBe(warns ? 'OLD_KEY_STILL_IN_USE' : undefined);
    expect(plan.stateChanges.set[tagA]).toBe(warns ? `in-use-notified=${NOW_ISO}` : undefined);
  });

  it('does not retire a used key for a replacement that is itself deactivated as unused', () => {
    // Prepare: B was created 60 days ago and never used; A is the key in use.
    const keys = [
      key(A, { created: ago(95), lastUsed: ago(0, 60) }),
      key(B, { created: ago(60), lastUsed: null }),
    ];

    // Act
    const plan = planUser(user(keys), POLICY, NOW);

    // Assess: A stays Active (its rotation waits for B's recovery window).
    expect(lines(plan)).toEqual([`${B} deactivate unused,never-used`, `${A} none rotation-due`]);
    expect(plan.blocked).toEqual([
      expect.objectContaining({ accessKeyId: A, reason: 'two-key-limit-second-active-key' }),
    ]);
  });

  it('does not warn again about use the owner was already told about (they have switched)', () => {
    // Prepare: last use of A was yesterday 10:00, the warning went out yesterday at noon.
    const keys = [
      key(A, { created: ago(93), lastUsed: ago(1, 7200) }),
      key(B, { created: ago(3) }),
    ];
    const tags = { ...replacement(3), ...stateTag(A, { inUseNotifiedAt: ago(1) }) };

    // Act
    const plan = planUser(user(keys, tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none within-grace`, `${B} none healthy`]);
  });

  it.each([
    ['the pair was seen graceDays ago', seenPair(7), `${A} deactivate second-active-key`, '11'],
    [
      'the pair is seen for the first time',
      {},
      `${A} warn within-grace,old-key-still-in-use`,
      '18',
    ],
  ])(
    'blocks rotation of the newer key while the older is still Active: %s',
    (_n, tags, older, earliestDay) => {
      // Prepare
      // A was last used two days ago: quiet, so retired on evidence once grace has ended.
      const keys = [key(A, { created: ago(200), lastUsed: ago(2) }), key(B, { created: ago(95) })];

      // Act
      const plan = planUser(user(keys, tags), POLICY, NOW);

      // Assess
      expect(lines(plan)).toEqual([older, `${B} none rotation-due`]);
      expect(plan.blocked).toEqual([
        expect.objectContaining({
          accessKeyId: B,
          action: 'create',
          reason: 'two-key-limit-second-active-key',
        }),
      ]);
      expect(blockedMessage(plan.blocked[0])).toMatch(
        new RegExp(`alice.*AKIAAAAA.*AKIABBBB.*earliest 2026-06-${earliestDay}T12:00:00Z`),
      );
    },
  );
});

describe('a second Active key a person created (rule 3, observed grace)', () => {
  /** A is the key a workload has used for months; B was created by a person 20 days ago. */
  const pair = (aLastUsed: Date) => [
    key(A, { created: ago(120), lastUsed: aLastUsed }),
    key(B, { created: ago(20) }),
  ];

  it.each([
    ['still used after B was created', ago(0, 60), 'warn within-grace,old-key-still-in-use'],
    ['not used since B was created', ago(25), 'none within-grace'],
  ])(
    'on first sight records the pair and retires nothing, with A %s',
    (_n, aLastUsed, expected) => {
      // Act
      const plan = planUser(user(pair(aLastUsed)), POLICY, NOW);

      // Assess
      expect(lines(plan)).toEqual([`${A} ${expected}`, `${B} none healthy`]);
      expect(decisionFor(plan, A).facts.graceLeftDays).toBe(7);
      const written = plan.stateChanges.set[tagA];
      expect(written).toContain(`second-key-seen=${NOW_ISO}`);
    },
  );

  it.each([
    ['1 day', 'none within-grace', ago(1), 6],
    ['6 days 23:59:59', 'none within-grace', ago(7, -1), 0],
    ['exactly graceDays', 'deactivate second-active-key', ago(7), undefined],
    ['19 days', 'deactivate second-active-key', ago(19), undefined],
  ])('after the pair was seen %s ago: %s', (_n, expected, seen, graceLeftDays) => {
    // Prepare: A not used since B appeared, so no warning either way.
    const tags = stateTag(A, { secondKeySeenAt: seen });

    // Act
    const plan = planUser(user(pair(ago(25)), tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} ${expected}`, `${B} none healthy`]);
    expect(decisionFor(plan, A).facts.graceLeftDays).toBe(graceLeftDays);
    expect(plan.stateChanges).toEqual({ set: {}, remove: [] });
  });

  it('warns OLD_KEY_STILL_IN_USE during the observed grace, once per UTC day', () => {
    // Prepare: warned yesterday, A used again a minute ago, and again after today's warning.
    const tags = stateTag(A, { secondKeySeenAt: ago(3), inUseNotifiedAt: ago(1) });

    // Act
    const today = planUser(user(pair(ago(0, 60)), tags), POLICY, NOW);
    const warnedTags = { ...tags, ...today.stateChanges.set };
    const inAnHour = new Date(NOW.getTime() + 3_600_000);
    const later = planUser(user(pair(ago(0, -1800)), warnedTags), POLICY, inAnHour);

    // Assess
    expect(lines(today)).toEqual([
      `${A} warn within-grace,old-key-still-in-use`,
      `${B} none healthy`,
    ]);
    expect(decisionFor(today, A).facts.graceLeftDays).toBe(4);
    expect(today.stateChanges.set[tagA]).toBe(
      `in-use-notified=${NOW_ISO} second-key-seen=${ago(3).toISOString().replace('.000Z', 'Z')}`,
    );
    expect(lines(later)).toEqual([
      `${A} none within-grace,old-key-still-in-use`,
      `${B} none healthy`,
    ]);
  });

  it('leaves an engine-created replacement on its CreateDate grace, recording nothing', () => {
    // Act
    const plan = planUser(user(pair(ago(25)), replacement(20)), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} deactivate rotated`, `${B} none healthy`]);
    expect(plan.stateChanges).toEqual({ set: {}, remove: [] });
  });

  it('does not count a sighting made before the newer key existed (the pair changed between runs)', () => {
    // Prepare: A was seen beside an earlier second key 40 days ago; B replaced that key 20 days ago.
    const tags = seenPair(40);

    // Act
    const plan = planUser(user(pair(ago(25)), tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none within-grace`, `${B} none healthy`]);
    expect(plan.stateChanges.set).toEqual({ [tagA]: `second-key-seen=${NOW_ISO}` });
  });

  it('counts the pair as seen when the newer key is created after the sighting within clock skew', () => {
    // Prepare: IAM's clock ran 30s ahead of the engine's when B was created and first seen.
    const keys = [
      key(A, { created: ago(120), lastUsed: ago(25) }),
      key(B, { created: ago(8, 30) }),
    ];
    const tags = seenPair(8);

    // Act
    const plan = planUser(user(keys, tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} deactivate second-active-key`, `${B} none healthy`]);
  });

  it.each([
    ['B was deleted', [key(A, { created: ago(120) })]],
    [
      'B was deactivated',
      [key(A, { created: ago(120) }), key(B, { status: 'Inactive', created: ago(20) })],
    ],
    [
      'A was deactivated by a person',
      [key(A, { status: 'Inactive', created: ago(120) }), key(B, { created: ago(20) })],
    ],
  ])('drops the sighting once the user no longer has two Active keys: %s', (_n, keys) => {
    // Prepare
    const tags = stateTag(A, {
      secondKeySeenAt: ago(3),
      inactiveSince: keys[0].status === 'Inactive' ? ago(1) : undefined,
    });

    // Act
    const plan = planUser(user(keys, tags), POLICY, NOW);

    // Assess
    const written = plan.stateChanges.set[tagA];
    expect(written ?? '').not.toContain('second-key-seen');
    if (written === undefined) expect(plan.stateChanges.remove).toContain(tagA);
  });

  it('does not retire the key in use on the first sight of a new key an interrupted rotation left', () => {
    // Prepare: B was used (someone holds its secret), so it is an ordinary second key, not an orphan.
    const keys = [key(A, { created: ago(120), lastUsed: ago(0, 60) }), key(B, { created: ago(1) })];

    // Act
    const plan = planUser(
      user(keys, { [`${PREFIX}pending-create`]: `replacing=${A} at=2026-05-31T11:59:00Z` }),
      POLICY,
      NOW,
    );

    // Assess
    expect(lines(plan)).toEqual([
      `${A} warn within-grace,old-key-still-in-use`,
      `${B} none healthy`,
    ]);
    expect(plan.stateChanges.set[tagA]).toContain(`second-key-seen=${NOW_ISO}`);
  });
});

describe('Active key due for rotation beside an Inactive key (rules 2 and 4)', () => {
  const due = key(B, { created: ago(95) });
  const inactive = key(A, { status: 'Inactive', created: ago(190), lastUsed: ago(100) });

  it.each([
    ['the window has not started', {}, 'recovery-window-started', '2026-06-11T12:00:00Z'],
    [
      'the window has 1s left',
      stateTag(A, { inactiveSince: ago(10, -1) }),
      'in-recovery',
      '2026-06-01T12:00:01Z',
    ],
  ])('blocks the rotation and deletes nothing early when %s', (_n, tags, reason, when) => {
    // Act
    const plan = planUser(user([inactive, due], tags), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none ${reason}`, `${B} none rotation-due`]);
    expect(plan.blocked).toHaveLength(1);
    expect(plan.blocked[0]).toMatchObject({
      reason: 'two-key-limit-key-in-recovery',
      accessKeyId: B,
    });
    expect(blockedMessage(plan.blocked[0])).toContain(`on or after ${when}`);
  });

  it('deletes the recovered key first, then creates the replacement', () => {
    // Act
    const plan = planUser(
      user([inactive, due], stateTag(A, { inactiveSince: ago(10) })),
      POLICY,
      NOW,
    );

    // Assess
    expect(lines(plan)).toEqual([
      `${A} delete recovery-window-ended,make-room-for-rotation`,
      `${B} create rotation-due`,
    ]);
    expect(decisionFor(plan, B).requiresDeletionOf).toBe(A);
    expect(decisionFor(plan, A).untagOnSuccess).toEqual([stateTagKey(PREFIX, A)]);
    expect(plan.blocked).toEqual([]);
  });

  it('restarts the recovery window when the Inactive key was used after it started', () => {
    // Prepare
    const usedLater = key(A, { status: 'Inactive', created: ago(190), lastUsed: ago(3) });

    // Act
    const plan = planUser(user([usedLater], stateTag(A, { inactiveSince: ago(20) })), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} none in-recovery`]);
    expect(decisionFor(plan, A).facts).toMatchObject({ inactiveDays: 3, recoveryLeftDays: 7 });
  });
});
