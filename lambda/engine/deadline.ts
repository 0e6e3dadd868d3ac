/**
 * The deadline guard: a run stops *starting* users before Lambda's timeout would cut one off halfway.
 * It never stops a user that has started: a rotation always completes or rolls back, and a timeout
 * that kills the process also loses the run's summary. Users not started are deferred to the next run
 * and the summary says so (run.ts).
 *
 * Two thresholds, checked before each user's step:
 * - executions stop when less than SAFETY_MARGIN_MS is left;
 * - detailed reads stop EXECUTION_SHARE of the run's time earlier, so the users already read still
 *   get their actions. Without that reserve a fallback run at 5,000 users would spend all its time
 *   reading and act on nobody, every day.
 * Without a remaining-time function (tests, `npm run plan`) there is no deadline.
 */
// SAFETY_MARGIN_MS and EXECUTION_SHARE live with the settings bounds they decide (MIN_TIMEOUT_SECONDS).
import { EXECUTION_SHARE, SAFETY_MARGIN_MS } from '../config/settings';

export type Phase = 'read' | 'execute';

export class Deadline {
  private readonly stopped = new Set<Phase>();
  private readonly executionReserveMs: number;

  /**
   * `remainingMs`: the Lambda context's getRemainingTimeInMillis, read once here for the reserve.
   * `executionShare`: 0 for a report-mode run, which executes nothing and may read until the margin.
   */
  constructor(
    private readonly remainingMs?: () => number,
    executionShare: number = EXECUTION_SHARE,
  ) {
    this.executionReserveMs = remainingMs ? Math.round(remainingMs() * executionShare) : 0;
  }

  /**
   * Whether a user's step may start. Once a phase has stopped it stays stopped, so users are deferred
   * as one tail of the order (the next run starts elsewhere: see fallback-order.ts).
   */
  mayStart(phase: Phase): boolean {
    if (!this.remainingMs) return true;
    if (this.stopped.has(phase)) return false;
    const needed = SAFETY_MARGIN_MS + (phase === 'read' ? this.executionReserveMs : 0);
    if (this.remainingMs() >= needed) return true;
    this.stopped.add(phase);
    return false;
  }

  get reached(): boolean {
    return this.stopped.size > 0;
  }
}
