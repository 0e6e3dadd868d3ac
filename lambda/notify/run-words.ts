/**
 * The sentences a person reads about a run: its warnings and its errors (summary, audit log, RUN_SUMMARY
 * and RUN_FAILED mail). The engine says what happened as data (RunWarning, RunFailure: a code and its
 * fields); only this file words it. `cause` is the failed call's one-line description
 * (engine/errors.ts describeError): an error's name and message, never a request body or key material.
 */
import type { NotOursWhy, UndecidedWhy } from '../core/model/appeared-key';
import type { Action } from '../core/model/types';

// ---- warnings ----

export type RunWarning =
  | { readonly code: 'user-name-not-found'; readonly user: string }
  | {
      readonly code: 'credential-report-row-malformed';
      readonly user: string;
      readonly column: string;
      readonly value: string;
    }
  | { readonly code: 'credential-report-unavailable'; readonly reason: string }
  | {
      readonly code: 'run-deadline-reached';
      readonly notRead: number;
      readonly notExecuted: number;
    }
  // No STATE_MAC_KEY_ID: state tags are trusted unsigned (engine/state-trust.ts).
  | { readonly code: 'state-not-tamper-evident' }
  // COORDINATION_TABLE unset: per-invocation breaker and notices (docs/lifecycle.md, "Coordination table")
  | { readonly code: 'coordination-off' }
  // An item of the coordination table the engine did not write (docs/threat-model.md)
  | {
      readonly code: 'coordination-item-untrusted';
      readonly tableName: string;
      readonly item: 'budget-slot' | 'pending-notice' | 'sent-record';
      readonly key: string;
      readonly problem: 'missing' | 'forged' | 'implausible';
      readonly treatment: 'counted-spent' | 'not-published' | 'overridden';
    }
  // Who uses a key (engine/key-usage.ts): the notices go out without the fingerprint.
  | { readonly code: 'key-usage-denied'; readonly reason: string; readonly keys: number }
  | { readonly code: 'key-usage-throttled'; readonly reason: string; readonly keys: number }
  | { readonly code: 'key-usage-failed'; readonly accessKeyIds: readonly string[] }
  | { readonly code: 'key-usage-bound-reached'; readonly keys: number; readonly bound: number };

/** The summary's warning line: the user it concerns (if one), the code and its sentence. */
export function runWarningRecord(w: RunWarning): {
  readonly user?: string;
  readonly code: RunWarning['code'];
  readonly message: string;
} {
  const user = 'user' in w ? { user: w.user } : {};
  return { ...user, code: w.code, message: runWarningText(w) };
}

