/**
 * The words of rule 3, retire on evidence (docs/lifecycle.md, "Retire on evidence"): the in-use notices
 * inside grace and during the hold, and the deactivation when the hold ran out. Each says whether the
 * replacement has been used yet (adopted / not adopted) with both keys' last use: "the new key works and
 * the old one is idle" is the evidence a person wants before a key is switched off. Words only: the
 * decision and its facts come from the core.
 */
import type { DecisionFacts } from '../core/model/types';

interface Wording {
  readonly what: string;
  readonly todo: string;
}

interface KeyFacts {
  readonly accessKeyId: string;
  readonly facts: DecisionFacts;
}

/** The escalation steps of a hold (holdSteps in the core). */
const HOLD_STEPS = 3;

/** "Replacement AKIA… has been used (last …)" / "has never been used", or '' without evidence. */
export function evidenceText(facts: DecisionFacts): string {
  if (facts.replacement === undefined) return '';
  const old = `This key was last used ${when(facts.lastUsed)}.`;
  const replacement = facts.replacementKeyId ?? 'the replacement';
  return facts.replacement === 'adopted'
    ? `${old} Replacement ${replacement} is adopted: last used ${when(facts.replacementLastUsed)}.`
    : `${old} Replacement ${replacement} is not adopted yet: IAM has no record of its use.`;
}

/** OLD_KEY_STILL_IN_USE inside the grace period. */
export function inGraceWording(n: KeyFacts): Wording {
  return {
    what: join(
      `Access key ${n.accessKeyId} is still being used after a newer key was created for this user.`,
      evidenceText(n.facts),
    ),
    todo: 'Move every workload to the newer key; the old key is deactivated once the grace period has ended and it has gone quiet.',
  };
}

/** OLD_KEY_STILL_IN_USE while the deactivation is held (one notice per escalation step). */
export function heldWording(n: KeyFacts): Wording {
  const { facts } = n;
  const step = facts.holdStep === undefined ? '' : ` (step ${facts.holdStep} of ${HOLD_STEPS})`;
  const until = facts.holdEndsAt ?? `in ${facts.graceLeftDays ?? '?'} day(s)`;
  const move =
    facts.replacement === 'not-adopted'
      ? 'Nothing has used the replacement yet: point every workload at it (the user’s secret, AWSCURRENT) now.'
      : 'The replacement works, but something still uses the old key: find that workload and move it.';
  const ops =
    (facts.holdStep ?? 1) >= 2
      ? ` Ops: escalated to you at step ${facts.holdStep} of ${HOLD_STEPS}; find the caller before the hold ends.`
      : '';
  return {
    what: join(
      `Access key ${n.accessKeyId} is still in use after its grace period ended, so its deactivation is held${step}: it is deactivated once it has gone quiet, and at ${until} (${facts.graceLeftDays ?? '?'} more day(s) at most) whether or not it is in use.`,
      evidenceText(facts),
    ),
    todo: `${move}${ops}`,
  };
}

/** KEY_DEACTIVATED of rule 3: retired on evidence, or because the hold ran out. */
export function retiredWording(n: KeyFacts & { readonly reasons: readonly string[] }): Wording {
  if (n.reasons.includes('grace-extension-ended')) {
    return {
      what: join(
        `Access key ${n.accessKeyId} was deactivated although it was still in use: its grace period and the longest hold after it have ended.`,
        evidenceText(n.facts),
      ),
      todo: 'A workload that still used it now fails: move it to the replacement from the user’s secret (AWSCURRENT). Re-activating the old key buys one more grace period, no new hold.',
    };
  }
  return {
    what: join(
      `Access key ${n.accessKeyId} was deactivated: its replacement's grace period has ended and it had gone quiet.`,
      evidenceText(n.facts),
    ),
    todo: 'If a workload breaks, move it to your current key; ask your platform team before re-activating.',
  };
}

const when = (iso: string | undefined) =>
  iso === undefined || iso === 'never' ? 'never (IAM has no record)' : iso;

const join = (...parts: readonly string[]) => parts.filter((p) => p !== '').join(' ');
