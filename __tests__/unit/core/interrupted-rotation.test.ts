/** A rotation interrupted between CreateAccessKey and the stored secret: the pending-create marker. */
import {
  applyCircuitBreaker,
  pendingCreateTag,
  planUser,
  screenUser,
  stateTagKey,
  type UserFacts,
} from '../../../lambda/core';
import { A, B, NOW, POLICY, PREFIX, ago, key, lines, stateTag, user } from './builders';

const MARKER = `${PREFIX}pending-create`;
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const marker = (at: Date, replacing = A) =>
  Object.fromEntries([pendingCreateTag(PREFIX, replacing, at)]);

/** The key being replaced: due, in use. */
const oldKey = key(A, { created: ago(100), lastUsed: ago(0, 600) });
/** The user's only key, not due: nothing else in the plan touches the marker. */
const currentKey = key(A, { created: ago(30), lastUsed: ago(0, 600) });
/** A key the interrupted run created: never used, no `created` state. */
const orphanAt = (created: Date) => key(B, { created, lastUsed: null });

describe('a pending-create marker older than the 20-minute horizon', () => {
  it.each([
    ['just past the horizon', minutesAgo(20)],
    ['a day later', ago(1)],
    ['after graceDays', ago(10)],
  ])('deactivates the orphan (%s) and keeps the older key Active', (_n, at) => {
    // Prepare
    const facts = user([oldKey, orphanAt(at)], marker(at));

    // Act
    const plan = planUser(facts, POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${B} deactivate interrupted-rotation`, `${A} none rotation-due`]);
    const orphan = plan.decisions[0];
    expect(orphan.event).toBe('KEY_DEACTIVATED');
    expect(orphan.destructive).toBe(true);
    expect(plan.stateChanges.remove).not.toContain(MARKER);
  });

  it.each<[string, UserFacts]>([
    ['no key was created', user([currentKey], marker(ago(1)))],
    [
      'the new key was used (someone holds its secret)',
      user([oldKey, key(B, { created: ago(1), lastUsed: ago(0, 60) })], marker(ago(1))),
    ],
    [
      'the new key was recorded as created (only the marker removal failed)',
      user([oldKey, orphanAt(ago(1))], {
        ...marker(ago(1)),
        ...stateTag(B, { createdAt: ago(1) }),
      }),
    ],
    [
      'the orphan is Inactive already',
      user([oldKey, key(B, { created: ago(2), lastUsed: null, status: 'Inactive' })], {
        ...marker(ago(2)),
        ...stateTag(B, { inactiveSince: ago(1), deactivatedAt: ago(1) }),
      }),
    ],
  ])('is cleared when %s', (_n, facts) => {
    // Act
    const plan = planUser(facts, POLICY, NOW);

    // Assess
    expect(plan.decisions.some((d) => d.reasons.includes('interrupted-rotation'))).toBe(false);
    expect(plan.stateChanges.remove).toContain(MARKER);
  });

  it('retries the rotation and removes the settled marker (the executor writes one of its own attempt)', () => {
    // Act
    const plan = planUser(user([oldKey], marker(ago(1))), POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} create rotation-due`]);
    expect(plan.stateChanges.remove).toContain(MARKER);
  });

  it('never lets the retire rule take the orphan for the replacement, even with the breaker tripped', () => {
    // Prepare
    const facts = user([oldKey, orphanAt(ago(30))], marker(ago(30)));

    // Act
    const runPlan = applyCircuitBreaker([planUser(facts, POLICY, NOW)], 0);

    // Assess
    const plan = runPlan.users[0];
    expect(plan.decisions.filter((d) => d.action === 'deactivate')).toEqual([]);
    expect(plan.blocked.map((b) => `${b.accessKeyId} ${b.reason}`)).toContain(
      `${B} circuit-breaker`,
    );
    expect(plan.stateChanges.remove).not.toContain(MARKER);
  });

  it('does not count a key created well before the marker as an orphan', () => {
    // Prepare: an older key than the marker is the user's, not the interrupted run's.
    const facts = user([key(A, { created: ago(100) }), orphanAt(ago(5))], marker(ago(1), A));

    // Act
    const plan = planUser(facts, POLICY, NOW);

    // Assess
    expect(plan.decisions.some((d) => d.reasons.includes('interrupted-rotation'))).toBe(false);
  });
});

