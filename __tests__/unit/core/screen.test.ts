/** Screening from credential-report facts: skip only users planUser would certainly leave alone. */
import { evaluateApplicability, screenUser, type ScreenFacts } from '../../../lambda/core';
import { NOW, POLICY, PREFIX, ago, policy } from './builders';

const screen = (
  keys: ScreenFacts['keys'],
  tags: Record<string, string> = {},
  over: Partial<ScreenFacts> = {},
): ScreenFacts => ({ userName: 'alice', path: '/', groups: [], tags, keys, ...over });

const healthy = { status: 'Active' as const, createDate: ago(30), lastUsedDate: ago(1) };

describe('screenUser', () => {
  it.each([
    ['one healthy key', screen([healthy])],
    ['no keys and no state', screen([])],
    [
      'a healthy key and unrelated tags',
      screen([healthy], { team: 'data', [`${PREFIX}rotation-days`]: '60' }),
    ],
  ])('skips a user with %s', (_n, facts) => {
    expect(screenUser(facts, { kind: 'in-scope' }, POLICY, NOW)).toBe(false);
  });

  it.each([
    ['an Inactive key', screen([{ ...healthy, status: 'Inactive' }])],
    ['two keys', screen([healthy, healthy])],
    ['a key in its warning window', screen([{ ...healthy, createDate: ago(83) }])],
    [
      'a key in the window a tightened rotation-days opens',
      screen([healthy], { [`${PREFIX}rotation-days`]: '35' }),
    ],
    ['an unused key', screen([{ ...healthy, lastUsedDate: ago(45) }])],
    ['a never-used key unusedDays old', screen([{ status: 'Active', createDate: ago(45) }])],
    [
      'any engine state tag',
      screen([healthy], { [`${PREFIX}key:AKIAZZZZZZZZZZZZZZZZ`]: 'created=2026-01-01T00:00:00Z' }),
    ],
    ['no keys but a leftover state tag', screen([], { [`${PREFIX}key:AKIAZZZZZZZZZZZZZZZZ`]: '' })],
  ])('reads a user with %s', (_n, facts) => {
    expect(screenUser(facts, { kind: 'in-scope' }, POLICY, NOW)).toBe(true);
  });

  it.each([
    [
      'out of scope',
      screen([{ ...healthy, status: 'Inactive' }], {}, { path: '/svc/' }),
      policy({ userPathPrefix: '/eng/' }),
    ],
    [
      'exempt by group',
      screen([{ ...healthy, status: 'Inactive' }], {}, { groups: ['exempt'] }),
      policy({ exemptGroup: 'exempt' }),
    ],
    [
      'exempt by tag',
      screen([{ ...healthy, status: 'Inactive' }], { [`${PREFIX}exempt-until`]: '2027-01-01' }),
      POLICY,
    ],
  ])('skips a user who is %s, whatever their keys', (_n, facts, p) => {
    const { applicability } = evaluateApplicability(facts, p, NOW);
    expect(screenUser(facts, applicability, p, NOW)).toBe(false);
  });
});
