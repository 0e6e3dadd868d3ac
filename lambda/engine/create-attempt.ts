/**
 * One CreateAccessKey attempt, never retried blindly (aws/iam-retry.ts). What its failure means decides
 * what happens to the attempt's pending-create marker:
 * - refused (IAM answered 4xx: AccessDenied from an SCP or boundary, LimitExceeded, NoSuchEntity,
 *   Throttling): no key was created by this attempt, so the marker is removed at once and a key that
 *   appears later (a person's, a concurrent run's) is never taken for this attempt's;
 * - ambiguous (no answer, or 5xx): the key may exist. The user's keys are read again. With nothing new,
 *   the attempt created nothing. A key that appeared is judged on evidence (core/model/appeared-key.ts):
 *   provably someone else's (a person's, an overlapping run's stored replacement) — left alone, and this
 *   attempt made nothing; provably this attempt's — its secret is lost, so it is deleted again (a budget
 *   slot, a notice); undecided — left alone. The marker stays whenever a key of this attempt's may exist
 *   unstored (undecided, re-read or delete failed, no budget), and a later run past the horizon decides
 *   by the ordinary rules (core/model/pending-create.ts).
 */
import { runFailureRecord, type CreateFailure } from '../notify/run-words';
import type { AccessKeyFacts, KeyDecision } from '../core/model/types';
import { appearedKeyVerdict, readPendingCreates, type AppearedKeyFacts } from '../core';
import { runFailedNotice } from '../notify/notice';
import { notify } from './notices';
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

/** One attempt: its decision, the keys the fresh read saw, its marker and the secret it writes into. */
export interface AttemptPlan {
  readonly d: KeyDecision;
  readonly before: readonly AccessKeyFacts[];
  readonly markerKey: string;
  readonly secretName: string;
}

interface Attempt extends AttemptPlan {
  /** The engine's clock right before CreateAccessKey: where the attempt's window opens. */
  readonly startedAt: Date;
}

export async function attemptCreate(
  ctx: RunContext,
  plan: AttemptPlan,
  out: UserOutcome,
): Promise<CreateAttempt> {
  const { d, before } = plan;
  const startedAt = ctx.deps.clock();
  const result = await ctx.deps.keys.createKey(d.userName, ctx.now);
  if (result.kind === 'created') return result;
  if (result.kind === 'unanswered') {
    return settleAmbiguous(ctx, { ...plan, startedAt }, result.reason, out);
  }
  if (result.limitExceeded && (await rotatedConcurrently(ctx, d, before).catch(() => false)))
    return { kind: 'settled', outcome: 'skipped-concurrent' };
  out.error(createError(d, { kind: 'create-refused', reason: result.reason }));
  return { kind: 'settled', outcome: 'failed' };
}

async function settleAmbiguous(
  ctx: RunContext,
  attempt: Attempt,
  reason: string,
  out: UserOutcome,
): Promise<CreateAttempt> {
  const { d, before } = attempt;
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
  const verdict = appearedKeyVerdict(await appearedKeyFacts(ctx, attempt, appeared));
  if (verdict.kind === 'someone-elses') {
    // The two-key limit had room for one key, and it is someone else's: this attempt made nothing.
    const { accessKeyId: other, why } = verdict;
    out.error(
      createError(d, { kind: 'create-unanswered-someone-elses', reason, appeared: other, why }),
    );
    return { kind: 'settled', outcome: 'skipped-concurrent' };
  }
  if (verdict.kind === 'undecided') {
    const { accessKeyIds, why } = verdict;
    out.error(
      createError(d, { kind: 'create-unanswered-undecided', reason, appeared: accessKeyIds, why }),
    );
    return { kind: 'unsettled' };
  }
  return rollBackLostKey(ctx, d, verdict.accessKeyId, reason, out);
}

/** What the verdict on the appeared keys needs: their last use, the user's secret and markers, read now. */
async function appearedKeyFacts(
  ctx: RunContext,
  attempt: Attempt,
  appeared: readonly AccessKeyFacts[],
): Promise<AppearedKeyFacts> {
  const { d } = attempt;
  const ids = appeared.map((k) => k.accessKeyId);
  const [withUse, storedKeyId, markers] = await Promise.all([
    ctx.deps.keys.withLastUsed(appeared).catch(() => undefined),
    ctx.deps.secrets.currentStoredKeyId(attempt.secretName, ids).catch(() => 'unread' as const),
    ctx.deps.users
      .readUsers([d.userName])
      .then(({ found }) => readPendingCreates(found[0]?.tags ?? {}, ctx.config.policy.tagPrefix))
      .catch(() => 'unread' as const),
  ]);
  return {
    before: attempt.before,
    appeared: withUse ?? appeared,
    lastUseRead: withUse !== undefined,
    attemptStart: attempt.startedAt,
    attemptEnd: ctx.deps.clock(),
    storedKeyId,
    markers,
    ownMarkerKey: attempt.markerKey,
  };
}

/**
 * The key is this attempt's and nobody holds its secret: deleted again in the same run, as a destructive
 * action like any other (a budget slot, counted toward maxDestructiveActions) and announced.
 */
async function rollBackLostKey(
  ctx: RunContext,
  d: KeyDecision,
  orphanKeyId: string,
  reason: string,
  out: UserOutcome,
): Promise<CreateAttempt> {
  if (!(await ctx.unplanned?.take(ctx.coordination?.budget))) {
    out.error(createError(d, { kind: 'create-unanswered-no-budget', reason, orphanKeyId }));
    return { kind: 'unsettled' };
  }
  try {
    // `not-found`: someone deleted it first; either way it is gone.
    await ctx.deps.keys.deleteKey(d.userName, orphanKeyId);
  } catch (err) {
    out.error(
      createError(d, {
        kind: 'create-unanswered-undeleted',
        reason,
        orphanKeyId,
        cause: describeError(err),
      }),
    );
    return { kind: 'unsettled' };
  }
  const record = createError(d, {
    kind: 'create-unanswered-deleted',
    reason,
    appeared: [orphanKeyId],
  });
  out.error(record);
  await notify(
    ctx,
    runFailedNotice(ctx.mode, { message: record.message, user: d.userName }, orphanKeyId),
    (e) => out.error(e),
  );
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
