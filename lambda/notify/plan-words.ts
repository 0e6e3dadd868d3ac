/**
 * The sentences a person reads about the core's data: tag warnings and blocked actions (summary, audit
 * log, ROTATION_BLOCKED mail). The core decides and returns data (lambda/core/model/types.ts); only this
 * file words it. Each sentence names the user, the tag or key, the value and what to do.
 */
import {
  KEY_STATE_DATE_FIELDS,
  BLOCKED_REASON_FIELD,
  OVERRIDE_MAX_DAYS,
  STORED_BLOCK_REASONS,
} from '../core/model/tags';
import { isoSeconds } from '../core/model/time';
import type { BlockedAction, PolicyWarning } from '../core/model/types';

/** A notice read back from the coordination table carries its dates as ISO strings. */
const iso = (d: Date | string) => isoSeconds(new Date(d));

export function warningText(w: PolicyWarning): string {
  const who = `User ${w.userName}`;
  switch (w.code) {
    case 'override-malformed':
      return (
        `${who}: tag ${w.tag}="${w.value}" is not a whole number of days; expected ` +
        `digits only, 1 to ${OVERRIDE_MAX_DAYS} (e.g. "30"). It is ignored and the account value ` +
        `${w.setting}=${w.accountValue} applies.`
      );
    case 'override-loosening-ignored':
      return (
        `${who}: tag ${w.tag}=${w.value} would loosen ${w.setting} beyond the account ` +
        `value ${w.accountValue}; tags may only tighten a setting, so ${w.accountValue} applies. ` +
        `Use a value of at most ${w.accountValue} or remove the tag.`
      );
    case 'exemption-malformed':
      return (
        `${who}: tag ${w.tag}="${w.value}" is not a date, so the user is NOT exempt. ` +
        `Accepted formats: YYYY-MM-DD (exempt through the end of that UTC day, e.g. 2026-06-30) ` +
        `or an ISO-8601 timestamp with time zone (e.g. 2026-06-30T17:00:00Z).`
      );
    case 'exemption-expired':
      return (
        `${who}: exemption tag ${w.tag}=${w.value} expired at ${iso(w.until)}; ` +
        `the user's keys are managed again. Extend the date or remove the tag.`
      );
    case 'exemption-capped':
      return (
        `${who}: exemption tag ${w.tag}=${w.value} lies more than ${w.maxDays} days ` +
        `ahead (the most an exemption may reach, maxExemptionDays), so it counts only until ` +
        `${iso(w.cap)}, measured from ${w.seen ? `when the engine first saw this value (${iso(w.seen)})` : 'this run'}. ` +
        `Set a nearer date, or raise maxExemptionDays if exemptions this long are your policy.`
      );
    case 'exemption-cap-ended':
      return w.cap !== undefined
        ? `${who}: exemption tag ${w.tag}=${w.value} was capped to ${w.maxDays} days from when the ` +
            `engine first saw this value (${w.seen ? iso(w.seen) : 'unknown'}); that cap ended at ` +
            `${iso(w.cap)}, so the user is NOT exempt and their keys are managed again. Set a date at ` +
            `most ${w.maxDays} days ahead to exempt the user again.`
        : `${who}: exemption tag ${w.tag}=${w.value} lies more than ${w.maxDays} days ahead, and the ` +
            `engine's record of when it first saw it ("${w.record ?? ''}") does not verify (edited or ` +
            `forged), so the cap counts as ended and the user is NOT exempt. Set a date at most ` +
            `${w.maxDays} days ahead, or remove the record tag to start the cap from the next run.`;
    case 'state-tag-malformed':
      return w.marker !== undefined
        ? `${who}: state tag ${w.tag}="${w.value}" is not a readable ` +
            `pending-create marker (expected "replacing=<AccessKeyId> at=YYYY-MM-DDTHH:MM:SSZ", not in the ` +
            `future); it is removed. The engine writes this tag around a key creation; do not edit it by ` +
            `hand. Marker time read: ${w.marker.at ? iso(w.marker.at) : 'none'}.`
        : `${who}: state tag ${w.tag} has unreadable part(s) ` +
            `${(w.unreadable ?? []).map((p) => `"${p}"`).join(', ')} in value "${w.value}"; ` +
            `they are ignored. Expected space-separated field=YYYY-MM-DDTHH:MM:SSZ pairs with fields ` +
            `${KEY_STATE_DATE_FIELDS.map(([f]) => f).join(', ')}, and ${BLOCKED_REASON_FIELD}=` +
            `${STORED_BLOCK_REASONS.join('|')}. The engine rewrites the tag; do not edit it by hand.`;
    case 'state-tag-unverified':
      return (
        `${who}: state tag ${w.tag}="${w.value}" has no valid MAC, so the engine did not ` +
        `write it (it was forged, edited, copied from another user or key, or written before state ` +
        `tags were signed). It is treated as absent, which only ever makes actions later, and the ` +
        `engine rewrites or removes it. Find who wrote it with CloudTrail (TagUser) and reserve the ` +
        `tag prefix to the engine (docs/threat-model.md).`
      );
    case 'second-key-unclaimed':
      return (
        `${who}: access key ${w.keyIds.join(', ')} may be the unstored key of a rotation that ` +
        `died (pending-create marker ${w.tag}="${w.value}") or a key a person made; the marker has ` +
        `no valid MAC (written before state tags were signed, or not by the engine), so the engine ` +
        `cannot tell and retires, deletes and rotates nothing for this user meanwhile. If nobody ` +
        `uses ${w.keyIds.join(', ')}, delete it (no secret holds it); if it is a person's, remove ` +
        `the tag ${w.tag}.`
      );
  }
}

