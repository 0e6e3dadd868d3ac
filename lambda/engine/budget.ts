/**
 * The rolling 24-hour destructive-action budget, one run's view of it (docs/lifecycle.md, "Coordination
 * table"). The run reads how much of the budget the last 24 hours used (one Query); the circuit
 * breaker trips if the plan needs more than is left. Otherwise the run claims one slot per planned
 * destructive action in one conditional transaction, and each deactivation or deletion takes one of
 * its slots immediately before its IAM call. A concurrent run can make the claim come up short: the
 * actions beyond what was claimed are then not performed and are reported as blocked. Slots a run
 * claimed but did not use (skipped on fresh data, deferred) are given back at its end.
 *
 * A slot is stamped with the latest instant its run may act (the run's start plus the 20-minute horizon
 * no Lambda invocation outlives), not the run's start: it then stays live for at least 24 hours after
 * the action it paid for, however late in the run that action came.
 *
 * Without COORDINATION_TABLE the budget is the invocation's own: the breaker alone enforces
 * maxDestructiveActions per run, and every take succeeds.
 */
import { describeError } from './errors';
import { MAX_SLOTS_PER_CLAIM, type CoordinationStore } from './ports';
import { PENDING_CREATE_HORIZON_MINUTES } from '../core';
import { MINUTE_MS } from '../core/model/time';
import type { KeyDecision } from '../core/model/types';
import { budgetExhaustedText, runFailureRecord } from '../notify/run-words';
import type { BlockedRecord, ErrorRecord } from './summary';

export class RunBudget {
  /** Destructive actions claimed in the last 24 hours by every run (0 without a table). */
  used = 0;
  /** True once a take failed: a concurrent run used the units this run had counted on. */
  exhausted = false;
  readonly blocked: BlockedRecord[] = [];
  readonly errors: ErrorRecord[] = [];
  private readonly claimed: number[] = [];
  private takenCount = 0;
  /** What a claimed slot records: the latest instant this run may act on it. */
  private get slotTime(): Date {
    return new Date(this.now.getTime() + PENDING_CREATE_HORIZON_MINUTES * MINUTE_MS);
  }

  constructor(
    private readonly table: CoordinationStore | undefined,
    private readonly max: number,
    private readonly owner: string,
    private readonly now: Date,
    /** Orders the free slots (shuffled, so concurrent runs rarely reach for the same one). */
    private readonly order: (slots: number[]) => number[] = shuffle,
  ) {}

  get shared(): boolean {
    return this.table !== undefined;
  }

  /**
   * Reads the last 24 hours' use. If it cannot be read, the whole budget counts as used: no
   * destructive action on an unknown budget (an error says why).
   */
  async read(): Promise<number> {
    if (!this.table) return 0;
    try {
      const live = await this.table.liveBudgetClaims(this.now, this.max);
      this.used = Math.min(this.max, live.length);
      this.liveSlots = new Set(live.map((c) => c.slot));
    } catch (err) {
      this.used = this.max;
      this.errors.push(runFailureRecord({ kind: 'budget-unread', cause: describeError(err) }));
    }
    return this.used;
  }

  private liveSlots = new Set<number>();

  /**
   * Enforce mode, after read: slots someone deleted are written spent now, so they are free again in
   * 24 hours whether or not this run claims (docs/threat-model.md, "The coordination table").
   */
  async settle(): Promise<void> {
    if (!this.table) return;
    try {
      await this.table.settleSlots(this.now, this.owner);
    } catch (err) {
      this.errors.push(runFailureRecord({ kind: 'budget-unsettled', cause: describeError(err) }));
    }
  }

  /** Claims `count` slots for the run's planned destructive actions (as many as it can get). */
  async reserve(count: number): Promise<void> {
    if (!this.table || count <= 0) return;
    const table = this.table;
    const free = this.order(
      Array.from({ length: this.max }, (_, i) => i).filter((i) => !this.liveSlots.has(i)),
    );
    try {
      let rest = free;
      let contended = false;
      while (this.claimed.length < count && rest.length > 0) {
        const want = Math.min(count - this.claimed.length, MAX_SLOTS_PER_CLAIM);
        if (!contended) {
          const chunk = rest.slice(0, want);
          rest = rest.slice(want);
          if (await table.claimSlots(chunk, this.slotTime, this.owner)) {
            this.claimed.push(...chunk);
            continue;
          }
          // A concurrent run holds at least one of them: go slot by slot from here on.
          contended = true;
          rest = [...chunk, ...rest];
        }
        const slot = rest.shift()!;
        if (await table.claimSlot(slot, this.slotTime, this.owner)) this.claimed.push(slot);
      }
    } catch (err) {
      this.errors.push(
        runFailureRecord({
          kind: 'budget-short',
          claimed: this.claimed.length,
          planned: count,
          cause: describeError(err),
        }),
      );
    }
  }

  /** Immediately before a deactivation or deletion: true when the run holds a unit for it. */
  take(d: KeyDecision): boolean {
    if (!this.table) return true;
    if (this.takenCount < this.claimed.length) {
      this.takenCount++;
      return true;
    }
    this.exhausted = true;
    this.blocked.push({
      user: d.userName,
      accessKeyId: d.accessKeyId,
      action: d.action as BlockedRecord['action'],
      reason: 'circuit-breaker',
      message: budgetExhaustedText({ ...d, max: this.max }),
    });
    return false;
  }

  /**
   * One slot for a destructive action no plan counted (unplanned-actions.ts), claimed at once from the
   * slots no run holds. False when the rolling budget is full or cannot be read: the action waits.
   */
  async claimExtra(): Promise<boolean> {
    if (!this.table) return true;
    try {
      const held = new Set(
        (await this.table.liveBudgetClaims(this.now, this.max)).map((c) => c.slot),
      );
      await this.table.settleSlots(this.now, this.owner);
      const free = Array.from({ length: this.max }, (_, i) => i).filter((i) => !held.has(i));
      for (const slot of this.order(free)) {
        if (await this.table.claimSlot(slot, this.slotTime, this.owner)) return true;
      }
    } catch (err) {
      this.errors.push(
        runFailureRecord({
          kind: 'budget-short',
          claimed: 0,
          planned: 1,
          cause: describeError(err),
        }),
      );
    }
    return false;
  }

  /** After a take whose action was not attempted (its record could not be written): the slot is unused. */
  giveBack(): void {
    if (this.table && this.takenCount > 0) this.takenCount--;
  }

  /** Gives back the slots claimed but not taken. Best effort: a leftover slot expires in 24 hours. */
  async release(): Promise<void> {
    const unused = this.claimed.slice(this.takenCount);
    if (!this.table || unused.length === 0) return;
    try {
      await this.table.releaseSlots(unused);
    } catch (err) {
      this.errors.push(
        runFailureRecord({
          kind: 'budget-unreleased',
          unused: unused.length,
          cause: describeError(err),
        }),
      );
    }
  }
}

function shuffle(slots: number[]): number[] {
  const out = [...slots];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
