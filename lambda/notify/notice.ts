/** A notification as data: built by the engine from decisions and outcomes, rendered by render.ts. */
import type { DecisionFacts, NotificationEvent, Reason } from '../core/types';
import type { Mode } from '../config/types';

export type Severity = 'info' | 'warning' | 'critical';

export interface Notice {
  readonly event: NotificationEvent;
  /** The user it concerns (owner subscriptions filter on it); absent for ops-only events. */
  readonly user?: string;
  readonly accessKeyId?: string;
  readonly newAccessKeyId?: string;
  readonly reasons: readonly (Reason | string)[];
  readonly facts: DecisionFacts;
  readonly mode: Mode;
  readonly secretName?: string;
  /** Event-specific data for ops events (counts, blocked keys, error text). Never key material. */
  readonly details?: Readonly<Record<string, unknown>>;
}

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

/** The `user` message attribute of ops-only events: no owner filter policy matches it. */
export const OPS_ONLY_USER = '-';