export function runWarningText(w: RunWarning): string {
  switch (w.code) {
    case 'user-name-not-found':
      return `user ${w.user} named by the event does not exist in IAM; nothing to evaluate (check the name)`;
    case 'credential-report-row-malformed':
      return `credential report row of user ${w.user}: column ${w.column} has value "${w.value}"; the user's keys are read in detail instead`;
    case 'credential-report-unavailable':
      return `IAM credential report unavailable (${w.reason}); every user in scope is read in detail this run`;
    case 'run-deadline-reached':
      return (
        `the run stopped starting users near the Lambda timeout: ${w.notRead + w.notExecuted} ` +
        `user(s) deferred (${w.notRead} not read, ${w.notExecuted} read but not acted on); nothing ` +
        `was left half-done, and the next run reads and plans them again`
      );
    case 'state-not-tamper-evident':
      return (
        'STATE_MAC_KEY_ID is not set: the engine trusts its state tags unsigned, so anyone allowed ' +
        'iam:TagUser can forge them (e.g. an old inactive-since that gets an Inactive key deleted at ' +
        'once). Set STATE_MAC_KEY_ID to an HMAC_256 KMS key (the module creates one) to make state ' +
        'tags tamper-evident; see docs/threat-model.md.'
      );
    case 'coordination-off':
      return (
        'COORDINATION_TABLE is not set: maxDestructiveActions limits each invocation on its own (not a ' +
        'rolling 24-hour budget shared by all runs), and overlapping or repeated runs may send a notice ' +
        'more than once, or lose one if a run dies right after acting. Deploy the module with its ' +
        'coordination table (docs/lifecycle.md, "Coordination table").'
      );
    case 'coordination-item-untrusted':
      return (
        `coordination table ${w.tableName}: ${UNTRUSTED_ITEM[w.item]} ${w.key} ` +
        `${UNTRUSTED_PROBLEM[w.problem]}; ${UNTRUSTED_TREATMENT[w.treatment]}. Someone other than ` +
        'the engine wrote to or deleted from the table: check who may write it (its resource ' +
        'policy, docs/module.md) and CloudTrail data events for the table'
      );
    case 'key-usage-denied':
      return (
        `CloudTrail LookupEvents was refused (${w.reason}): ${w.keys} key(s) get their notices without ` +
        'who uses them; decisions are unchanged. Grant the engine role cloudtrail:LookupEvents on "*" ' +
        '(the module does), or set KEY_USAGE_LOOKUPS=0 to stop looking.'
      );
    case 'key-usage-throttled':
      return (
        `CloudTrail LookupEvents was throttled (${w.reason}; 2 requests per second per account and ` +
        `region, shared with every other caller): ${w.keys} key(s) get their notices without who uses ` +
        'them this run; decisions are unchanged and the next run looks again.'
      );
    case 'key-usage-failed':
      return `CloudTrail LookupEvents failed for access key(s) ${w.accessKeyIds.join(', ')}: their notices go out without who uses them; decisions are unchanged`;
    case 'key-usage-bound-reached':
      return (
        `the run made its ${w.bound} CloudTrail LookupEvents requests (KEY_USAGE_LOOKUPS): ${w.keys} ` +
        'more key(s) get their notices without who uses them; raise KEY_USAGE_LOOKUPS to look up more'
      );
  }
}

const UNTRUSTED_ITEM = {
  'budget-slot': 'budget slot',
  'pending-notice': 'pending notice',
  'sent-record': 'sent record of notice',
} as const;
const UNTRUSTED_PROBLEM = {
  missing: 'is missing (deleted)',
  forged: 'does not carry a valid MAC of the state MAC key',
  implausible: 'holds its notice longer than any engine run asks',
} as const;
const UNTRUSTED_TREATMENT = {
  'counted-spent': 'it counts as a destructive action taken now, for the next 24 hours',
  'not-published': 'its content was not published and the entry was withdrawn',
  overridden: 'the engine claimed the notice over it and sends it',
} as const;

// ---- errors ----

interface About {
  readonly user?: string;
  readonly accessKeyId?: string;
  /** describeError of what failed. */
  readonly cause: string;
}

interface KeyAbout extends About {
  readonly user: string;
  readonly accessKeyId: string;
}

/** A failed CreateAccessKey (step `create-key`); `accessKeyId` is the key being replaced. */
export type CreateFailure = {
  readonly user: string;
  readonly accessKeyId: string;
  /** Why CreateAccessKey failed, as the KeyStore said. */
  readonly reason: string;
} & (
  | { readonly kind: 'create-refused' }
  | { readonly kind: 'create-unanswered-unread'; readonly cause: string }
  | { readonly kind: 'create-unanswered-none' }
  | {
      readonly kind: 'create-unanswered-undeleted';
      readonly orphanKeyId: string;
      readonly cause: string;
    }
  | { readonly kind: 'create-unanswered-deleted'; readonly appeared: readonly string[] }
  | {
      readonly kind: 'create-unanswered-someone-elses';
      readonly appeared: string;
      readonly why: NotOursWhy;
    }
  | {
      readonly kind: 'create-unanswered-undecided';
      readonly appeared: readonly string[];
      readonly why: UndecidedWhy;
    }
  | { readonly kind: 'create-unanswered-no-budget'; readonly orphanKeyId: string }
);

