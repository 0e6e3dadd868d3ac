/**
 * Why a rotation cannot happen yet, and when it will. The owner reads these messages, so they name
 * the user, both keys and the earliest date the rotation can proceed.
 */
import { reactivationGraceEnd, type KeyView, type PlanContext } from '../key-view';
import { addDays, isoSeconds, later } from '../time';
import type { RotationBlock } from './blocked-notice';
import { recoveryWindowStart } from './recovery';
import { retireGrace } from './second-key-grace';

export function secondActiveKeyBlock(
  candidate: KeyView,
  other: KeyView,
  ctx: PlanContext,
  otherDeactivatedNow: boolean,
): RotationBlock {
  const { graceDays, recoveryDays } = ctx.days;
  const retireAt = otherDeactivatedNow
    ? ctx.now
    : later(
        later(ctx.now, addDays(retireGrace(other, candidate, ctx).start, graceDays)),
        reactivationGraceEnd(other, ctx),
      );
  const earliest = addDays(retireAt, recoveryDays);
  return {
    userName: ctx.userName,
    accessKeyId: candidate.id,
    action: 'create',
    reason: 'two-key-limit-second-active-key',
    message:
      `Rotation of access key ${candidate.id} for user ${ctx.userName} is blocked: the user already ` +
      `has two Active keys (${other.id} and ${candidate.id}) and IAM allows two. ${other.id} is ` +
      `deactivated on or after ${isoSeconds(retireAt)} and deleted ${recoveryDays} days later; ` +
      `the rotation proceeds then (earliest ${isoSeconds(earliest)}). To unblock sooner, delete ` +
      `${other.id} if nothing uses it.`,
  };
}

export function keyInRecoveryBlock(
  candidate: KeyView,
  other: KeyView,
  ctx: PlanContext,
): RotationBlock {
  const start = recoveryWindowStart(other) ?? ctx.now;
  const earliest = addDays(start, ctx.days.recoveryDays);
  return {
    userName: ctx.userName,
    accessKeyId: candidate.id,
    action: 'create',
    reason: 'two-key-limit-key-in-recovery',
    message:
      `Rotation of access key ${candidate.id} for user ${ctx.userName} is blocked: the user's other ` +
      `key ${other.id} is Inactive and inside its ${ctx.days.recoveryDays}-day recovery window ` +
      `(observed inactive since ${isoSeconds(start)}), and IAM allows two keys. It is deleted, and ` +
      `the rotation proceeds, on or after ${isoSeconds(earliest)}; keys are never deleted early.`,
  };
}
