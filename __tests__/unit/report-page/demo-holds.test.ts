/** The demo page's view of retire on evidence: hold marks on the timeline and the holds-per-key table. */
import { holdRows, HoldLedger } from '../../../scripts/demo/holds';
import { Timeline } from '../../../scripts/demo/timeline';
import type { Notification } from '../../../scripts/emulator/sns-inbox';
import type { RunSummary } from '../../../lambda/engine/summary';

const OLD = 'AKIAOLD0000000000001';

const warnRun = (reasons: readonly string[]) =>
  ({
    actions: [{ user: 'etl', accessKeyId: OLD, action: 'warn', reasons, outcome: 'done' }],
    blocked: [],
    errors: [],
    warnings: [],
  }) as unknown as RunSummary;

const notice = (event: string, severity: string, body: object): Notification => ({
  event,
  user: 'etl',
  severity,
  mode: 'enforce',
  body: { accessKeyId: OLD, ...body },
  raw: '',
});

describe('demo timeline marks', () => {
  it.each([
    [['within-grace', 'old-key-still-in-use'], 'still-in-use'],
    [['in-use-hold', 'old-key-still-in-use'], 'held'],
    [['rotation-upcoming'], 'warning'],
  ])('marks a warning with reasons %j as %s', (reasons, kind) => {
    const timeline = new Timeline();
    timeline.addRun(9, new Date('2030-01-16T09:00:00Z'), warnRun(reasons));
    expect(timeline.marks.map((m) => m.kind)).toEqual([kind]);
  });
});

describe('holds per key', () => {
  it('lists each held key with its steps, severity, adoption and how the hold ended', () => {
    // Prepare
    const ledger = new HoldLedger();
    const held = (step: number) => ({
      reasons: ['in-use-hold', 'old-key-still-in-use'],
      facts: { holdStep: step, replacement: 'not-adopted' },
    });

    // Act
    ledger.observe(12, [notice('OLD_KEY_STILL_IN_USE', 'warning', held(1))]);
    ledger.observe(27, [notice('OLD_KEY_STILL_IN_USE', 'critical', held(2))]);
    ledger.observe(42, [
      notice('KEY_DEACTIVATED', 'warning', {
        reasons: ['rotated', 'grace-extension-ended'],
        facts: { replacement: 'not-adopted' },
      }),
    ]);

    // Assess
    expect(holdRows(ledger.holds)).toEqual([
      [
        'etl',
        'AKIA…0001',
        '12',
        'day 12: step 1, warning; day 27: step 2, critical',
        'not-adopted',
        'day 42: deactivated (rotated, grace-extension-ended)',
      ],
    ]);
  });

  it('ignores in-grace warnings and deactivations of keys that were never held', () => {
    const ledger = new HoldLedger();
    ledger.observe(6, [
      notice('OLD_KEY_STILL_IN_USE', 'warning', { reasons: ['within-grace'], facts: {} }),
      notice('KEY_DEACTIVATED', 'warning', { reasons: ['rotated'], facts: {} }),
    ]);
    expect(ledger.holds).toEqual([]);
  });
});