export type RunFailure =
  | (About & { readonly kind: 'budget-unread' })
  | (About & { readonly kind: 'budget-short'; readonly claimed: number; readonly planned: number })
  | (About & { readonly kind: 'budget-unreleased'; readonly unused: number })
  | (About & { readonly kind: 'budget-unsettled' })
  | (About & { readonly kind: 'pending-notices-unread' })
  | (About & { readonly kind: 'notices-unrecorded' })
  | (About & { readonly kind: 'notice-once-failed'; readonly event: string })
  | (About & { readonly kind: 'publish-failed'; readonly event: string; readonly topicArn: string })
  | (About & { readonly kind: 'run-failed'; readonly runId: string })
  | (About & { readonly kind: 'run-failed-unpublished' })
  | (About & { readonly kind: 'keys-unread'; readonly user: string })
  | (About & { readonly kind: 'state-unwritten'; readonly user: string })
  /** `step`: where the action failed (a StepError's step, or the action). */
  | (KeyAbout & { readonly kind: 'action-failed'; readonly step: string; readonly action: Action })
  /** A best-effort write after an action that succeeded; `step` names the write. */
  | (KeyAbout & {
      readonly kind: 'follow-up-failed';
      readonly step: string;
      readonly action: Action;
    })
  /** Storing the new key (`accessKeyId`) failed at `step`; it is deleted again. */
  | (KeyAbout & {
      readonly kind: 'store-failed';
      readonly step: string;
      readonly replacedKeyId: string;
    })
  | (KeyAbout & { readonly kind: 'secret-unrestored'; readonly secretName: string })
  | (KeyAbout & { readonly kind: 'new-key-orphaned' })
  | (KeyAbout & {
      readonly kind: 'secret-on-deleted-key';
      readonly secretName: string;
      readonly replacedKeyId: string;
      readonly previousVersionId?: string;
      readonly writtenVersionId: string;
    })
  /** The record a later run needs could not be written before the action: the action was not taken. */
  | (KeyAbout & { readonly kind: 'state-before-action-unwritten'; readonly action: Action })
  | CreateFailure;

/** Failures a person must act on (a key without its secret, a secret pointing at a deleted key). */
const CRITICAL: ReadonlySet<RunFailure['kind']> = new Set<RunFailure['kind']>([
  'run-failed',
  'new-key-orphaned',
  'secret-on-deleted-key',
  'create-unanswered-unread',
  'create-unanswered-undeleted',
  'create-unanswered-undecided',
  'create-unanswered-no-budget',
]);

const STEPS: Partial<Record<RunFailure['kind'], string>> = {
  'budget-unread': 'read-budget',
  'budget-short': 'claim-budget',
  'budget-unreleased': 'release-budget',
  'budget-unsettled': 'settle-budget',
  'pending-notices-unread': 'deliver-pending-notices',
  'notices-unrecorded': 'record-notices-sent',
  'notice-once-failed': 'notice-once',
  'publish-failed': 'notify',
  'run-failed': 'run',
  'run-failed-unpublished': 'notify',
  'keys-unread': 'read-keys',
  'state-unwritten': 'write-state',
  'secret-unrestored': 'restore-secret',
  'new-key-orphaned': 'rollback-delete-key',
  'secret-on-deleted-key': 'restore-secret',
  'state-before-action-unwritten': 'write-state',
};

/** The summary's error line: who and which key, the step that failed, its sentence, and severity. */
export function runFailureRecord(f: RunFailure): {
  readonly user?: string;
  readonly accessKeyId?: string;
  readonly step: string;
  readonly message: string;
  readonly severity?: 'critical';
} {
  const step = 'step' in f ? f.step : f.kind.startsWith('create-') ? 'create-key' : STEPS[f.kind];
  return {
    ...(f.user !== undefined ? { user: f.user } : {}),
    ...(f.accessKeyId !== undefined ? { accessKeyId: f.accessKeyId } : {}),
    step: step ?? f.kind,
    message: runFailureText(f),
    ...(CRITICAL.has(f.kind) ? { severity: 'critical' as const } : {}),
  };
}

