/**
 * Why a rotation waits on IAM's two-key limit, and when it will proceed: the other key and the
 * earliest dates, as data (lambda/notify words them for the owner).
 */
import { reactivationGraceEnd, type KeyView, type PlanContext } from '../model/key-view';
import { addDays, later } from '../model/time';
import type { RotationBlockDetail } from '../model/types';
import { recoveryWindowStart } from './recovery';
import { retireGrace } from './second-key-grace';

export function secondActiveKeyBlock(
  candidate: KeyView,
  other: KeyView,
  ctx: PlanContext,
  otherDeactivatedNow: boolean,
): RotationBlockDetail {
  const { graceDays, recoveryDays } = ctx.days;
  const retireAt = otherDeactivatedNow
    ? ctx.now
    : later(
        later(ctx.now, addDays(retireGrace(other, candidate, ctx).start, graceDays)),
        reactivationGraceEnd(other, ctx),
      );
  return {
    reason: 'two-key-limit-second-active-key',
    otherKeyId: other.id,
    retireAt,
    earliest: addDays(retireAt, recoveryDays),
    recoveryDays,
  };
}

export function keyInRecoveryBlock(other: KeyView, ctx: PlanContext): RotationBlockDetail {
  const start = recoveryWindowStart(other) ?? ctx.now;
  return {
    reason: 'two-key-limit-key-in-recovery',
    otherKeyId: other.id,
    inactiveSince: start,
    earliest: addDays(start, ctx.days.recoveryDays),
    recoveryDays: ctx.days.recoveryDays,
  };
}
