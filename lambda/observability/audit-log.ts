import type { Applicability, KeyDecision } from '../core/model/types';
import type { Mode } from '../config/types';
import type { KeyUsageSummary } from '../core/key-usage/summary';
import type {
  ActionRecord,
  BlockedRecord,
  ErrorRecord,
  ExemptRecord,
  RunSummary,
  WarningRecord,
} from '../engine/summary';
import type { AuditTrail } from '../engine/ports';
import { toRedactedJson } from './redact';

/** Where structured log lines go. The handler writes raw JSON lines to stdout (CloudWatch parses EMF there). */
export type LogSink = (line: string) => void;

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';
export type AuditLineType =
  'decision' | 'exempt' | 'action' | 'blocked' | 'warning' | 'error' | 'summary';

export interface AuditLogOptions {
  /**
   * Where timestamps come from; injected so tests and replays produce fixed lines.
   * @default - the system clock
   */
  readonly clock?: () => Date;
}

/** Outcomes that mean the intended change did not happen as planned: logged at ERROR so they alarm. */
const FAILED_OUTCOMES: ReadonlySet<ActionRecord['outcome']> = new Set(['failed', 'rolled-back']);

/**
 * The audit trail: one JSON line per decision, action, block, warning and error, plus the run summary,
 * each carrying the run id and mode so a Logs Insights query can rebuild any run. Key material is
 * redacted defensively (see redact.ts), although the engine never passes it here.
 */
export class AuditLog implements AuditTrail {
  private readonly clock: () => Date;

  public constructor(
    private readonly sink: LogSink,
    private readonly base: { readonly mode: Mode; readonly runId: string },
    options: AuditLogOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  public decision(
    userName: string,
    applicability: Applicability['kind'],
    d: KeyDecision,
    usage?: KeyUsageSummary,
  ): void {
    this.write('INFO', 'decision', {
      user: userName,
      applicability,
      accessKeyId: d.accessKeyId,
      action: d.action,
      reasons: d.reasons,
      event: d.event,
      destructive: d.destructive,
      requiresDeletionOf: d.requiresDeletionOf,
      facts: d.facts,
      ...(usage ? { usage } : {}),
    });
  }

  public action(r: ActionRecord, detail?: Readonly<Record<string, unknown>>): void {
    const level = FAILED_OUTCOMES.has(r.outcome) ? 'ERROR' : 'INFO';
    this.write(level, 'action', detail === undefined ? r : { ...r, detail });
  }

  /** One line per exempt user and run: who, why, until when (never acted on). */
  public exempt(e: ExemptRecord): void {
    this.write('INFO', 'exempt', e);
  }

  public blocked(b: BlockedRecord): void {
    this.write('WARN', 'blocked', b);
  }

  public warning(w: WarningRecord): void {
    this.write('WARN', 'warning', w);
  }

  public error(e: ErrorRecord): void {
    this.write('ERROR', 'error', e);
  }

  /** The handler's whole return value on one line (README, "Invoking it yourself"). */
  public summary(s: RunSummary): void {
    const level = s.errors.length > 0 || s.circuitBreakerTripped ? 'WARN' : 'INFO';
    this.write(level, 'summary', s);
  }

  private write(level: LogLevel, type: AuditLineType, payload: object): void {
    const line = {
      level,
      type,
      runId: this.base.runId,
      mode: this.base.mode,
      timestamp: this.clock().toISOString(),
      ...payload,
    };
    this.sink(toRedactedJson(line));
  }
}
