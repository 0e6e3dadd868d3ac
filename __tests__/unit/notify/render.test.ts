import type { BlockedAction, NotificationEvent, Reason } from '../../../lambda/core/model/types';
import {
  blockedNotice,
  runFailedNotice,
  type Notice,
  type SummaryDetails,
} from '../../../lambda/notify/notice';
import { renderNotice } from '../../../lambda/notify/render';
import { KEY_CREATED_NOTICE as created } from '../support/notices';

const SUMMARY: SummaryDetails = {
  actions: 3,
  blocked: 0,
  warnings: 0,
  errors: 0,
  usersScanned: 10,
  usersInScope: 9,
  usersExempt: 1,
  exemptList: [],
  circuitBreakerTripped: false,
  incomplete: false,
  usersDeferred: 0,
  actionList: [],
  errorList: [],
};

const keyNotice = { ...created, newAccessKeyId: undefined, secretName: undefined };
const inRecovery: BlockedAction = {
  userName: 'alice',
  accessKeyId: 'AKIAOLD0000000000001',
  action: 'create',
  notify: true,
  reason: 'two-key-limit-key-in-recovery',
  otherKeyId: 'AKIAINACTIVE00000001',
  inactiveSince: new Date('2026-05-28T00:00:00Z'),
  earliest: new Date('2026-06-07T00:00:00Z'),
  recoveryDays: 10,
};

/** One notice per event: every case of the union renders. */
const SAMPLES: Readonly<Record<NotificationEvent, Notice>> = {
  ROTATION_UPCOMING: { ...keyNotice, event: 'ROTATION_UPCOMING' },
  KEY_CREATED: created,
  OLD_KEY_STILL_IN_USE: { ...keyNotice, event: 'OLD_KEY_STILL_IN_USE' },
  KEY_DEACTIVATED: { ...keyNotice, event: 'KEY_DEACTIVATED' },
  KEY_DELETED: { ...keyNotice, event: 'KEY_DELETED' },
  KEY_REACTIVATED: { ...keyNotice, event: 'KEY_REACTIVATED' },
  ROTATION_BLOCKED: blockedNotice(inRecovery, 'enforce'),
  CIRCUIT_BREAKER_TRIPPED: {
    event: 'CIRCUIT_BREAKER_TRIPPED',
    mode: 'enforce',
    details: { destructiveCount: 30, maxDestructiveActions: 20, withheld: [] },
  },
  RUN_FAILED: runFailedNotice('enforce', { message: 'boom' }),
  RUN_SUMMARY: { event: 'RUN_SUMMARY', mode: 'enforce', details: SUMMARY },
};
const EVENTS = Object.keys(SAMPLES) as NotificationEvent[];

