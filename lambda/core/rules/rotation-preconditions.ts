/**
 * What a rotation needs besides a free key slot, checked before anything is written: a secret the
 * engine may write the new key into, and room among IAM's 50 tags per user for the state a rotation
 * writes (its pending-create marker and the new key's state tag). Without either, the rotation is
 * blocked up front — before CreateAccessKey — and the owner is told once (blocked-notice.ts).
 */
import type { PlanContext } from '../model/key-view';
import type { RotationBlockDetail } from '../model/types';

/** IAM's limit on tags per user. */
export const IAM_TAGS_PER_USER = 50;
/** Tags a rotation holds at once: its pending-create marker and the new key's `created` state. */
export const TAGS_FOR_ROTATION = 2;

export function rotationPrecondition(ctx: PlanContext): RotationBlockDetail | undefined {
  if (ctx.secretUntrusted !== undefined) {
    return { reason: 'secret-not-trusted', because: ctx.secretUntrusted };
  }
  // Tags this run's plan removes (stale key states, settled markers) are freed before anything is written.
  const free =
    IAM_TAGS_PER_USER - ctx.tagCount + ctx.staleTags.length + ctx.pendingCreate.settled.length;
  if (free >= TAGS_FOR_ROTATION) return undefined;
  return {
    reason: 'no-tag-room',
    tagCount: ctx.tagCount,
    tagLimit: IAM_TAGS_PER_USER,
    needed: TAGS_FOR_ROTATION,
    free,
  };
}
