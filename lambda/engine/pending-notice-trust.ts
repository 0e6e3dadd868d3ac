/**
 * What a pending notice read back from the coordination table may publish (docs/threat-model.md, "The
 * coordination table"). An entry an engine run signed is its own notice, delivered as staged. Without
 * STATE_MAC_KEY_ID nothing there can be authenticated: only a notice of an action IAM shows (a key
 * deactivated, deleted or created) is delivered, rebuilt from its identifiers and numbers alone — the
 * entry's other fields (reasons, secret name, block details) could be anyone's text. A forged entry
 * (a MAC expected and missing or wrong) publishes nothing.
 */
import type { DecisionFacts } from '../core/model/types';
import type { Notice } from '../notify/notice';
import type { PendingNotice } from './ports';

/** The notice to deliver, and whether IAM must show its action first; undefined: deliver nothing. */
export interface Deliverable {
  readonly notice: Notice;
  readonly checkIam: boolean;
}

const ACTION_EVENTS = new Set(['KEY_DEACTIVATED', 'KEY_DELETED', 'KEY_CREATED']);
const FACT_FIELDS = [
  'ageDays',
  'idleDays',
  'dueInDays',
  'inactiveDays',
  'graceLeftDays',
  'recoveryLeftDays',
] as const;
const KEY_ID = /^[A-Z0-9]{16,128}$/;
/** IAM user names: 1-64 of these characters. */
const USER_NAME = /^[\w+=,.@-]{1,64}$/;

export function deliverable(entry: PendingNotice): Deliverable | undefined {
  if (entry.trust === 'forged') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(entry.body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  if (entry.trust === 'signed') {
    return { notice: parsed as Notice, checkIam: entry.kind === 'outbox' };
  }
  const rebuilt = rebuildActionNotice(parsed as Record<string, unknown>);
  return rebuilt ? { notice: rebuilt, checkIam: true } : undefined;
}

function rebuildActionNotice(raw: Record<string, unknown>): Notice | undefined {
  const { event, user, accessKeyId, newAccessKeyId } = raw;
  if (typeof event !== 'string' || !ACTION_EVENTS.has(event)) return undefined;
  if (typeof user !== 'string' || !USER_NAME.test(user)) return undefined;
  if (typeof accessKeyId !== 'string' || !KEY_ID.test(accessKeyId)) return undefined;
  const facts: Record<string, number> = {};
  const rawFacts = (raw.facts ?? {}) as Record<string, unknown>;
  for (const field of FACT_FIELDS) {
    const v = rawFacts[field];
    if (typeof v === 'number' && Number.isFinite(v)) facts[field] = v;
  }
  const base = {
    user,
    accessKeyId,
    reasons: [],
    facts: facts as DecisionFacts,
    mode: 'enforce' as const,
  };
  if (event === 'KEY_CREATED') {
    if (typeof newAccessKeyId !== 'string' || !KEY_ID.test(newAccessKeyId)) return undefined;
    return { ...base, event, newAccessKeyId };
  }
  return { ...base, event: event as 'KEY_DEACTIVATED' | 'KEY_DELETED' };
}
