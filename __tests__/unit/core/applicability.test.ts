/** Scope (first match wins) and exemptions; out-of-scope and exempt users are never acted on. */
import { evaluateApplicability, planUser } from '../../../lambda/core';
import { A, NOW, PREFIX, ago, key, policy, user } from './builders';
import { warningText } from '../../../lambda/notify/plan-words';

const facts = (over: { path?: string; tags?: Record<string, string>; groups?: string[] } = {}) => ({
  userName: 'alice',
  path: over.path ?? '/eng/',
  tags: over.tags ?? {},
  groups: over.groups ?? [],
});

describe('scope', () => {
  it.each([
    [
      'path outside the prefix',
      facts({ path: '/svc/' }),
      policy({ userPathPrefix: '/eng/' }),
      'path',
    ],
    ['not in a non-empty include list', facts(), policy({ includeUsers: ['bob'] }), 'not-included'],
    [
      'in the exclude list (names match case-insensitively)',
      facts(),
      policy({ excludeUsers: ['Alice'] }),
      'excluded',
    ],
    ['scope tagged without the managed tag', facts(), policy({ scope: 'tagged' }), 'not-tagged'],
    [
      'scope tagged with managed=false',
      facts({ tags: { [`${PREFIX}managed`]: 'false' } }),
      policy({ scope: 'tagged' }),
      'not-tagged',
    ],
    [
      'path checked before the include list',
      facts({ path: '/svc/' }),
      policy({ userPathPrefix: '/eng/', includeUsers: ['bob'] }),
      'path',
    ],
  ])('is out of scope: %s', (_n, user, p, why) => {
    // Act
    const { applicability, warnings } = evaluateApplicability(user, p, NOW);

    // Assess
    expect(applicability).toEqual({ kind: 'out-of-scope', why });
    expect(warnings).toEqual([]);
  });

  it.each([
    ['under the path prefix', facts(), policy({ userPathPrefix: '/eng/' })],
    ['in the include list', facts(), policy({ includeUsers: ['ALICE'] })],
    [
      'tagged managed (value case-insensitive)',
      facts({ tags: { [`${PREFIX}managed`]: 'True' } }),
      policy({ scope: 'tagged' }),
    ],
  ])('is in scope: %s', (_n, user, p) => {
    expect(evaluateApplicability(user, p, NOW).applicability).toEqual({ kind: 'in-scope' });
  });
});

describe('exemptions', () => {
  const tag = `${PREFIX}exempt-until`;

  it('exempts members of the exempt group with no expiry', () => {
    // Act
    const result = evaluateApplicability(
      facts({ groups: ['Key-Exempt'] }),
      policy({ exemptGroup: 'key-exempt' }),
      NOW,
    );

    // Assess
    expect(result).toEqual({ applicability: { kind: 'exempt', why: 'group' }, warnings: [] });
  });

  it.each([
    ['a date: through the end of that UTC day', '2026-06-01', '2026-06-02T00:00:00.000Z'],
    ['a timestamp in UTC', '2026-06-01T12:00:01Z', '2026-06-01T12:00:01.000Z'],
    ['a timestamp with an offset', '2026-06-01T15:00:00+02:00', '2026-06-01T13:00:00.000Z'],
  ])('exempts by tag until %s', (_n, value, until) => {
    // Act
    const result = evaluateApplicability(facts({ tags: { [tag]: value } }), policy(), NOW);

    // Assess
    expect(result).toEqual({
      applicability: { kind: 'exempt', why: 'tag', until: new Date(until) },
      warnings: [],
    });
  });

  it.each([
    ['expired yesterday', '2026-05-31', 'exemption-expired', /expired at 2026-06-01T00:00:00Z/],
    ['expiring exactly now', '2026-06-01T12:00:00Z', 'exemption-expired', /expired/],
    ['not a date', 'next week', 'exemption-malformed', /YYYY-MM-DD.*ISO-8601/],
    ['an impossible date', '2026-02-30', 'exemption-malformed', /NOT exempt/],
    ['a timestamp without a time zone', '2026-07-01T00:00:00', 'exemption-malformed', /time zone/],
  ])('is not exempt when the tag is %s, and says why', (_n, value, code, message) => {
    // Act
    const { applicability, warnings } = evaluateApplicability(
      facts({ tags: { [tag]: value } }),
      policy(),
      NOW,
    );

    // Assess
    expect(applicability).toEqual({ kind: 'in-scope' });
    expect(warnings).toEqual([expect.objectContaining({ userName: 'alice', code, tag, value })]);
    expect(warningText(warnings[0])).toMatch(message);
    expect(warningText(warnings[0])).toContain(value);
  });

  it.each([
    ['exempt by group', { groups: ['exempt'] }, {}],
    ['exempt by tag', {}, { [tag]: '2027-01-01' }],
    ['out of scope', { path: '/svc/' }, {}],
  ])('plans nothing at all for a user %s, even one with keys to act on', (_n, over, tags) => {
    // Prepare
    const unusedKey = key(A, { created: ago(200), lastUsed: ago(100) });
    const subject = user([unusedKey], tags, { path: '/eng/', ...over });

    // Act
    const plan = planUser(subject, policy({ exemptGroup: 'exempt', userPathPrefix: '/eng/' }), NOW);

    // Assess
    expect(plan.applicability.kind).not.toBe('in-scope');
    expect(plan).toMatchObject({
      decisions: [],
      blocked: [],
      stateChanges: { set: {}, remove: [] },
    });
  });
});

describe('scope passed in', () => {
  it('plans on the scope its caller evaluated instead of evaluating it again', () => {
    // Prepare: the user's tags would make it in scope; the caller's verdict says exempt
    const unusedKey = key(A, { created: ago(200), lastUsed: ago(100) });
    const subject = user([unusedKey], {}, { path: '/eng/' });
    const p = policy({ userPathPrefix: '/eng/' });

    // Act
    const plan = planUser(subject, p, NOW, {
      applicability: { kind: 'exempt', why: 'group' },
      warnings: [],
    });

    // Assess
    expect(planUser(subject, p, NOW).decisions.some((d) => d.action === 'deactivate')).toBe(true);
    expect(plan.applicability).toEqual({ kind: 'exempt', why: 'group' });
    expect(plan.decisions).toEqual([]);
  });
});