export function runFailureText(f: RunFailure): string {
  switch (f.kind) {
    case 'budget-unread':
      return `${f.cause}; no key is deactivated or deleted this run`;
    case 'budget-short':
      return `${f.cause}; only ${f.claimed} of ${f.planned} planned deactivations/deletions may go ahead`;
    case 'budget-unsettled':
      return `${f.cause}; budget slots found deleted stay counted as spent until a run can write them`;
    case 'budget-unreleased':
      return `${f.cause}; ${f.unused} unused budget unit(s) stay used until they expire`;
    case 'pending-notices-unread':
      return f.cause;
    case 'notices-unrecorded':
      return `${f.cause}; notices this run published may be sent once more after their 20-minute lease`;
    case 'notice-once-failed':
      return `${f.event}: ${f.cause}`;
    case 'publish-failed':
      return `publishing ${f.event} to ${f.topicArn} failed: ${f.cause}`;
    case 'run-failed':
      return `run ${f.runId} failed: ${f.cause}`;
    case 'run-failed-unpublished':
      return `publishing RUN_FAILED failed: ${f.cause}`;
    case 'keys-unread':
      return `reading the access keys of user ${f.user} failed, user skipped this run: ${f.cause}`;
    case 'state-unwritten':
      return `writing the state tags of user ${f.user} failed (they are rewritten next run): ${f.cause}`;
    case 'action-failed':
      return `${f.action} of access key ${f.accessKeyId} (user ${f.user}) failed: ${f.cause}`;
    case 'follow-up-failed':
      return `${f.step} after ${f.action} of access key ${f.accessKeyId} failed: ${f.cause}`;
    case 'store-failed':
      return `${f.cause}; the new key is deleted again and ${f.replacedKeyId} stays in use`;
    case 'secret-unrestored':
      return `moving AWSCURRENT of secret ${f.secretName} back off access key ${f.accessKeyId} failed: ${f.cause}`;
    case 'new-key-orphaned':
      return `access key ${f.accessKeyId} of user ${f.user} was created but could be neither stored nor deleted: delete it by hand (${deleteKeyCommand(f.user, f.accessKeyId)}); ${f.cause}`;
    case 'secret-on-deleted-key':
      return (
        `AWSCURRENT of secret ${f.secretName} still points at deleted access key ${f.accessKeyId} ` +
        `while ${f.replacedKeyId} is Active: move it back by hand (aws secretsmanager ` +
        `update-secret-version-stage --secret-id ${f.secretName} --version-stage AWSCURRENT ` +
        `--move-to-version-id ${f.previousVersionId ?? '<previous version>'} ` +
        `--remove-from-version-id ${f.writtenVersionId}); ${f.cause}`
      );
    case 'state-before-action-unwritten':
      return (
        `${f.action} of access key ${f.accessKeyId} (user ${f.user}) not taken: its record ` +
        `(deactivated-at, which gives the owner their grace if they re-activate the key) could not ` +
        `be written first (${f.cause}); let the engine role sign it (kms:GenerateMac on the state ` +
        `MAC key) and tag the user (iam:TagUser), or free one of the user's 50 tags; the next run ` +
        `tries again`
      );
    default:
      return createFailureText(f);
  }
}

