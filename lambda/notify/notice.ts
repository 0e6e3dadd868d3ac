/**
 * A notification as data: one case per event, each with typed details (docs/lifecycle.md, "Notices
 * once"). Built by the functions below — one per kind — from decisions and outcomes; worded by render.ts.
 * A notice is stored as JSON while pending (coordination table), so its dates may come back as ISO
 * strings: render.ts reads them with `new Date(...)`. Never key material.
 */
import type { Mode } from '../config/types';
import type { KeyUsageSummary } from '../core/key-usage/summary';
import type {
  BlockedAction,
  BlockReason,
  DecisionFacts,
  KeyDecision,
  NotificationEvent,
  Reason,
} from '../core/model/types';

export type Severity = 'info' | 'warning' | 'critical';

interface KeyNotice {
  /** The user it concerns (owner subscriptions filter on it). */
  readonly user: string;
  readonly accessKeyId: string;
  readonly reasons: readonly Reason[];
  readonly facts: DecisionFacts;
  readonly mode: Mode;
  /** Sent as critical (ops), whatever the event's usual severity (KeyDecision.escalate). */
  readonly escalate?: true;
  /** Who uses the key, when the run looked it up (engine/key-usage.ts). */
  readonly usage?: KeyUsageSummary;
}

/** A key whose retirement failed to undo or a run that failed: what a person must look at. */
export interface RunFailedDetails {
  readonly message: string;
  readonly runId?: string;
  readonly user?: string;
}

export interface BreakerDetails {
  readonly destructiveCount: number;
  readonly maxDestructiveActions: number;
  readonly withheld: readonly {
    readonly user: string;
    readonly accessKeyId: string;
    readonly action: string;
    readonly reason: BlockReason;
  }[];
}

/** RUN_SUMMARY: counts and the first entries of each list (the JSON payload carries them). */
export interface SummaryDetails {
  readonly actions: number;
  readonly blocked: number;
  readonly warnings: number;
  readonly errors: number;
  readonly usersScanned: number;
  readonly usersInScope: number;
  readonly usersExempt: number;
  readonly exemptList: readonly unknown[];
  readonly circuitBreakerTripped: boolean;
  readonly incomplete: boolean;
  readonly usersDeferred: number;
  /** The deadline warning's message, when the run stopped starting users. */
  readonly deadline?: string;
  readonly actionList: readonly unknown[];
  readonly errorList: readonly unknown[];
}

export type Notice =
  | (KeyNotice & {
      readonly event:
        | 'ROTATION_UPCOMING'
        | 'OLD_KEY_STILL_IN_USE'
        | 'KEY_DEACTIVATED'
        | 'KEY_DELETED'
        | 'KEY_REACTIVATED';
    })
  | (KeyNotice & {
      readonly event: 'KEY_CREATED';
      readonly newAccessKeyId?: string;
      readonly secretName?: string;
    })
  | {
      readonly event: 'ROTATION_BLOCKED';
      readonly user: string;
      readonly accessKeyId: string;
      readonly mode: Mode;
      readonly block: BlockedAction;
    }
  | {
      readonly event: 'CIRCUIT_BREAKER_TRIPPED';
      readonly mode: Mode;
      readonly details: BreakerDetails;
    }
  | {
      readonly event: 'RUN_FAILED';
      readonly mode: Mode;
      /** A key the failure left behind, when there is one. */
      readonly accessKeyId?: string;
      readonly details: RunFailedDetails;
    }
  | { readonly event: 'RUN_SUMMARY'; readonly mode: Mode; readonly details: SummaryDetails };

export const SEVERITY: Readonly<Record<NotificationEvent, Severity>> = {
  ROTATION_UPCOMING: 'info',
  KEY_CREATED: 'info',
  OLD_KEY_STILL_IN_USE: 'warning',
  KEY_DEACTIVATED: 'warning',
  KEY_DELETED: 'info',
  KEY_REACTIVATED: 'warning',
  ROTATION_BLOCKED: 'warning',
  CIRCUIT_BREAKER_TRIPPED: 'critical',
  RUN_FAILED: 'critical',
  RUN_SUMMARY: 'info',
};

/** The notice's severity: its event's, unless the rule behind it escalated it to ops (critical). */
export function severityOf(notice: Notice): Severity {
  return 'escalate' in notice && notice.escalate ? 'critical' : SEVERITY[notice.event];
}

/** The `user` message attribute of ops-only events: no owner filter policy matches it. */
export const OPS_ONLY_USER = '-';

/** The user and key of a notice, for error records and identities. */
export function noticeSubject(notice: Notice): {
  readonly user?: string;
  readonly accessKeyId?: string;
  readonly newAccessKeyId?: string;
} {
  switch (notice.event) {
    case 'CIRCUIT_BREAKER_TRIPPED':
    case 'RUN_SUMMARY':
      return {};
    case 'RUN_FAILED':
      return { accessKeyId: notice.accessKeyId };
    case 'KEY_CREATED':
      return {
        user: notice.user,
        accessKeyId: notice.accessKeyId,
        newAccessKeyId: notice.newAccessKeyId,
      };
    default:
      return { user: notice.user, accessKeyId: notice.accessKeyId };
  }
}

/** The notice a carried-out decision produces (its event, reasons and facts), if any. */
export function decisionNotice(
  d: KeyDecision,
  mode: Mode,
  created: { readonly newAccessKeyId?: string; readonly secretName?: string } = {},
): Notice | undefined {
  if (!d.event) return undefined;
  const base = {
    user: d.userName,
    accessKeyId: d.accessKeyId,
    reasons: d.reasons,
    facts: d.facts,
    mode,
    ...(d.escalate ? { escalate: d.escalate } : {}),
  };
  switch (d.event) {
    case 'KEY_CREATED':
      return { ...base, event: 'KEY_CREATED', newAccessKeyId: d.newAccessKeyId, ...created };
    case 'ROTATION_UPCOMING':
    case 'OLD_KEY_STILL_IN_USE':
    case 'KEY_DEACTIVATED':
    case 'KEY_DELETED':
    case 'KEY_REACTIVATED':
      return { ...base, event: d.event };
    default:
      return undefined;
  }
}

/** ROTATION_BLOCKED for one blocked rotation, to the owner (and ops, who receive every event). */
export function blockedNotice(b: BlockedAction, mode: Mode): Notice {
  return {
    event: 'ROTATION_BLOCKED',
    user: b.userName,
    accessKeyId: b.accessKeyId,
    mode,
    block: b,
  };
}

export function runFailedNotice(
  mode: Mode,
  details: RunFailedDetails,
  accessKeyId?: string,
): Notice {
  return { event: 'RUN_FAILED', mode, details, ...(accessKeyId ? { accessKeyId } : {}) };
}

/** CIRCUIT_BREAKER_TRIPPED: the run withheld destructive actions (ops). */
export function breakerNotice(mode: Mode, details: BreakerDetails): Notice {
  return { event: 'CIRCUIT_BREAKER_TRIPPED', mode, details };
}

/** RUN_SUMMARY: what the run did, for ops. */
export function runSummaryNotice(mode: Mode, details: SummaryDetails): Notice {
  return { event: 'RUN_SUMMARY', mode, details };
}
