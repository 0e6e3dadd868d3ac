/**
 * One CreateAccessKey attempt, never retried blindly (aws/iam-retry.ts). What its failure means decides
 * what happens to the attempt's pending-create marker:
 * - refused (IAM answered 4xx: AccessDenied from an SCP or boundary, LimitExceeded, NoSuchEntity,
 *   Throttling): no key was created by this attempt, so the marker is removed at once and a key that
 *   appears later (a person's, a concurrent run's) is never taken for this attempt's;
 * - ambiguous (no answer, or 5xx): the key may exist. The user's keys are read again: a key that
 *   appeared is this attempt's, its secret is lost, so it is deleted again before the run moves on; with
 *   nothing new, the attempt created nothing. Only when that cannot be settled (the re-read or the
 *   delete fails) does the marker stay, and a later run deactivates the orphan (core/model/pending-create.ts).
 */
import { runFailureRecord, type CreateFailure } from '../notify/run-words';
import type { AccessKeyFacts, KeyDecision } from '../core/model/types';
import type { RunContext } from './context';
import { describeError } from './errors';
import type { NewAccessKey } from './ports';
import type { ActionRecord } from './summary';
import type { UserOutcome } from './user-outcome';

export type CreateAttempt =
  | { readonly kind: 'created'; readonly key: NewAccessKey }
  /** Nothing of this attempt's exists: the marker can go. */
  | { readonly kind: 'settled'; readonly outcome: ActionRecord['outcome'] }
  /** A key may exist that nobody holds: the marker stays for a later run. */
  | { readonly kind: 'unsettled' };

export async function attemptCreate(
  ctx: RunContext,
  d: KeyDecision,
  before: readonly AccessKeyFacts[],
  out: UserOutcome,
): Promise<CreateAttempt> {
  const result = await ctx.deps.keys.createKey(d.userName, ctx.now);
  if (result.kind === 'created') return result;
  if (result.kind === 'unanswered') return settleAmbiguous(ctx, d, before, result.reason, out);
  if (result.limitExceeded && (await rotatedConcurrently(ctx, d, before).catch(() => false)))
    return { kind: 'settled', outcome: 'skipped-concurrent' };
  out.error(createError(d, { kind: 'create-refused', reason: result.reason }));
  return { kind: 'settled', outcome: 'failed' };
}

async function settleAmbiguous(
  ctx: RunContext,
  d: KeyDecision,
  before: readonly AccessKeyFacts[],
  reason: string,
  out: UserOutcome,
): Promise<CreateAttempt> {
  let now: AccessKeyFacts[];
  try {
    now = await ctx.deps.keys.listKeys(d.userName);
  } catch (err) {
    out.error(
      createError(d, { kind: 'create-unanswered-unread', reason, cause: describeError(err) }),
    );
    return { kind: 'unsettled' };
  }
  const known = new Set(before.map((k) => k.accessKeyId));
  const appeared = now.filter((k) => !known.has(k.accessKeyId));
  if (appeared.length === 0) {
    out.error(createError(d, { kind: 'create-unanswered-none', reason }));
    return { kind: 'settled', outcome: 'failed' };
  }
  for (const key of appeared) {
    try {
      // `not-found`: someone deleted it first; either way it is gone.
      await ctx.deps.keys.deleteKey(d.userName, key.accessKeyId);
    } catch (err) {
      out.error(
        createError(d, {
          kind: 'create-unanswered-undeleted',
          reason,
          orphanKeyId: key.accessKeyId,
          cause: describeError(err),
        }),
      );
      return { kind: 'unsettled' };
    }
  }
  const ids = appeared.map((k) => k.accessKeyId);
  out.error(createError(d, { kind: 'create-unanswered-deleted', reason, appeared: ids }));
  return { kind: 'settled', outcome: 'rolled-back' };
}

/**
 * IAM's two-key limit is the lock between overlapping runs: the loser's CreateAccessKey fails with
 * LimitExceeded. A key newer than the one being replaced then proves another run (or a person) made one.
 */
async function rotatedConcurrently(
  ctx: RunContext,
  d: KeyDecision,
  before: readonly AccessKeyFacts[],
): Promise<boolean> {
  const replaced = before.find((k) => k.accessKeyId === d.accessKeyId);
  const current = await ctx.deps.keys.listKeys(d.userName);
  return !!replaced && current.some((k) => k.createDate.getTime() > replaced.createDate.getTime());
}

/** A failed CreateAccessKey of the rotation that replaces `d.accessKeyId`, as its error line. */
function createError(
  d: KeyDecision,
  failure: DistributiveOmit<CreateFailure, 'user' | 'accessKeyId'>,
) {
  return runFailureRecord({ ...failure, user: d.userName, accessKeyId: d.accessKeyId });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
