/** Everything one run's steps share: deps, settings, the run's `now` and its coordination. */
import type { EngineConfig, Mode } from '../config/types';
import type { RunBudget } from './budget';
import type { EngineDeps } from './deps';
import type { NoticeLedger } from './notices-once';
import type { UnplannedActions } from './unplanned-actions';
import type { KeyUsageSummary } from '../core/key-usage/summary';

export interface RunContext {
  readonly deps: EngineDeps;
  readonly config: EngineConfig;
  readonly mode: Mode;
  readonly now: Date;
  /**
   * Cross-run coordination (COORDINATION_TABLE): the rolling budget and notices-once.
   * @default - per-invocation breaker, every notice published as decided
   */
  readonly coordination?: Coordination;
  /**
   * Destructive actions beyond the plan (a lost create's key deleted again), within the same limits.
   * @default - none allowed: such a key is left for a later run's ordinary rules
   */
  readonly unplanned?: UnplannedActions;
  /** Who uses each looked-up key, by AccessKeyId (key-usage.ts). @default - no fingerprints */
  readonly usage?: ReadonlyMap<string, KeyUsageSummary>;
}

export interface Coordination {
  readonly budget: RunBudget;
  /** Absent in report mode (no claims, no deliveries). */
  readonly notices?: NoticeLedger;
}
