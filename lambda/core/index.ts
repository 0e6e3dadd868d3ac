/** The pure decision core: facts + policy + now → decisions with reasons, as data. No I/O, no clock. */
export * from './model/types';
export { planUser, RULES } from './plan-user';
export { applyCircuitBreaker } from './circuit-breaker';
export { screenUser, type ScreenFacts, type ScreenKeyFacts } from './screen';
export { evaluateApplicability, type ApplicabilityFacts, type Scope } from './applicability';
export { effectiveDays } from './overrides';
export {
  stateTagKey,
  parseKeyStates,
  renderKeyState,
  createdKeyTag,
  pendingCreateTag,
  pendingCreateTagKey,
} from './model/tags';
export { PENDING_CREATE_HORIZON_MINUTES } from './model/pending-create';
export { BLOCKED_REMINDER_DAYS } from './rules/blocked-notice';
export { settledWithoutLastUsed, type ListedUserFacts } from './settled-without-last-used';
export {
  appearedKeyVerdict,
  type AppearedKeyFacts,
  type AppearedKeyVerdict,
} from './model/appeared-key';
export { readPendingCreates } from './model/tags';
