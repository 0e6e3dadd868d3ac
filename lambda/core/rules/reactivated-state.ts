/**
 * Rule 5, detection: a key the engine recorded as Inactive (its state has inactiveSince) that IAM
 * reports Active again was switched back on by a human.
 */
import type { AccessKeyFacts, KeyState } from '../types';

/** The state after noticing a reactivation, or undefined when the key was not reactivated. */
export function reactivatedState(
  key: AccessKeyFacts,
  state: KeyState,
  now: Date,
): KeyState | undefined {
  if (key.status !== 'Active' || state.inactiveSince === undefined) return undefined;
  return { ...state, inactiveSince: undefined, deactivatedAt: undefined, reactivatedAt: now };
}
