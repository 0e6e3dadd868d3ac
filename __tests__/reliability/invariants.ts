/**
 * The campaign's invariants (issue 10), checked from outside the engine by comparing what the account
 * looked like before and after one run. `always` holds after every run, killed ones included;
 * `settled` holds after a clean run (no faults) and at convergence.
 *
 * Key ids identify keys; a SecretAccessKey is never part of a violation.
 */
import { DAY_MS } from '../../scripts/emulator/seed';

/** GRACE_DAYS as the campaign deploys the engine (the default; no user tightens it). */
const GRACE_DAYS = 7;
import { ENGINE_ENV, DEFAULT_RECOVERY_DAYS, TAG_PREFIX, type Account } from './account';
import type { Observation } from './observe';

export type InvariantName =
  | 'never-a-third-key'
  | 'no-active-key-deleted'
  | 'no-deletion-before-recovery-window'
  | 'exempt-and-out-of-scope-untouched'
  | 'person-key-never-an-orphan'
  | 'stored-key-never-an-orphan'
  | 'created-key-stored-or-reported'
  | 'created-key-in-awscurrent-and-works'
  | 'workload-never-broken'
  | 'no-key-material-in-output'
  | 'run-completes'
  | 'reactivation-grace-kept'
  // Overlapping runs and throttling (overlap-checks.ts, throttling.ts):
  | 'notice-at-most-once'
  | 'destructive-within-budget'
  | 'throttled-end-state-matches-twin'
  // Planted coordination items (planted-items.ts):
  | 'no-foreign-notice-text'
  | 'notice-not-silenced';

export interface Violation {
  readonly invariant: InvariantName;
  readonly detail: string;
}

/** What the campaign remembers across runs to judge deletions and ownership. */
export interface History {
  /** Keys that first appeared during an engine run. */
  readonly engineKeys: Set<string>;
  /** Key id → { since: first seen Inactive (continuously), recoveryDays: the tightest window seen since }. */
  readonly inactive: Map<string, { since: number; recoveryDays: number }>;
}

export function newHistory(): History {
  return { engineKeys: new Set(), inactive: new Map() };
}

/** Updates inactivity tracking from any observation (before or after a run). */
export function track(history: History, seen: Observation): void {
  for (const [user, facts] of Object.entries(seen.users)) {
    const window = recoveryDaysOf(facts.tags);
    for (const [id, status] of Object.entries(facts.keys)) {
      const known = history.inactive.get(id);
      if (status === 'Active') history.inactive.delete(id);
      else if (!known) history.inactive.set(id, { since: seen.at, recoveryDays: window });
      else known.recoveryDays = Math.min(known.recoveryDays, window);
    }
    void user;
  }
}

function recoveryDaysOf(tags: Readonly<Record<string, string>>): number {
  const raw = tags[`${TAG_PREFIX}recovery-days`];
  const n = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
  return n >= 1 && n < DEFAULT_RECOVERY_DAYS ? n : DEFAULT_RECOVERY_DAYS;
}

export interface RunEvidence {
  readonly before: Observation;
  readonly after: Observation;
  /** Audit lines the run logged (a killed run's lines too, as CloudWatch would keep them). */
  readonly logs: readonly string[];
  readonly killed: boolean;
  /** The run's error list (a completed run), for `created-key-stored-or-reported`. */
  readonly errorsByUser?: ReadonlySet<string>;
}

