/**
 * The two checks overlapping runs add to the campaign's invariants (invariants.ts), judged from outside
 * the engine over a whole seed:
 *
 * - **each notice at most once**: every notice read back from SNS gets the identity docs/lifecycle.md
 *   ("Notices once") gives it — event, user, key and threshold — computed here from what a subscriber and
 *   an observer of the account see (the notice body, the state tags before and after the trial, the
 *   trial's instant), never from the engine's own records. A second delivery of one identity, in the
 *   same trial or any later one, is a violation. `CIRCUIT_BREAKER_TRIPPED` may come once per 24 hours,
 *   `ROTATION_BLOCKED` once per key and reason per 7 days (judged by time from the previous delivery).
 * - **destructive actions within the rolling budget**: deactivations and deletions, counted from the
 *   before/after observations of each trial (people act only between trials), summed over every trial
 *   of the last 24 hours, never exceed `MAX_DESTRUCTIVE_ACTIONS`.
 *
 * Pure: observations and notices are plain data (overlap-checks.test.ts feeds each check a breaking case).
 */
import { DAY_MS } from '../../scripts/emulator/seed';
import { TAG_PREFIX } from './account';
import type { Violation } from './invariants';
import type { Observation } from './observe';

const WEEK_MS = 7 * DAY_MS;
/** Per-run notices: no identity (docs/lifecycle.md, "Notices once"). */
const PER_RUN = new Set(['RUN_SUMMARY', 'RUN_FAILED']);
const BREAKER = 'CIRCUIT_BREAKER_TRIPPED';
const BLOCKED = 'ROTATION_BLOCKED';

/** One notice as a subscriber received it (the JSON payload of the SNS message). */
export interface DeliveredNotice {
  readonly event: string;
  readonly user: string;
  readonly accessKeyId?: string;
  readonly newAccessKeyId?: string;
  readonly reasons: readonly string[];
  readonly dueInDays?: number;
}

/** What a seed remembers across its trials. */
export interface OverlapLedger {
  /** Notice identity → the trial that first delivered it. */
  readonly notices: Map<string, number>;
  /** Instants a CIRCUIT_BREAKER_TRIPPED was delivered. */
  readonly breakerAt: number[];
  /** `user key reasons` → the instant its last ROTATION_BLOCKED was delivered. */
  readonly blockedAt: Map<string, number>;
  /** Destructive actions per trial instant. */
  readonly destructive: Array<{ readonly at: number; readonly count: number }>;
}

export function newOverlapLedger(): OverlapLedger {
  return { notices: new Map(), breakerAt: [], blockedAt: new Map(), destructive: [] };
}

/** A notice body read back from the inbox, reduced to the fields its identity needs. */
export function deliveredNotice(body: unknown): DeliveredNotice | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.event !== 'string') return undefined;
  const facts = (b.facts ?? {}) as Record<string, unknown>;
  return {
    event: b.event,
    user: typeof b.user === 'string' ? b.user : '-',
    ...(typeof b.accessKeyId === 'string' ? { accessKeyId: b.accessKeyId } : {}),
    ...(typeof b.newAccessKeyId === 'string' ? { newAccessKeyId: b.newAccessKeyId } : {}),
    reasons: Array.isArray(b.reasons) ? b.reasons.map(String) : [],
    ...(typeof facts.dueInDays === 'number' ? { dueInDays: facts.dueInDays } : {}),
  };
}

/** A state tag's field (`warned-due`, `reactivated`, ...) for one key, MAC and all other fields aside. */
export function stateField(
  seen: Observation,
  user: string,
  accessKeyId: string,
  field: string,
): string | undefined {
  const value = seen.users[user]?.tags[`${TAG_PREFIX}key:${accessKeyId}`];
  const m = value === undefined ? null : new RegExp(`(?:^| )${field}=(\\S+)`).exec(value);
  return m?.[1];
}

const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * The identity of a delivered notice (docs/lifecycle.md, "Notices once"), or undefined for per-run
 * notices and the breaker (judged by time instead). `before`/`after`: the trial's observations.
 */
