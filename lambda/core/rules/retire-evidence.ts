/**
 * The evidence behind retiring the older key of a pair (docs/lifecycle.md, "Retire on evidence"): has
 * the replacement been used yet, and when was each key last used. "The new key works and the old one is
 * idle" is what a person wants to see before a key is switched off, so every notice and audit line of
 * rule 3 carries it. IAM's last-used data is the evidence: a key IAM has no use of is `never` used.
 */
import type { KeyView } from '../model/key-view';
import { isoSeconds } from '../model/time';
import type { DecisionFacts } from '../model/types';

export function retireEvidence(older: KeyView, newer: KeyView): DecisionFacts {
  const replacementUsed = newer.key.lastUsedDate;
  return {
    replacement: replacementUsed === undefined ? 'not-adopted' : 'adopted',
    replacementKeyId: newer.id,
    lastUsed: lastUse(older),
    replacementLastUsed: lastUse(newer),
  };
}

const lastUse = (view: KeyView) =>
  view.key.lastUsedDate === undefined ? 'never' : isoSeconds(view.key.lastUsedDate);
