/**
 * Collects what happened to each user during the demo and renders it: per user, one line per event
 * with the day, what was done, why, and the notification it produced.
 */
import type { RunSummary } from '../../lambda/engine/summary';
import { metricValues, type MetricName } from '../../lambda/observability/metrics';
import { runCounts, type RunCounts } from '../run-counts';
import type { CastMember } from './cast';

export type EntryKind = 'action' | 'blocked' | 'warning' | 'error' | 'notification' | 'workload';

export interface TimelineEntry {
  readonly day: number;
  readonly user: string;
  readonly kind: EntryKind;
  readonly text: string;
}

export interface RunRecord extends RunCounts {
  readonly day: number;
  readonly date: string;
  readonly actions: number;
  /** Actions carried out, by kind (warn, create, deactivate, delete). */
  readonly done: Readonly<Record<string, number>>;
  /** The values the run's EMF metric line carries (lambda/observability/metrics.ts). */
  readonly metrics: Readonly<Record<MetricName, number>>;
  /** Wall time of the engine run against the emulator. */
  readonly durationMs: number;
}

/** What the page's timeline marks on a user's row (demo page, scripts/demo/page.ts). */
export type MarkKind =
  | 'created'
  | 'warning'
  | 'still-in-use'
  /** The old key's deactivation is held past grace: it is still in use (retire on evidence). */
  | 'held'
  | 'blocked'
  | 'error';

export interface TimelineMark {
  readonly day: number;
  readonly user: string;
  readonly kind: MarkKind;
  /** Hover text. */
  readonly text: string;
}

export class Timeline {
  readonly entries: TimelineEntry[] = [];
  readonly runs: RunRecord[] = [];
  readonly marks: TimelineMark[] = [];
  private readonly policyWarningsSeen = new Set<string>();

  add(day: number, user: string, kind: EntryKind, text: string): void {
    this.entries.push({ day, user, kind, text });
  }

  addRun(day: number, date: Date, summary: RunSummary, durationMs = 0): void {
    this.runs.push({
      day,
      date: date.toISOString().slice(0, 10),
      actions: summary.actions.length,
      ...runCounts(summary),
      done: doneByKind(summary),
      metrics: metricValues(summary),
      durationMs,
    });
    this.addMarks(day, summary);
    for (const a of summary.actions) {
      const created = a.newAccessKeyId ? ` → new ${shortId(a.newAccessKeyId)}` : '';
      this.add(
        day,
        a.user,
        'action',
        `${a.action.padEnd(10)} ${shortId(a.accessKeyId)} ${a.outcome.padEnd(8)} (${a.reasons.join(', ')})${created}`,
      );
    }
    for (const b of summary.blocked)
      this.add(
        day,
        b.user,
        'blocked',
        `BLOCKED ${b.action} ${shortId(b.accessKeyId)}: ${b.reason}`,
      );
    for (const w of summary.warnings)
      if (w.user) this.add(day, w.user, 'warning', `warning ${w.code}: ${w.message}`);
    for (const e of summary.errors)
      this.add(day, e.user ?? '(run)', 'error', `ERROR in ${e.step}: ${e.message}`);
  }

  private addMarks(day: number, summary: RunSummary): void {
    const mark = (user: string, kind: MarkKind, text: string) =>
      this.marks.push({ day, user, kind, text: `day ${day}, ${user}: ${text}` });
    for (const a of summary.actions) {
      if (a.action === 'create' && a.outcome === 'done')
        mark(
          a.user,
          'created',
          `new key ${shortId(a.newAccessKeyId ?? '')} created (${a.reasons.join(', ')})`,
        );
      if (a.action === 'warn')
        mark(
          a.user,
          stillInUseKind(a.reasons),
          `warned about ${shortId(a.accessKeyId)} (${a.reasons.join(', ')})`,
        );
    }
    for (const b of summary.blocked)
      mark(b.user, 'blocked', `${b.action} of ${shortId(b.accessKeyId)} blocked: ${b.reason}`);
    for (const e of summary.errors)
      if (e.user) mark(e.user, 'error', `error in ${e.step}: ${e.message}`);
    // A malformed tag warns every run: mark its first appearance only.
    for (const w of summary.warnings) {
      if (!w.user || this.policyWarningsSeen.has(`${w.user}\0${w.code}`)) continue;
      this.policyWarningsSeen.add(`${w.user}\0${w.code}`);
      mark(w.user, 'warning', `${w.code}: ${w.message}`);
    }
  }

  forUser(user: string): TimelineEntry[] {
    return this.entries.filter((e) => e.user === user);
  }

  /** Warnings repeat every run (a malformed tag stays malformed): show each distinct one once. */
  condensed(user: string): TimelineEntry[] {
    const seen = new Set<string>();
    return this.forUser(user).filter((e) => {
      if (e.kind !== 'warning') return true;
      if (seen.has(e.text)) return false;
      seen.add(e.text);
      return true;
    });
  }
}

function doneByKind(summary: RunSummary): Record<string, number> {
  const done: Record<string, number> = { warn: 0, create: 0, deactivate: 0, delete: 0 };
  for (const a of summary.actions)
    if (a.outcome === 'done') done[a.action] = (done[a.action] ?? 0) + 1;
  return done;
}

/** `AKIA…WXYZ`: enough to tell keys apart in a timeline. */
export function shortId(accessKeyId: string): string {
  return accessKeyId.length > 8
    ? `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`
    : accessKeyId;
}

const ICON: Readonly<Record<EntryKind, string>> = {
  action: '•',
  blocked: '✖',
  warning: '!',
  error: '✖',
  notification: '✉',
  workload: '⚙',
};

export function renderUser(member: CastMember, entries: readonly TimelineEntry[]): string {
  const lines = [`${member.name}  ${member.path ?? '/'}  — ${member.role}`];
  if (entries.length === 0) lines.push('    (nothing happened: never acted on, never notified)');
  for (const e of entries)
    lines.push(`    day ${String(e.day).padStart(3)}  ${ICON[e.kind]} ${e.text}`);
  return lines.join('\n');
}

export function renderRuns(runs: readonly RunRecord[]): string {
  const header =
    'day  date        inventory          evaluated  actions  blocked  errors  api-calls';
  const rows = runs
    .filter((r) => r.actions + r.blocked + r.errors > 0 || r.day === 0)
    .map(
      (r) =>
        `${String(r.day).padStart(3)}  ${r.date}  ${r.inventory.padEnd(17)}  ${String(r.usersEvaluated).padStart(9)}  ` +
        `${String(r.actions).padStart(7)}  ${String(r.blocked).padStart(7)}  ${String(r.errors).padStart(6)}  ${String(r.apiCalls).padStart(9)}` +
        (r.circuitBreakerTripped ? '  CIRCUIT BREAKER' : ''),
    );
  return [header, ...rows].join('\n');
}

/** An in-use warning inside grace, or past it (the deactivation held); any other warning. */
function stillInUseKind(reasons: readonly string[]): MarkKind {
  if (!reasons.includes('old-key-still-in-use')) return 'warning';
  return reasons.includes('within-grace') ? 'still-in-use' : 'held';
}
