/**
 * The plan while the rules build it: decisions grouped in the order the executor carries them out,
 * the reasons each untouched key will show on its `none` line, and state updates by AccessKeyId.
 */
import type { KeyView } from './key-view';
import type { BlockedAction, DecisionFacts, KeyDecision, KeyState, Reason } from './types';

export interface Note {
  readonly reasons: readonly Reason[];
  readonly facts: DecisionFacts;
}

export interface PlanDraft {
  readonly deletions: KeyDecision[];
  readonly deactivations: KeyDecision[];
  readonly creations: KeyDecision[];
  readonly warnings: KeyDecision[];
  readonly notes: Map<string, Note>;
  readonly blocked: BlockedAction[];
  /** Action-independent state: written whatever happens to the plan's actions. */
  readonly stateUpdates: Map<string, KeyState>;
}

export function newDraft(): PlanDraft {
  return {
    deletions: [],
    deactivations: [],
    creations: [],
    warnings: [],
    notes: new Map(),
    blocked: [],
    stateUpdates: new Map(),
  };
}

export function addNote(
  draft: PlanDraft,
  id: string,
  reasons: readonly Reason[],
  facts: DecisionFacts,
): void {
  const prior = draft.notes.get(id);
  const merged = [...(prior?.reasons ?? [])];
  for (const r of reasons) if (!merged.includes(r)) merged.push(r);
  draft.notes.set(id, { reasons: merged, facts: { ...prior?.facts, ...facts } });
}

export function updateState(draft: PlanDraft, view: KeyView, patch: Partial<KeyState>): void {
  draft.stateUpdates.set(view.id, { ...(draft.stateUpdates.get(view.id) ?? view.state), ...patch });
}

export function isDeactivating(draft: PlanDraft, id: string): boolean {
  return draft.deactivations.some((d) => d.accessKeyId === id);
}

export function deletionIndex(draft: PlanDraft, id: string): number {
  return draft.deletions.findIndex((d) => d.accessKeyId === id);
}

export function allDecisions(draft: PlanDraft): readonly KeyDecision[] {
  return [...draft.deletions, ...draft.deactivations, ...draft.creations, ...draft.warnings];
}