export function noticeIdentity(
  n: DeliveredNotice,
  before: Observation,
  after: Observation,
): string | undefined {
  if (PER_RUN.has(n.event) || n.event === BREAKER || n.event === BLOCKED) return undefined;
  const key = n.accessKeyId ?? '-';
  const id = (threshold: string) =>
    [n.event, n.user, key, ...(threshold ? [threshold] : [])].join('#');
  switch (n.event) {
    case 'KEY_CREATED':
      return [n.event, n.user, n.newAccessKeyId ?? '-'].join('#');
    case 'KEY_DELETED':
      return id('');
    case 'KEY_DEACTIVATED': {
      const reactivated = stateField(before, n.user, key, 'reactivated');
      return id(reactivated ? `after-reactivation=${reactivated}` : '');
    }
    case 'KEY_REACTIVATED': {
      const record =
        stateField(before, n.user, key, 'deactivated') ??
        stateField(before, n.user, key, 'inactive-since');
      return id(record ? `reverses=${record}` : `seen=${utcDay(after.at)}`);
    }
    case 'ROTATION_UPCOMING': {
      const due = stateField(after, n.user, key, 'warned-due');
      // Without the engine's record, the due day the notice itself states.
      return id(due ? `due=${due}` : `due~${utcDay(after.at + (n.dueInDays ?? 0) * DAY_MS)}`);
    }
    case 'OLD_KEY_STILL_IN_USE':
      return id(`day=${utcDay(after.at)}`);
    default:
      return id(`day=${utcDay(after.at)}`);
  }
}

/** Records one trial's deliveries; returns a violation per repeated identity or early breaker notice. */
export function checkNoticesOnce(
  ledger: OverlapLedger,
  trial: number,
  notices: readonly DeliveredNotice[],
  before: Observation,
  after: Observation,
): Violation[] {
  const out: Violation[] = [];
  for (const n of notices) {
    if (n.event === BREAKER) {
      const last = ledger.breakerAt.at(-1);
      if (last !== undefined && after.at - last < DAY_MS)
        out.push({
          invariant: 'notice-at-most-once',
          detail: `${BREAKER} delivered again ${((after.at - last) / 3_600_000).toFixed(1)} h after the last one (once per 24 hours)`,
        });
      ledger.breakerAt.push(after.at);
      continue;
    }
    if (n.event === BLOCKED) {
      const about = `${n.user} ${n.accessKeyId ?? '-'} ${[...n.reasons].sort().join(',')}`;
      const last = ledger.blockedAt.get(about);
      if (last !== undefined && after.at - last < WEEK_MS)
        out.push({
          invariant: 'notice-at-most-once',
          detail: `${BLOCKED} ${about} delivered again ${((after.at - last) / DAY_MS).toFixed(2)} days after the last one (at most once per 7 days)`,
        });
      ledger.blockedAt.set(about, after.at);
      continue;
    }
    const identity = noticeIdentity(n, before, after);
    if (identity === undefined) continue;
    const first = ledger.notices.get(identity);
    if (first !== undefined)
      out.push({
        invariant: 'notice-at-most-once',
        detail: `${identity} delivered in trial ${trial}${first === trial ? ' twice' : `, already delivered in trial ${first}`}`,
      });
    else ledger.notices.set(identity, trial);
  }
  return out;
}

/** Deactivations and deletions between two observations, one line each (`deactivate svc-a AKIA…`). */
export function destructiveActions(before: Observation, after: Observation): string[] {
  const out: string[] = [];
  for (const [user, facts] of Object.entries(before.users)) {
    for (const [id, status] of Object.entries(facts.keys)) {
      const now = after.users[user]?.keys[id];
      if (now === undefined) out.push(`delete ${user} ${id}`);
      else if (status === 'Active' && now === 'Inactive') out.push(`deactivate ${user} ${id}`);
    }
  }
  return out;
}

/**
 * Adds a trial's destructive actions and checks the rolling window: the actions of every trial less
 * than 24 hours before this one's instant, this one's included, stay within `max`.
 */
export function checkBudget(
  ledger: OverlapLedger,
  at: number,
  actions: readonly string[],
  max: number,
): Violation[] {
  ledger.destructive.push({ at, count: actions.length });
  const used = ledger.destructive
    .filter((d) => d.at > at - DAY_MS && d.at <= at)
    .reduce((n, d) => n + d.count, 0);
  return used > max
    ? [
        {
          invariant: 'destructive-within-budget',
          detail: `${used} deactivations and deletions in the 24 hours up to ${new Date(at).toISOString()} (MAX_DESTRUCTIVE_ACTIONS=${max}); this trial: ${actions.join(', ')}`,
        },
      ]
    : [];
}