/** Why the action waits and when it proceeds; for a rotation, also what the owner can do. */
export function blockedText(b: BlockedAction): string {
  const rotationOf = `Rotation of access key ${b.accessKeyId} for user ${b.userName}`;
  switch (b.reason) {
    case 'two-key-limit-second-active-key':
      return (
        `${rotationOf} is blocked: the user already has two Active keys (${b.otherKeyId} and ` +
        `${b.accessKeyId}) and IAM allows two. ${b.otherKeyId} is deactivated on or after ` +
        `${iso(b.retireAt)} and deleted ${b.recoveryDays} days later; the rotation proceeds ` +
        `then (earliest ${iso(b.earliest)}).`
      );
    case 'two-key-limit-key-in-recovery':
      return (
        `${rotationOf} is blocked: the user's other key ${b.otherKeyId} is Inactive and inside its ` +
        `${b.recoveryDays}-day recovery window (observed inactive since ` +
        `${iso(b.inactiveSince)}), and IAM allows two keys. It is deleted, and the rotation ` +
        `proceeds, on or after ${iso(b.earliest)}; keys are never deleted early.`
      );
    case 'secret-not-trusted':
      return (
        `${rotationOf} is blocked: the user's secret is not one the engine may write a key into, ` +
        `because ${b.because}. No key was created.`
      );
    case 'no-tag-room':
      return (
        `${rotationOf} is blocked: the user has ${b.tagCount} of IAM's ${b.tagLimit} tags, and a ` +
        `rotation needs ${b.needed} free for the engine's state (the pending-create marker and the ` +
        `new key's state). No key was created.`
      );
    case 'circuit-breaker':
      return (
        `Circuit breaker: ${b.action} of access key ${b.accessKeyId} for user ${b.userName} ` +
        `(${b.reasons.join(', ')}) was not performed because this run planned ${b.planned} ` +
        `deactivations/deletions, more than ${limitText(b)}. Check the plan; if it is right, raise ` +
        `maxDestructiveActions for one run or act on these keys by hand. It is planned again on the ` +
        `next run.`
      );
    case 'depends-on-blocked-deletion':
      return (
        `${rotationOf} was not performed: it needs Inactive key ${b.requiresDeletionOf} deleted ` +
        `first to stay within IAM's two-key limit, and the circuit breaker withheld that deletion. ` +
        `It is planned again on the next run.`
      );
  }
}

/** The summary's and audit log's line: why, when, and what to do. */
export function blockedMessage(b: BlockedAction): string {
  return [blockedText(b), blockedTodo(b)].filter((t) => t !== '').join(' ');
}

/** What the owner of a blocked rotation can do; one answer per reason, never contradicting the why. */
export function blockedTodo(b: BlockedAction): string {
  switch (b.reason) {
    case 'two-key-limit-second-active-key':
      return (
        `To unblock sooner, delete ${b.otherKeyId} if nothing uses it (IAM allows two keys per ` +
        `user); otherwise nothing: the rotation proceeds on its own.`
      );
    case 'two-key-limit-key-in-recovery':
      return (
        `Nothing: ${b.otherKeyId} is kept for its recovery window in case something still needs ` +
        `it, and the rotation proceeds on its own once it is deleted.`
      );
    case 'secret-not-trusted':
      return (
        'Fix or delete the secret (the engine or the module then creates one with an owner-only ' +
        'policy and the configured KMS key); the rotation proceeds on the next run.'
      );
    case 'no-tag-room':
      return (
        `Remove ${b.needed - b.free} tag(s) the user does not need; the rotation proceeds on the ` +
        `next run.`
      );
    case 'circuit-breaker':
    case 'depends-on-blocked-deletion':
      return ''; // ops only: blockedText already says what to do
  }
}

function limitText(b: Extract<BlockedAction, { reason: 'circuit-breaker' }>): string {
  if (b.usedInWindow === 0) return `maxDestructiveActions (${b.maxDestructiveActions})`;
  const left = Math.max(0, b.maxDestructiveActions - b.usedInWindow);
  return (
    `the ${left} left of the rolling 24-hour budget (maxDestructiveActions ` +
    `${b.maxDestructiveActions}; ${b.usedInWindow} used by runs in the last 24 hours)`
  );
}
