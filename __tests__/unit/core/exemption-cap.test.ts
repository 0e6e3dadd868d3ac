/**
 * An exemption further ahead than maxExemptionDays is capped to maxExemptionDays from when the engine
 * first saw that value (the signed `exempt-seen` record), so the cap ends; measured from each run it
 * would never end. A record that does not read (forged or edited) ends the exemption instead of
 * extending it.
 */
import { evaluateApplicability } from '../../../lambda/core';
import { NOW, PREFIX, ago, policy } from './builders';
import { warningText } from '../../../lambda/notify/plan-words';

const UNTIL = `${PREFIX}exempt-until`;
const SEEN = `${PREFIX}exempt-seen`;
const FAR = '2099-01-01';
const seenAt = (days: number, until = FAR) =>
  `until=${until} seen=${ago(days)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')}`;

const scopeWith = (tags: Record<string, string>) =>
  evaluateApplicability(
    { userName: 'alice', path: '/', tags, groups: [] },
    policy({ maxExemptionDays: 30 }),
    NOW,
  );

describe('an exemption capped from its first sighting', () => {
  it('first seen: exempt for maxExemptionDays from now, and the sighting is recorded', () => {
    // Act
    const scope = scopeWith({ [UNTIL]: FAR });

    // Assess
    expect(scope.applicability).toEqual({
      kind: 'exempt',
      why: 'tag',
      until: new Date(NOW.getTime() + 30 * 86_400_000),
      capped: true,
    });
    expect(scope.exemptionRecord).toEqual({ tag: SEEN, value: seenAt(0) });
  });

  it('seen 20 days ago: exempt for the 10 days left, nothing new recorded', () => {
    // Act
    const scope = scopeWith({ [UNTIL]: FAR, [SEEN]: seenAt(20) });

    // Assess
    expect(scope.applicability).toMatchObject({
      kind: 'exempt',
      until: new Date(ago(20).getTime() + 30 * 86_400_000),
    });
    expect(scope.exemptionRecord).toBeUndefined();
    expect(warningText(scope.warnings[0]!)).toContain('first saw this value');
  });

  it('seen 30 days ago: the cap has ended, the user is managed again and told so', () => {
    // Act
    const scope = scopeWith({ [UNTIL]: FAR, [SEEN]: seenAt(30) });

    // Assess
    expect(scope.applicability).toEqual({ kind: 'in-scope' });
    expect(scope.warnings).toEqual([
      expect.objectContaining({ code: 'exemption-cap-ended', tag: UNTIL, value: FAR }),
    ]);
    expect(warningText(scope.warnings[0]!)).toMatch(/cap ended at .*NOT exempt/);
  });

  it('a new value starts a new record (a person set a new date on purpose)', () => {
    // Act
    const scope = scopeWith({ [UNTIL]: '2098-12-31', [SEEN]: seenAt(30) });

    // Assess
    expect(scope.applicability).toMatchObject({ kind: 'exempt', capped: true });
    expect(scope.exemptionRecord).toEqual({ tag: SEEN, value: seenAt(0, '2098-12-31') });
  });

  it('a record that does not read (unverified or edited) ends the exemption, never extends it', () => {
    // Act: the edge leaves `unverified=1` for a record whose MAC did not verify
    const scope = scopeWith({ [UNTIL]: FAR, [SEEN]: 'unverified=1' });

    // Assess
    expect(scope.applicability).toEqual({ kind: 'in-scope' });
    expect(scope.exemptionRecord).toBeUndefined();
    expect(warningText(scope.warnings[0]!)).toMatch(/does not verify.*NOT exempt/s);
  });

  it('a date within the cap needs no record, whatever an old record says', () => {
    // Act
    const scope = scopeWith({ [UNTIL]: '2026-06-20', [SEEN]: 'unverified=1' });

    // Assess
    expect(scope.applicability).toMatchObject({ kind: 'exempt', until: new Date('2026-06-21') });
    expect(scope.exemptionRecord).toBeUndefined();
  });

  it('the exemption tag removed: its record is to be removed, so the same value set again starts anew', () => {
    // Act
    const scope = scopeWith({ [SEEN]: seenAt(400) });

    // Assess
    expect(scope.applicability).toEqual({ kind: 'in-scope' });
    expect(scope.staleExemptionRecord).toBe(SEEN);
  });
});