function createFailureText(f: CreateFailure): string {
  if (f.kind === 'create-refused') return `CreateAccessKey was refused: ${f.reason}`;
  const what = `CreateAccessKey for user ${f.user} failed without a clear answer (${f.reason})`;
  switch (f.kind) {
    case 'create-unanswered-unread':
      return `${what}, and reading the user's keys again failed (${f.cause}); a key may exist without its secret: the next run past 20 minutes deactivates it`;
    case 'create-unanswered-none':
      return `${what}; no key was created, the rotation is retried next run`;
    case 'create-unanswered-undeleted':
      return `${what}; access key ${f.orphanKeyId} appeared without its secret and could not be deleted (${f.cause}): delete it by hand (${deleteKeyCommand(f.user, f.orphanKeyId)}); otherwise the next run past 20 minutes deactivates it`;
    case 'create-unanswered-deleted':
      return `${what}; access key ${f.appeared.join(', ')} appeared without its secret and was deleted again; ${f.accessKeyId} stays in use and the rotation is retried next run`;
    case 'create-unanswered-someone-elses':
      return `${what}; access key ${f.appeared} appeared, but it is not this attempt's (${NOT_OURS[f.why]}), so this attempt created nothing: ${f.appeared} is left alone and the ordinary rules apply to it; ${f.accessKeyId} stays in use and the rotation is retried next run`;
    case 'create-unanswered-undecided':
      return `${what}; access key ${f.appeared.join(', ')} appeared and the engine cannot tell whether it is this attempt's (${UNDECIDED[f.why]}), so it is left alone. If no secret holds it and nobody uses it, the next run past 20 minutes deactivates it as an interrupted rotation's key; if it is a person's, it stays`;
    case 'create-unanswered-no-budget':
      return `${what}; access key ${f.orphanKeyId} appeared without its secret, but the destructive-action budget (MAX_DESTRUCTIVE_ACTIONS, this run and the last 24 hours) has no room to delete it now: the next run past 20 minutes deactivates it within the budget, or delete it by hand (${deleteKeyCommand(f.user, f.orphanKeyId)})`;
  }
}

/** Why a key the engine created but could not store was not deleted again. */
export const ROLLBACK_UNBUDGETED =
  'the destructive-action budget (MAX_DESTRUCTIVE_ACTIONS, this run and the last 24 hours) has no room to delete it now; otherwise the next run past 20 minutes deactivates it within the budget';

const NOT_OURS: Readonly<Record<NotOursWhy, string>> = {
  stored: "the user's secret holds it as AWSCURRENT: another run's replacement",
  used: 'it has been used, so someone holds its secret',
  'created-before-attempt': 'it was created before this attempt began',
};

const UNDECIDED: Readonly<Record<UndecidedWhy, string>> = {
  'not-one-key': 'not exactly one new key is there',
  'last-use-unread': 'its last use could not be read',
  inactive: 'it is Inactive',
  'outside-attempt-window': "its CreateDate lies after the attempt's window",
  'near-attempt-start':
    'it was created moments before this attempt began: a person may have made it, or a lagging clock stamped this attempt’s key',
  'other-attempt-in-flight':
    "another run's pending-create marker is on the user: that run may have made it",
  'secret-unread': "the user's secret could not be read",
  'tags-unread': "the user's tags could not be read",
};

function deleteKeyCommand(user: string, accessKeyId: string): string {
  return `aws iam delete-access-key --user-name ${user} --access-key-id ${accessKeyId}`;
}

// ---- blocks the run itself makes ----

/** A destructive action the rolling budget could not cover because concurrent runs used it up. */
export function budgetExhaustedText(b: {
  readonly action: Action;
  readonly accessKeyId: string;
  readonly userName: string;
  readonly reasons: readonly string[];
  readonly max: number;
}): string {
  return (
    `Circuit breaker: ${b.action} of access key ${b.accessKeyId} for user ${b.userName} ` +
    `(${b.reasons.join(', ')}) was not performed: concurrent runs used the rest of the rolling ` +
    `24-hour budget of ${b.max} deactivations/deletions while this run was working. It is ` +
    `planned again on the next run once the budget allows.`
  );
}
