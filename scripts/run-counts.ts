/**
 * The counts of one engine run's summary that both the bench (scripts/bench/scenario.ts) and the
 * demo timeline (scripts/demo/timeline.ts) record per run.
 */
import type { RunSummary } from '../lambda/engine/summary';

export interface RunCounts {
  readonly inventory: RunSummary['inventory'];
  readonly usersEvaluated: number;
  /** summary.apiCalls, the engine's own count. */
  readonly apiCalls: number;
  readonly blocked: number;
  readonly errors: number;
  readonly circuitBreakerTripped: boolean;
}

export function runCounts(summary: RunSummary): RunCounts {
  return {
    inventory: summary.inventory,
    usersEvaluated: summary.usersEvaluated,
    apiCalls: summary.apiCalls,
    blocked: summary.blocked.length,
    errors: summary.errors.length,
    circuitBreakerTripped: summary.circuitBreakerTripped,
  };
}
