/** Everything one run's steps share: deps, settings, the run's `now` and its coordination. */
import type { EngineConfig, Mode } from '../config/types';
import type { RunBudget } from './budget';
import type { EngineDeps } from './deps';
import type { NoticeLedger } from './notices-once';
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
  /** Who uses each looked-up key, by AccessKeyId (key-usage.ts). @default - no fingerprints */
  readonly usage?: ReadonlyMap<string, KeyUsageSummary>;
}

export interface Coordination {
  readonly budget: RunBudget;
  /** Absent in report mode (no claims, no deliveries). */
  readonly notices?: NoticeLedger;
}
