/** The per-key state tag: format, round trip, and tolerance of hand-edited values. */
import {
  createdKeyTag,
  parseKeyStates,
  planUser,
  renderKeyState,
  stateTagKey,
  type KeyState,
} from '../../../lambda/core';
import { A, B, NOW, POLICY, PREFIX, key, user } from './builders';
import { warningText } from '../../../lambda/notify/plan-words';

const t = (iso: string) => new Date(iso);

describe('state tags', () => {
  it('names the tag after the AccessKeyId', () => {
    expect(stateTagKey(PREFIX, A)).toBe(`key-lifecycle:key:${A}`);
  });

  it.each<[string, KeyState, string]>([
    ['empty state', {}, ''],
    [
      'inactive',
      { inactiveSince: t('2026-01-02T03:04:05Z'), deactivatedAt: t('2026-01-02T03:04:05Z') },
      'inactive-since=2026-01-02T03:04:05Z deactivated=2026-01-02T03:04:05Z',
    ],
    [
      'every field, milliseconds dropped',
      {
        inactiveSince: t('2026-01-01T00:00:00.999Z'),
        deactivatedAt: t('2026-01-02T00:00:00Z'),
        reactivatedAt: t('2026-01-03T00:00:00Z'),
        warnedDue: t('2026-01-04T00:00:00Z'),
        createdAt: t('2026-01-05T00:00:00Z'),
        inUseNotifiedAt: t('2026-01-06T00:00:00Z'),
      },
      'inactive-since=2026-01-01T00:00:00Z deactivated=2026-01-02T00:00:00Z reactivated=2026-01-03T00:00:00Z warned-due=2026-01-04T00:00:00Z created=2026-01-05T00:00:00Z in-use-notified=2026-01-06T00:00:00Z',
    ],
    [
      'every field an Active key keeps, with the blocked-rotation notice and its reason',
      {
        reactivatedAt: t('2026-01-03T00:00:00Z'),
        warnedDue: t('2026-01-04T00:00:00Z'),
        createdAt: t('2026-01-05T00:00:00Z'),
        inUseNotifiedAt: t('2026-01-06T00:00:00Z'),
        blockedNotifiedAt: t('2026-01-07T00:00:00Z'),
        blockedReason: 'two-key-limit-second-active-key',
        secondKeySeenAt: t('2026-01-08T00:00:00Z'),
      },
      'reactivated=2026-01-03T00:00:00Z warned-due=2026-01-04T00:00:00Z created=2026-01-05T00:00:00Z in-use-notified=2026-01-06T00:00:00Z blocked-notified=2026-01-07T00:00:00Z second-key-seen=2026-01-08T00:00:00Z blocked-reason=second-active-key',
    ],
  ])('renders %s as an IAM-safe value that parses back', (_n, state, value) => {
    // Act
    const rendered = renderKeyState(state);
    const { states, warnings } = parseKeyStates({ [stateTagKey(PREFIX, A)]: rendered }, PREFIX);

    // Assess
    expect(rendered).toBe(value);
    expect(rendered).toMatch(/^[\w .:/=+\-@]{0,256}$/);
    expect(renderKeyState(states.get(A) ?? {})).toBe(value);
    expect(warnings).toEqual([]);
  });

  it('gives the executor the tag for a key it created', () => {
    expect(createdKeyTag(PREFIX, B, t('2026-06-01T12:00:00.123Z'))).toEqual([
      `key-lifecycle:key:${B}`,
      'created=2026-06-01T12:00:00Z',
    ]);
  });

  it.each([
    [
      'a field with a bad date',
      'inactive-since=yesterday created=2026-01-05T00:00:00Z',
      'inactive-since=yesterday',
    ],
    ['an unknown field', 'colour=2026-01-05T00:00:00Z created=2026-01-05T00:00:00Z', 'colour='],
    [
      'an impossible date',
      'inactive-since=2026-02-30T00:00:00Z created=2026-01-05T00:00:00Z',
      '2026-02-30',
    ],
    [
      'a repeated field',
      'created=2026-01-05T00:00:00Z created=2026-01-06T00:00:00Z',
      'created=2026-01-06',
    ],
    ['free text', 'created=2026-01-05T00:00:00Z please-keep', 'please-keep'],
    [
      'an unknown block reason',
      'created=2026-01-05T00:00:00Z blocked-reason=circuit-breaker',
      'blocked-reason=circuit-breaker',
    ],
  ])(
    'ignores %s, keeps the readable fields and warns naming user, tag and value',
    (_n, value, part) => {
      // Act
      const { states, warnings } = parseKeyStates(
        { [stateTagKey(PREFIX, A)]: value },
        PREFIX,
        'alice',
      );

      // Assess
      expect(states.get(A)).toEqual({ createdAt: t('2026-01-05T00:00:00Z') });
      expect(warnings).toEqual([
        expect.objectContaining({
          userName: 'alice',
          code: 'state-tag-malformed',
          tag: stateTagKey(PREFIX, A),
          value,
        }),
      ]);
      expect(warningText(warnings[0])).toContain(part);
    },
  );

  it('does not start a recovery window from an unreadable one, and reports it in the plan', () => {
    // Prepare
    const tags = { [stateTagKey(PREFIX, A)]: 'inactive-since=last-tuesday' };

    // Act
    const plan = planUser(
      user([key(A, { status: 'Inactive', created: t('2025-01-01T00:00:00Z') })], tags),
      POLICY,
      NOW,
    );

    // Assess
    expect(plan.decisions.map((d) => d.reasons)).toEqual([['recovery-window-started']]);
    expect(plan.warnings.map((w) => w.code)).toEqual(['state-tag-malformed']);
    expect(plan.stateChanges.set).toEqual({
      [stateTagKey(PREFIX, A)]: 'inactive-since=2026-06-01T12:00:00Z',
    });
  });
});