export function checkAlways(account: Account, history: History, run: RunEvidence): Violation[] {
  const out: Violation[] = [];
  const { before, after } = run;
  for (const [user, facts] of Object.entries(after.users)) {
    const ids = Object.keys(facts.keys);
    if (ids.length > 2)
      out.push({ invariant: 'never-a-third-key', detail: `${user} has ${ids.length} keys` });
    for (const id of ids) if (!before.users[user]?.keys[id]) history.engineKeys.add(id);
  }
  for (const [user, facts] of Object.entries(before.users)) {
    for (const [id, status] of Object.entries(facts.keys)) {
      if (status === 'Active' && after.users[user]?.keys[id] === 'Inactive') {
        account.engineDeactivated.add(id);
        const reactivatedAt = account.reactivated.get(id);
        if (reactivatedAt !== undefined && after.at - reactivatedAt < GRACE_DAYS * DAY_MS)
          out.push({
            invariant: 'reactivation-grace-kept',
            detail: `${user} ${id} deactivated again ${((after.at - reactivatedAt) / DAY_MS).toFixed(2)} days after a person re-activated it (grace ${GRACE_DAYS} days)`,
          });
      }
      if (after.users[user]?.keys[id]) continue;
      if (status === 'Active') {
        out.push({
          invariant: 'no-active-key-deleted',
          detail: `${user} ${id} deleted while Active`,
        });
        continue;
      }
      const window = history.inactive.get(id);
      const observedDays = window ? (after.at - window.since) / DAY_MS : 0;
      if (!window || observedDays + 1 / 86_400 < window.recoveryDays)
        out.push({
          invariant: 'no-deletion-before-recovery-window',
          detail: `${user} ${id} deleted after ${observedDays.toFixed(2)} observed Inactive days (window ${window?.recoveryDays ?? '?'})`,
        });
    }
  }
  for (const user of untouchable(account, run.before.at)) {
    const [b, a] = [before.users[user], after.users[user]];
    const same =
      JSON.stringify(b?.keys) === JSON.stringify(a?.keys) &&
      JSON.stringify(b?.tags) === JSON.stringify(a?.tags) &&
      b?.current === a?.current;
    if (!same)
      out.push({
        invariant: 'exempt-and-out-of-scope-untouched',
        detail: `${user} changed: keys ${JSON.stringify(b?.keys)} -> ${JSON.stringify(a?.keys)}, tags ${tagDiff(b?.tags, a?.tags)}, secret ${b?.current} -> ${a?.current}`,
      });
  }
  for (const line of orphanDeactivations(run.logs)) {
    const stored = Object.entries(before.users).find(([, f]) => f.current === line.accessKeyId);
    if (account.personKeys.has(line.accessKeyId))
      out.push({
        invariant: 'person-key-never-an-orphan',
        detail: `${line.user} ${line.accessKeyId} (created by a person) planned for deactivation as interrupted-rotation`,
      });
    else if (stored)
      out.push({
        invariant: 'stored-key-never-an-orphan',
        detail: `${line.user} ${line.accessKeyId} (its secret's AWSCURRENT) planned for deactivation as interrupted-rotation`,
      });
  }
  if (!run.killed && run.errorsByUser) {
    for (const [user, id] of activeEngineKeysNotCurrent(history, after)) {
      if (before.users[user]?.keys[id]) continue; // from an earlier run: the settled check judges it
      if (!run.errorsByUser.has(user))
        out.push({
          invariant: 'created-key-stored-or-reported',
          detail: `${user} ${id} created in this run, Active, not in AWSCURRENT (${after.users[user]?.current ?? 'no secret'}), and no error reported for ${user}`,
        });
    }
  }
  return out;
}

/**
 * After a clean run: every Active key the engine created is the user's AWSCURRENT, or was replaced by a
 * newer engine-created key that is (the older one stays Active through its grace period).
 */
export function checkSettled(history: History, after: Observation): Violation[] {
  return activeEngineKeysNotCurrent(history, after).map(([user, id]) => ({
    invariant: 'created-key-in-awscurrent-and-works' as const,
    detail: `${user} ${id} (engine-created, Active) is not AWSCURRENT (${after.users[user]?.current ?? 'no secret'})`,
  }));
}

function activeEngineKeysNotCurrent(history: History, seen: Observation): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [user, facts] of Object.entries(seen.users)) {
    for (const [id, status] of Object.entries(facts.keys)) {
      if (status !== 'Active' || !history.engineKeys.has(id) || facts.current === id) continue;
      const replacedBy = facts.current;
      const inGrace =
        replacedBy !== undefined &&
        history.engineKeys.has(replacedBy) &&
        facts.keys[replacedBy] === 'Active';
      if (!inGrace) out.push([user, id]);
    }
  }
  return out;
}

function untouchable(account: Account, at: number): string[] {
  const users = ['exempt-f', ENGINE_ENV.EXCLUDE_USERS];
  if (at < account.exemptUntil) users.push('until-h');
  return users;
}

function tagDiff(
  b: Readonly<Record<string, string>> = {},
  a: Readonly<Record<string, string>> = {},
): string {
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => b[k] !== a[k]);
  return keys.map((k) => `${k}: ${b[k] ?? '∅'} -> ${a[k] ?? '∅'}`).join('; ') || 'same';
}

interface OrphanLine {
  readonly user: string;
  readonly accessKeyId: string;
}

function orphanDeactivations(logs: readonly string[]): OrphanLine[] {
  const out: OrphanLine[] = [];
  for (const text of logs) {
    if (!text.includes('interrupted-rotation')) continue;
    let line: {
      type?: string;
      user?: string;
      accessKeyId?: string;
      action?: string;
      reasons?: string[];
    };
    try {
      line = JSON.parse(text) as typeof line;
    } catch {
      continue;
    }
    if (line.type !== 'decision' || line.action !== 'deactivate') continue;
    if (!line.reasons?.includes('interrupted-rotation')) continue;
    out.push({ user: line.user ?? '', accessKeyId: line.accessKeyId ?? '' });
  }
  return out;
}
