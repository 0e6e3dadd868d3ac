/**
 * Turns a Notice into a subject, a human body and a JSON payload. It only words what the engine decided
 * (reasons, DecisionFacts and each event's typed details); it never re-derives a decision.
 */
import type { DecisionFacts, NotificationEvent } from '../core/model/types';
import {
  noticeSubject,
  OPS_ONLY_USER,
  severityOf,
  type Notice,
  type Severity,
  type SummaryDetails,
} from './notice';
import { blockedText, blockedTodo } from './plan-words';
import { heldWording, inGraceWording, retiredWording } from './retire-words';
import { usageNoticeLines } from './usage-words';
import type { KeyUsageSummary } from '../core/key-usage/summary';

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
  /** Who uses the key (notify/usage-words.ts), when the run looked it up. */
  readonly usage?: KeyUsageSummary;
}

/** SNS: ASCII, no line breaks, "less than 100 characters". */
const MAX_SUBJECT = 99;

interface Wording {
  readonly what: string;
  readonly todo: string;
}

function wording(n: Notice): Wording {
  switch (n.event) {
    case 'ROTATION_UPCOMING':
      return {
        what: `Access key ${n.accessKeyId} is due for rotation in ${n.facts.dueInDays ?? '?'} day(s).`,
        todo: 'Nothing yet: a replacement will be created and stored in Secrets Manager when it is due.',
      };
    case 'KEY_CREATED':
      return {
        what: `A replacement access key ${n.newAccessKeyId} was created for ${n.accessKeyId}.`,
        todo: `Switch your workloads to the new key from secret ${n.secretName ?? '(ask your platform team)'} before the old key is deactivated.`,
      };
    case 'OLD_KEY_STILL_IN_USE':
      return n.reasons.includes('in-use-hold') ? heldWording(n) : inGraceWording(n);
    case 'KEY_DEACTIVATED':
      if (n.facts.replacement !== undefined) return retiredWording(n);
      return {
        what: n.reasons.includes('interrupted-rotation')
          ? `Access key ${n.accessKeyId} was deactivated: a rotation created it but was interrupted before its secret was stored, so nobody can be using it. The key it was replacing stays Active and is rotated again later.`
          : `Access key ${n.accessKeyId} was deactivated.`,
        todo: 'If a workload breaks, move it to your current key; ask your platform team before re-activating.',
      };
    case 'KEY_DELETED':
      return {
        what: `Inactive access key ${n.accessKeyId} was deleted after its recovery window.`,
        todo: 'Nothing: the key had not been used while inactive.',
      };
    case 'KEY_REACTIVATED':
      return {
        what: `Access key ${n.accessKeyId}, deactivated earlier, was re-activated by someone.`,
        todo: 'Confirm the re-activation was intended; the key gets a grace period, then the rules apply again.',
      };
    case 'ROTATION_BLOCKED':
      return {
        what: `Access key ${n.accessKeyId} could not be rotated: ${blockedText(n.block)}`,
        todo: blockedTodo(n.block) || 'Nothing: it is planned again on the next run.',
      };
    case 'CIRCUIT_BREAKER_TRIPPED':
      return {
        what: `The run would have deactivated or deleted ${n.details.destructiveCount} keys, more than the limit of ${n.details.maxDestructiveActions}; none of them was touched.`,
        todo: 'Review the planned actions (run in report mode), then raise MAX_DESTRUCTIVE_ACTIONS or fix the cause.',
      };
    case 'RUN_FAILED':
      return {
        what: `The key lifecycle run failed: ${n.details.message}`,
        todo: 'Check the function logs for this run; a created key named here may need manual cleanup.',
      };
    case 'RUN_SUMMARY':
      return {
        what: `Run summary: ${summaryLine(n.details)}.`,
        todo: 'Review the actions, blocked rotations and errors listed in the JSON payload.',
      };
  }
}

export function renderNotice(notice: Notice): RenderedNotice {
  const severity = severityOf(notice);
  const { user, accessKeyId, newAccessKeyId } = noticeSubject(notice);
  const { what, todo } = wording(notice);
  const reasons = reasonsOf(notice);
  const facts = 'facts' in notice ? notice.facts : {};
  const prefix = notice.mode === 'report' ? '[report] ' : '';
  const subject = truncate(
    `${prefix}[IAM keys] ${notice.event} ${user ?? ''} ${shortKey(newAccessKeyId ?? accessKeyId)}`
      .replace(/\s+/g, ' ')
      .trim(),
  );
  const lines = [
    notice.mode === 'report'
      ? 'REPORT MODE: nothing was changed; this describes what would happen.'
      : undefined,
    user ? `User: ${user}` : undefined,
    what,
    ...('usage' in notice && notice.usage ? usageNoticeLines(notice.usage) : []),
    reasons.length > 0 ? `Why: ${reasons.join(', ')}${factsText(facts)}` : undefined,
    `What to do: ${todo}`,
  ];
  const payload: NoticePayload = {
    event: notice.event,
    user: user ?? OPS_ONLY_USER,
    accessKeyId,
    newAccessKeyId,
    reasons,
    facts,
    mode: notice.mode,
    severity,
    secretName: notice.event === 'KEY_CREATED' ? notice.secretName : undefined,
    details: detailsOf(notice),
    ...('usage' in notice && notice.usage ? { usage: notice.usage } : {}),
  };
  return { subject, body: lines.filter((l) => l !== undefined).join('\n'), payload };
}

function reasonsOf(notice: Notice): readonly string[] {
  switch (notice.event) {
    case 'ROTATION_BLOCKED':
      return [notice.block.reason];
    case 'CIRCUIT_BREAKER_TRIPPED':
      return ['circuit-breaker'];
    case 'RUN_FAILED':
      return [notice.accessKeyId ? 'rollback-failed' : 'run-failed'];
    case 'RUN_SUMMARY':
      return [];
    default:
      return notice.reasons;
  }
}

function detailsOf(notice: Notice): Readonly<Record<string, unknown>> | undefined {
  switch (notice.event) {
    case 'ROTATION_BLOCKED':
      return { ...notice.block, message: blockedText(notice.block) };
    case 'CIRCUIT_BREAKER_TRIPPED':
    case 'RUN_FAILED':
    case 'RUN_SUMMARY':
      return { ...notice.details };
    default:
      return undefined;
  }
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

function summaryLine(d: SummaryDetails): string {
  const counts = [
    ['actions', d.actions],
    ['blocked', d.blocked],
    ['warnings', d.warnings],
    ['errors', d.errors],
    ['usersInScope', d.usersInScope],
    ['usersExempt', d.usersExempt],
    ['usersScanned', d.usersScanned],
  ] as const;
  const line = counts.map(([k, v]) => `${k} ${v ?? 0}`).join(', ');
  return d.incomplete
    ? `${line}; INCOMPLETE: ${d.usersDeferred ?? 0} users deferred to the next run (the run stopped starting users near the Lambda timeout)`
    : line;
}
