/** The pure decision core: facts + policy + now → decisions with reasons. No I/O, no clock. */
export * from './types';
export { planUser } from './plan-user';
export { applyCircuitBreaker } from './circuit-breaker';
export { screenUser, type ScreenFacts, type ScreenKeyFacts } from './screen';
export { evaluateApplicability, type ApplicabilityFacts } from './applicability';
export { effectiveDays } from './overrides';
export { stateTagKey, parseKeyStates, renderKeyState, createdKeyTag } from './state-tags';
export {
  pendingCreateTag,
  pendingCreateTagKey,
  PENDING_CREATE_HORIZON_MINUTES,
} from './pending-create';
export { BLOCKED_REMINDER_DAYS } from './rules/blocked-notice';
export { settledWithoutLastUsed, type ListedUserFacts } from './settled-without-last-used';
