import type { Action, BlockReason, KeyDecision, Reason, WarningCode } from '../core/model/types';
import type { RunWarning } from '../notify/run-words';
import type { Mode } from '../config/types';

/** What happened to a planned action. */
export type ActionOutcome =
  | 'done' // carried out (enforce mode)
  | 'planned' // report mode: would be carried out
  | 'skipped-stale' // the fresh re-read no longer supports it; nothing done
  | 'skipped-concurrent' // another run got there first (e.g. the replacement already exists)
  | 'rolled-back' // a created key could not be stored and was deleted again
  | 'failed'
  | 'blocked' // not carried out: the rolling destructive-action budget ran out mid-run (see `blocked`)
  | 'deferred'; // enforce mode: not started, the run's deadline was near; the next run plans it again

export interface ActionRecord {
  readonly user: string;
  readonly accessKeyId: string;
  readonly action: Exclude<Action, 'none'>;
  readonly reasons: readonly Reason[];
  readonly outcome: ActionOutcome;
  /** For `create` that was done: the new key's id (never its secret). */
  readonly newAccessKeyId?: string;
}

/** The one place a decision becomes an ActionRecord (planned, deferred or carried out). */
export function actionRecord(
  d: KeyDecision & { readonly action: ActionRecord['action'] },
  outcome: ActionOutcome,
  newAccessKeyId?: string,
): ActionRecord {
  const { userName: user, accessKeyId, action, reasons } = d;
  return {
    user,
    accessKeyId,
    action,
    reasons,
    outcome,
    ...(newAccessKeyId ? { newAccessKeyId } : {}),
  };
}

/** The decisions of a plan that are actions (not `none`). */
export function actions(decisions: readonly KeyDecision[]) {
  return decisions.filter(
    (d): d is KeyDecision & { readonly action: ActionRecord['action'] } => d.action !== 'none',
  );
}

export interface BlockedRecord {
  readonly user: string;
  readonly accessKeyId: string;
  readonly action: Exclude<Action, 'none' | 'warn'>;
  readonly reason: BlockReason;
  readonly message: string;
}

/** The core's warnings about a user, and the run's own (notify/run-words.ts RunWarning). */
export type RunWarningCode = WarningCode | RunWarning['code'];

export interface WarningRecord {
  readonly user?: string;
  readonly code: RunWarningCode;
  readonly message: string;
}

/** A user the engine may not touch this run because of an exemption (never acted on, reported each run). */
export interface ExemptRecord {
  readonly user: string;
  /** `group`: member of EXEMPT_GROUP (no expiry); `tag`: an exempt-until tag. */
  readonly why: 'group' | 'tag';
  /** ISO timestamp the exemption ends (tag exemptions only). */
  readonly until?: string;
  /** The tag lay further ahead than MAX_EXEMPTION_DAYS: `until` is the cap. */
  readonly capped?: boolean;
}

export interface ErrorRecord {
  readonly user?: string;
  readonly accessKeyId?: string;
  /** The step that failed, e.g. `read-keys`, `create-key`, `store-secret`, `notify`. */
  readonly step: string;
  readonly message: string;
  /** `critical` when a person must act (e.g. a created key that could be neither stored nor deleted). */
  readonly severity?: 'critical';
}

/** The handler's return value, also logged as one JSON line (README, "Invoking it yourself"). */
export interface RunSummary {
  readonly mode: Mode;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly source: 'schedule' | 'manual' | 'cloudtrail';
  readonly inventory: 'credential-report' | 'fallback' | 'targeted';
  readonly usersScanned: number;
  readonly usersInScope: number;
  /** Users read in detail (candidates); the rest were settled from the credential report. */
  readonly usersEvaluated: number;
  readonly actions: readonly ActionRecord[];
  readonly blocked: readonly BlockedRecord[];
  /**
   * Exempt users, one line each (also in the audit log). Optional only so summaries built elsewhere
   * need not; the engine always sets it.
   */
  readonly exempt?: readonly ExemptRecord[];
  readonly usersExempt?: number;
  readonly warnings: readonly WarningRecord[];
  readonly errors: readonly ErrorRecord[];
  readonly circuitBreakerTripped: boolean;
  readonly apiCalls: number;
  /**
   * True when the deadline guard deferred users to the next run (warning `run-deadline-reached`).
   * The engine always sets it; optional only so summaries built elsewhere need not.
   */
  readonly incomplete?: boolean;
  /** Users not read, or read but not acted on, because the run's deadline was near. */
  readonly usersDeferred?: number;
}
