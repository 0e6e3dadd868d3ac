/**
 * Turns a Notice into a subject, a human body and a JSON payload. It only words what the engine decided
 * (reasons and DecisionFacts); it never re-derives a decision.
 */
import type { DecisionFacts, NotificationEvent } from '../core/types';
import { OPS_ONLY_USER, SEVERITY, type Notice, type Severity } from './notice';

export interface RenderedNotice {
  readonly subject: string;
  readonly body: string;
  readonly payload: NoticePayload;
}

export interface NoticePayload {
  readonly event: NotificationEvent;
  readonly user: string;
  readonly accessKeyId?: string;
  readonly newAccessKeyId?: string;
  readonly reasons: readonly string[];
  readonly facts: DecisionFacts;
  readonly mode: Notice['mode'];
  readonly severity: Severity;
  readonly secretName?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** SNS: ASCII, no line breaks, "less than 100 characters". */
const MAX_SUBJECT = 99;

interface Wording {
  readonly what: (n: Notice) => string;
  readonly todo: string | ((n: Notice) => string);
}

const WORDING: Readonly<Record<NotificationEvent, Wording>> = {
  ROTATION_UPCOMING: {
    what: (n) =>
      `Access key ${n.accessKeyId} is due for rotation in ${n.facts.dueInDays ?? '?'} day(s).`,
    todo: 'Nothing yet: a replacement will be created and stored in Secrets Manager when it is due.',
  },
  KEY_CREATED: {
    what: (n) => `A replacement access key ${n.newAccessKeyId} was created for ${n.accessKeyId}.`,
    todo: (n) =>
      `Switch your workloads to the new key from secret ${n.secretName ?? '(ask your platform team)'} before the old key is deactivated.`,
  },
  OLD_KEY_STILL_IN_USE: {
    what: (n) =>
      `Access key ${n.accessKeyId} is still being used after a newer key was created for this user.`,
    todo: 'Move every workload to the newer key; the old key is deactivated when the grace period ends.',
  },
  KEY_DEACTIVATED: {
    what: (n) =>
      n.reasons.includes('interrupted-rotation')
        ? `Access key ${n.accessKeyId} was deactivated: a rotation created it but was interrupted before its secret was stored, so nobody can be using it. The key it was replacing stays Active and is rotated again later.`
        : `Access key ${n.accessKeyId} was deactivated.`,
    todo: 'If a workload breaks, move it to your current key; ask your platform team before re-activating.',
  },
  KEY_DELETED: {
    what: (n) => `Inactive access key ${n.accessKeyId} was deleted after its recovery window.`,
    todo: 'Nothing: the key had not been used while inactive.',
  },
  KEY_REACTIVATED: {
    what: (n) => `Access key ${n.accessKeyId}, deactivated earlier, was re-activated by someone.`,
    todo: 'Confirm the re-activation was intended; the key gets a grace period, then the rules apply again.',
  },
  ROTATION_BLOCKED: {
    what: (n) =>
      `Access key ${n.accessKeyId} could not be rotated: ${String(n.details?.message ?? n.reasons.join(', '))}`,
    todo: 'Delete the key you no longer need (IAM allows two keys per user) so rotation can proceed.',
  },
  CIRCUIT_BREAKER_TRIPPED: {
    what: (n) =>
      `The run would have deactivated or deleted ${String(n.details?.destructiveCount)} keys, more than the limit of ${String(n.details?.maxDestructiveActions)}; none of them was touched.`,
    todo: 'Review the planned actions (run in report mode), then raise MAX_DESTRUCTIVE_ACTIONS or fix the cause.',
  },
  RUN_FAILED: {
    what: (n) =>
      `The key lifecycle run failed: ${String(n.details?.message ?? 'see the function logs')}`,
    todo: 'Check the function logs for this run; a created key named here may need manual cleanup.',
  },
  RUN_SUMMARY: {
    what: (n) => `Run summary: ${summaryLine(n.details ?? {})}.`,
    todo: 'Review the actions, blocked rotations and errors listed in the JSON payload.',
  },
};

export function renderNotice(notice: Notice): RenderedNotice {
  const severity = SEVERITY[notice.event];
  const user = notice.user ?? OPS_ONLY_USER;
  const wording = WORDING[notice.event];
  const prefix = notice.mode === 'report' ? '[report] ' : '';
  const subject = truncate(
    `${prefix}[IAM keys] ${notice.event} ${notice.user ?? ''} ${shortKey(notice.newAccessKeyId ?? notice.accessKeyId)}`
      .replace(/\s+/g, ' ')
      .trim(),
  );
  const lines = [
    notice.mode === 'report'
      ? 'REPORT MODE: nothing was changed; this describes what would happen.'
      : undefined,
    notice.user ? `User: ${notice.user}` : undefined,
    wording.what(notice),
    notice.reasons.length > 0
      ? `Why: ${notice.reasons.join(', ')}${factsText(notice.facts)}`
      : undefined,
    `What to do: ${typeof wording.todo === 'string' ? wording.todo : wording.todo(notice)}`,
  ];
  const payload: NoticePayload = {
    event: notice.event,
    user,
    accessKeyId: notice.accessKeyId,
    newAccessKeyId: notice.newAccessKeyId,
    reasons: [...notice.reasons],
    facts: notice.facts,
    mode: notice.mode,
    severity,
    secretName: notice.secretName,
    details: notice.details,
  };
  return { subject, body: lines.filter((l) => l !== undefined).join('\n'), payload };
}

/** `AKIA...WXYZ`: enough to recognise a key in a mail subject. */
function shortKey(accessKeyId: string | undefined): string {
  if (!accessKeyId) return '';
  return accessKeyId.length > 8
    ? `${accessKeyId.slice(0, 4)}...${accessKeyId.slice(-4)}`
    : accessKeyId;
}

function truncate(subject: string): string {
  return subject.length <= MAX_SUBJECT ? subject : `${subject.slice(0, MAX_SUBJECT - 3)}...`;
}

function factsText(facts: DecisionFacts): string {
  const parts = Object.entries(facts)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function summaryLine(details: Readonly<Record<string, unknown>>): string {
  const keys = [
    'actions',
    'blocked',
    'warnings',
    'errors',
    'usersInScope',
    'usersExempt',
    'usersScanned',
  ];
  const line = keys.map((k) => `${k} ${String(details[k] ?? 0)}`).join(', ');
  return details.incomplete === true
    ? `${line}; INCOMPLETE: ${String(details.usersDeferred ?? 0)} users deferred to the next run (the run stopped starting users near the Lambda timeout)`
    : line;
}