describe('a pending-create marker younger than the horizon', () => {
  it('holds every retire, delete and create, leading each none line with rotation-in-progress', () => {
    // Prepare: without the marker, B is unused and A would be retired and rotated.
    const facts = user(
      [key(A, { created: ago(100) }), key(B, { created: ago(50), lastUsed: null })],
      marker(minutesAgo(19)),
    );

    // Act
    const plan = planUser(facts, POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([
      `${A} none rotation-in-progress,rotation-due`,
      `${B} none rotation-in-progress,unused,never-used`,
    ]);
    expect(plan.blocked).toEqual([]);
    expect(plan.stateChanges).toEqual({ set: {}, remove: [] });
  });

  it('still sends warnings and records them', () => {
    // Prepare
    const facts = user([key(A, { created: ago(85) })], marker(minutesAgo(5)));

    // Act
    const plan = planUser(facts, POLICY, NOW);

    // Assess
    expect(lines(plan)).toEqual([`${A} warn rotation-upcoming`]);
    expect(Object.keys(plan.stateChanges.set)).toEqual([stateTagKey(PREFIX, A)]);
  });
});

describe('an unreadable pending-create marker', () => {
  it.each([
    ['free text', 'please-keep'],
    ['a bad time', `replacing=${A} at=yesterday`],
    ['a time in the future', `replacing=${A} at=2026-06-02T12:00:00Z`],
  ])('(%s) is reported and removed', (_n, value) => {
    // Act
    const plan = planUser(user([currentKey], { [MARKER]: value }), POLICY, NOW);

    // Assess
    expect(plan.warnings).toEqual([
      expect.objectContaining({ code: 'state-tag-malformed', tag: MARKER, value }),
    ]);
    expect(plan.stateChanges.remove).toContain(MARKER);
  });
});

it('screening reads a user whose only engine state is a marker', () => {
  // Prepare
  const report = { status: 'Active' as const, createDate: ago(30), lastUsedDate: ago(1) };

  // Act
  const read = screenUser(
    { userName: 'alice', path: '/', groups: [], tags: marker(ago(1)), keys: [report] },
    { kind: 'in-scope' },
    POLICY,
    NOW,
  );

  // Assess
  expect(read).toBe(true);
});

describe('a key stored and verified before its run died is never an orphan', () => {
  it('completes the rotation: the AWSCURRENT key is recorded as created, the marker removed, nothing deactivated', () => {
    // Prepare: the run stored B (the secret's AWSCURRENT) and died before tagging it.
    const at = ago(1);
    const facts: UserFacts = {
      ...user([oldKey, orphanAt(at)], marker(at)),
      secretCurrentKeyId: B,
    };

    // Act
    const plan = planUser(facts, POLICY, NOW);

    // Assess
    expect(plan.decisions.filter((d) => d.action === 'deactivate')).toEqual([]);
    expect(plan.stateChanges.set[stateTagKey(PREFIX, B)]).toMatch(/^created=/);
    expect(plan.stateChanges.remove).toContain(MARKER);
    // The owner may never have been told: KEY_CREATED for A's replacement B.
    expect(plan.decisions).toContainEqual(
      expect.objectContaining({
        accessKeyId: A,
        action: 'warn',
        event: 'KEY_CREATED',
        newAccessKeyId: B,
        reasons: ['rotation-completed'],
      }),
    );
  });

  it('still deactivates a second orphan that is not the secret’s key', () => {
    // Prepare
    const at = ago(1);
    const facts: UserFacts = {
      ...user(
        [orphanAt(at), key('AKIAORPHANCCCCCCCCCC', { created: at, lastUsed: null })],
        marker(at),
      ),
      secretCurrentKeyId: B,
    };

    // Act
    const plan = planUser(facts, POLICY, NOW);

    // Assess
    expect(
      plan.decisions.filter((d) => d.action === 'deactivate').map((d) => d.accessKeyId),
    ).toEqual(['AKIAORPHANCCCCCCCCCC']);
  });
});

describe('a marker identifies exactly the attempt it belongs to', () => {
  it('never takes a key a person created after the attempt’s run for an orphan', () => {
    // Prepare: the marker is a day old; the owner created B by hand an hour ago and has not used it yet.
    const facts = user([oldKey, orphanAt(minutesAgo(60))], marker(ago(1)));

    // Act
    const plan = planUser(facts, POLICY, NOW);

    // Assess
    expect(plan.decisions.some((d) => d.reasons.includes('interrupted-rotation'))).toBe(false);
    expect(plan.stateChanges.remove).toContain(MARKER);
  });

  it('counts a key created up to the longest run (15 minutes) after the marker', () => {
    // Prepare
    const at = ago(1);
    const facts = user([oldKey, orphanAt(new Date(at.getTime() + 15 * 60_000))], marker(at));

    // Act
    const plan = planUser(facts, POLICY, NOW);

    // Assess
    expect(lines(plan)[0]).toBe(`${B} deactivate interrupted-rotation`);
  });

  it('reads each attempt’s marker on its own: a settled one is removed while a younger one holds the user', () => {
    // Prepare
    const [oldKeyTag, oldValue] = pendingCreateTag(PREFIX, A, ago(2), 'aaaa1111');
    const [newKeyTag, newValue] = pendingCreateTag(PREFIX, A, minutesAgo(5), 'bbbb2222');
    const facts = user([oldKey], { [oldKeyTag]: oldValue, [newKeyTag]: newValue });

    // Act
    const plan = planUser(facts, POLICY, NOW);

    // Assess: the younger attempt may still be running, so nothing but warnings, and no tag removal yet.
    expect(plan.decisions.every((d) => d.action === 'none' || d.action === 'warn')).toBe(true);
    expect(plan.stateChanges.remove).toEqual([]);
  });

  it('screens in a user whose only engine tag is an attempt marker', () => {
    // Prepare
    const [k, v] = pendingCreateTag(PREFIX, A, ago(2), 'cccc3333');

    // Act
    const screened = screenUser(
      { ...user([currentKey], { [k]: v }) },
      { kind: 'in-scope' },
      POLICY,
      NOW,
    );

    // Assess
    expect(screened).toBe(true);
  });
});