describe('renderNotice', () => {
  it('words a created key from the decision data: subject, reasons, facts and the secret to use', () => {
    const { subject, body, payload } = renderNotice(created);
    expect(subject).toBe('[IAM keys] KEY_CREATED alice AKIA...WXYZ');
    expect(body).toContain('Why: rotation-due (ageDays=100, idleDays=1)');
    expect(body).toContain('iam-access-key/alice');
    expect(payload).toMatchObject({
      event: 'KEY_CREATED',
      user: 'alice',
      severity: 'info',
      mode: 'enforce',
    });
  });

  it.each(EVENTS)(
    'keeps the %s subject ASCII and under 100 characters, even for a 64-character user',
    (event) => {
      const notice = SAMPLES[event];
      const long = 'user' in notice ? { ...notice, user: 'u'.repeat(64) } : notice;
      const { subject } = renderNotice({ ...long, mode: 'report' } as Notice);
      expect(subject.length).toBeLessThan(100);
      expect(subject).toMatch(/^\[report\] [\x20-\x7e]+$/);
    },
  );

  it("explains that an interrupted rotation's orphan key was never stored", () => {
    const { body } = renderNotice({
      ...keyNotice,
      event: 'KEY_DEACTIVATED',
      accessKeyId: 'AKIAORPHAN0000000001',
      reasons: ['interrupted-rotation'],
    });
    expect(body).toContain('interrupted before its secret was stored, so nobody can be using it');
  });

  it('says in the run summary when a run stopped near the deadline and deferred users', () => {
    const { body } = renderNotice({
      event: 'RUN_SUMMARY',
      mode: 'enforce',
      details: { ...SUMMARY, incomplete: true, usersDeferred: 250 },
    });
    expect(body).toContain('INCOMPLETE: 250 users deferred to the next run');
  });

  it('sends ops-only events with user "-"', () => {
    const { payload } = renderNotice({ event: 'RUN_SUMMARY', mode: 'report', details: SUMMARY });
    expect(payload.user).toBe('-');
  });

  it('tells the owner of a rotation blocked by a key in recovery to wait, never to delete it', () => {
    const { body, payload } = renderNotice(SAMPLES.ROTATION_BLOCKED);
    expect(body).toContain('keys are never deleted early');
    expect(body).toContain('on or after 2026-06-07T00:00:00Z');
    expect(body).not.toMatch(/delete the key/i);
    expect(payload.reasons).toEqual(['two-key-limit-key-in-recovery']);
    expect(payload.details).toMatchObject({ otherKeyId: 'AKIAINACTIVE00000001' });
  });

  it('renders a blocked notice read back from JSON (dates as strings) the same way', () => {
    const stored = JSON.parse(JSON.stringify(SAMPLES.ROTATION_BLOCKED)) as Notice;
    expect(renderNotice(stored).body).toBe(renderNotice(SAMPLES.ROTATION_BLOCKED).body);
  });

  it('offers deleting the other Active key only when two Active keys block the rotation', () => {
    const twoActive: BlockedAction = {
      ...inRecovery,
      reason: 'two-key-limit-second-active-key',
      otherKeyId: 'AKIASECOND0000000001',
      retireAt: new Date('2026-06-05T00:00:00Z'),
      earliest: new Date('2026-06-15T00:00:00Z'),
      recoveryDays: 10,
    };
    const { body } = renderNotice(blockedNotice(twoActive, 'enforce'));
    expect(body).toContain('What to do: To unblock sooner, delete AKIASECOND0000000001');
  });

  const evidence = {
    replacementKeyId: 'AKIANEW0000000000001',
    lastUsed: '2026-06-01T11:00:00Z',
    holdEndsAt: '2026-06-04T12:00:00Z',
    graceLeftDays: 3,
  };

  it('escalates an old key held in use past its grace to critical, and says the hold ends', () => {
    const { body, payload } = renderNotice({
      ...keyNotice,
      event: 'OLD_KEY_STILL_IN_USE',
      reasons: ['in-use-hold', 'old-key-still-in-use'],
      facts: {
        ...evidence,
        holdStep: 2,
        replacement: 'adopted',
        replacementLastUsed: '2026-06-01T10:00:00Z',
      },
      escalate: true,
    });
    expect(payload.severity).toBe('critical');
    expect(body).toContain('its deactivation is held (step 2 of 3)');
    expect(body).toContain(
      'at 2026-06-04T12:00:00Z (3 more day(s) at most) whether or not it is in use',
    );
    expect(body).toContain('This key was last used 2026-06-01T11:00:00Z.');
    expect(body).toContain(
      'Replacement AKIANEW0000000000001 is adopted: last used 2026-06-01T10:00:00Z.',
    );
    expect(body).toContain('Ops: escalated to you at step 2 of 3');
    expect(payload.facts).toMatchObject({ replacement: 'adopted', holdStep: 2 });
  });

  it('tells the owner at the first step that nothing uses the replacement yet (not adopted)', () => {
    const { body, payload } = renderNotice({
      ...keyNotice,
      event: 'OLD_KEY_STILL_IN_USE',
      reasons: ['in-use-hold', 'old-key-still-in-use'],
      facts: { ...evidence, holdStep: 1, replacement: 'not-adopted', replacementLastUsed: 'never' },
    });
    expect(payload.severity).toBe('warning');
    expect(body).toContain(
      'Replacement AKIANEW0000000000001 is not adopted yet: IAM has no record of its use.',
    );
    expect(body).toContain('What to do: Nothing has used the replacement yet');
    expect(body).not.toContain('Ops:');
  });

  it.each([
    ['grace-extension-ended', ['rotated', 'grace-extension-ended'], 'although it was still in use'],
    ['quiet', ['rotated'], 'it had gone quiet'],
  ])('words a retirement (%s) with the evidence', (_n, reasons, words) => {
    const { body } = renderNotice({
      ...keyNotice,
      event: 'KEY_DEACTIVATED',
      reasons: reasons as Reason[],
      facts: { ...evidence, replacement: 'adopted', replacementLastUsed: '2026-06-01T10:00:00Z' },
    });
    expect(body).toContain(words);
    expect(body).toContain('Replacement AKIANEW0000000000001 is adopted');
  });

  it('keeps the in-grace in-use warning a warning', () => {
    expect(renderNotice(SAMPLES.OLD_KEY_STILL_IN_USE).payload.severity).toBe('warning');
  });
});
