/**
 * What a rule returns for one key: a closed outcome (docs/lifecycle.md, "Rules, per user in scope").
 * Rules are pure functions of a read-only view; plan-user.ts lists them in one table and combines their
 * outcomes. A rule never edits another rule's outcome; it may read what the rules before it in the table
 * decided (SoFar) — which keys are being deactivated or deleted this run.
 */
import type { KeyView, PlanContext } from './key-view';
import type {
  BlockedAction,
  DecisionFacts,
  KeyDecision,
  PlannedActions,
  KeyState,
  Reason,
} from './types';

export type Outcome =
  | { readonly kind: 'not-applicable' }
  | {
      /** A decision the executor carries out (deactivate, delete, create) or a notice it sends (warn). */
      readonly kind: 'act';
      readonly decision: KeyDecision;
      /** Action-independent state for this key, written whatever happens to the plan's actions. */
      readonly remember?: Partial<KeyState>;
      /** Later rules' deactivations, deletions and creations of this key are held as notes. */
      readonly holds?: true;
    }
  | {
      /** Reasons and facts for the key's `none` line, when no rule acts on it. */
      readonly kind: 'note';
      readonly reasons: readonly Reason[];
      readonly facts: DecisionFacts;
      readonly remember?: Partial<KeyState>;
      /** A rotation that cannot happen: reported, and notified when `notify`. */
      readonly blocked?: BlockedAction;
      readonly holds?: true;
    };

export const NOT_APPLICABLE: Outcome = { kind: 'not-applicable' };

/** What the rules earlier in the table decided, read-only: the keys leaving this run. */
export interface SoFar {
  deactivating(accessKeyId: string): boolean;
  deleting(accessKeyId: string): boolean;
}

export type Rule = (key: KeyView, user: PlanContext, soFar: SoFar) => Outcome;

export const note = (
  reasons: readonly Reason[],
  facts: DecisionFacts,
  more: Partial<Pick<Extract<Outcome, { kind: 'note' }>, 'remember' | 'blocked' | 'holds'>> = {},
): Outcome => ({ kind: 'note', reasons, facts, ...more });

export const act = (
  decision: KeyDecision,
  more: Partial<Pick<Extract<Outcome, { kind: 'act' }>, 'remember' | 'holds'>> = {},
): Outcome => ({ kind: 'act', decision, ...more });

/** The rules' outcomes, combined (plan-user.ts): what state-retention.ts reads besides the view. */
export interface Combined extends PlannedActions {
  /** AccessKeyId → the state this run remembers for it, for keys any rule remembered something of. */
  readonly remembered: ReadonlyMap<string, KeyState>;
}
