/**
 * What a rotation needs besides a free key slot, checked before anything is written: a secret the
 * engine may write the new key into, and room among IAM's 50 tags per user for the state a rotation
 * writes (its pending-create marker and the new key's state tag). Without either, the rotation is
 * blocked up front — before CreateAccessKey — and the owner is told once (blocked-notice.ts).
 */
import type { KeyView, PlanContext } from '../key-view';
import type { RotationBlock } from './blocked-notice';

/** IAM's limit on tags per user. */
export const IAM_TAGS_PER_USER = 50;
/** Tags a rotation holds at once: its pending-create marker and the new key's `created` state. */
export const TAGS_FOR_ROTATION = 2;

export function rotationPrecondition(
  candidate: KeyView,
  ctx: PlanContext,
): RotationBlock | undefined {
  const block = { userName: ctx.userName, accessKeyId: candidate.id, action: 'create' as const };
  if (ctx.secretUntrusted !== undefined) {
    return {
      ...block,
      reason: 'secret-not-trusted',
      message:
        `Rotation of access key ${candidate.id} for user ${ctx.userName} is blocked: the user's ` +
        `secret is not one the engine may write a key into, because ${ctx.secretUntrusted}. No key ` +
        `was created. Fix or delete the secret (the engine or the module then creates one with an ` +
        `owner-only policy and the configured KMS key); the rotation proceeds on the next run.`,
    };
  }
  // Tags this run's plan removes (stale key states, settled markers) are freed before anything is written.
  const free =
    IAM_TAGS_PER_USER - ctx.tagCount + ctx.staleTags.length + ctx.pendingCreate.settled.length;
  if (free < TAGS_FOR_ROTATION) {
    return {
      ...block,
      reason: 'no-tag-room',
      message:
        `Rotation of access key ${candidate.id} for user ${ctx.userName} is blocked: the user has ` +
        `${ctx.tagCount} of IAM's ${IAM_TAGS_PER_USER} tags, and a rotation needs ` +
        `${TAGS_FOR_ROTATION} free for the engine's state (the pending-create marker and the new ` +
        `key's state). No key was created. Remove ${TAGS_FOR_ROTATION - free} tag(s) the user does ` +
        `not need; the rotation proceeds on the next run.`,
    };
  }
  return undefined;
}
