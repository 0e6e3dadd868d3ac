/**
 * Destructive actions no plan counted: deleting the key an unanswered CreateAccessKey made
 * (create-attempt.ts). Each counts toward the run's maxDestructiveActions after the planned ones and,
 * with the coordination table, takes a slot of the rolling 24-hour budget like any other deactivation
 * or deletion. When none is left the action is not taken; the caller reports it and leaves the key to
 * a later run's ordinary rules (which the same budget bounds).
 */
import type { RunBudget } from './budget';

export class UnplannedActions {
  private taken = 0;
  /** Destructive actions the run's plan may perform; none is allowed before the plan is known. */
  private planned = Infinity;
  private breakerTripped = false;

  constructor(private readonly max: number) {}

  /** The run's plan after the circuit breaker. */
  afterPlan(planned: number, breakerTripped: boolean): void {
    this.planned = planned;
    this.breakerTripped = breakerTripped;
  }

  /** `budget`: the rolling budget, with the coordination table. */
  async take(budget: RunBudget | undefined): Promise<boolean> {
    if (this.breakerTripped || this.planned + this.taken + 1 > this.max) return false;
    if (budget && !(await budget.claimExtra())) return false;
    this.taken++;
    return true;
  }
}
