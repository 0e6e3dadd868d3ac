/** Per-user overrides by tag may only tighten the account's settings. */
import { effectiveDays, planUser } from '../../../lambda/core';
import { A, NOW, POLICY, PREFIX, ago, key, lines, user } from './builders';
import { warningText } from '../../../lambda/notify/plan-words';

describe('effectiveDays', () => {
  it.each([
    ['rotation-days', '30', 'rotationDays', 30],
    ['warn-days', '3', 'warnDays', 3],
    ['grace-days', '1', 'graceDays', 1],
    ['unused-days', '20', 'unusedDays', 20],
    ['recovery-days', '007', 'recoveryDays', 7],
    ['rotation-days', '90', 'rotationDays', 90],
  ])(
    'uses %s=%s because it tightens (or equals) the account value',
    (tag, value, setting, expected) => {
      // Act
      const { days, warnings } = effectiveDays('alice', { [`${PREFIX}${tag}`]: value }, POLICY);

      // Assess
      expect(days[setting as keyof typeof days]).toBe(expected);
      expect(warnings).toEqual([]);
    },
  );

  it('ignores a loosening override and says tags may only tighten', () => {
    // Act
    const { days, warnings } = effectiveDays(
      'alice',
      { [`${PREFIX}rotation-days`]: '365' },
      POLICY,
    );

    // Assess
    expect(days).toEqual(POLICY.days);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'override-loosening-ignored',
        tag: `${PREFIX}rotation-days`,
        value: '365',
      }),
    ]);
    expect(warningText(warnings[0])).toMatch(/alice.*rotation-days.*365.*90.*only tighten/);
  });

  it.each(['abc', '0', '-5', '1.5', ' 30', '3651', '', '1e2'])(
    'ignores the malformed override %p with a warning naming user, tag, value and the form',
    (value) => {
      // Act
      const { days, warnings } = effectiveDays(
        'alice',
        { [`${PREFIX}unused-days`]: value },
        POLICY,
      );

      // Assess
      expect(days).toEqual(POLICY.days);
      expect(warnings).toEqual([
        expect.objectContaining({ code: 'override-malformed', userName: 'alice', value }),
      ]);
      expect(warningText(warnings[0])).toMatch(/alice.*unused-days.*digits only, 1 to 3650/);
    },
  );

  it('applies a tightened rotationDays to the plan', () => {
    // Act
    const plan = planUser(
      user([key(A, { created: ago(30) })], { [`${PREFIX}rotation-days`]: '30' }),
      POLICY,
      NOW,
    );

    // Assess
    expect(lines(plan)).toEqual([`${A} create rotation-due`]);
    expect(plan.effectiveDays.rotationDays).toBe(30);
  });
});
