/**
 * Rotation: mark → create → store → verify → tag → unmark → notify. The invariant: once CreateAccessKey
 * has answered, the new key ends this function either stored and read back in its secret, or deleted
 * again. The pending-create marker covers what this function cannot: a run killed in between (timeout,
 * out of memory) leaves the marker, and a later run recognises the unstored key as an orphan instead of
 * taking it for the replacement (core/rules/interrupted-rotation.ts).
 * The secret string exists only in `created` below and inside the store call; records, logs, errors and
 * notices carry AccessKeyIds only.
 */
import { ROLLBACK_UNBUDGETED, runFailureRecord } from '../notify/run-words';
import { randomUUID } from 'node:crypto';
import { createdKeyTag, pendingCreateTag } from '../core';
import type { KeyDecision } from '../core/model/types';
import { runFailedNotice } from '../notify/notice';
import type { RunContext } from './context';
import { decisionNotice, deliverNotice, notify, stageNotice } from './notices';
import { secretTarget } from './secret-trust-check';
import { attemptCreate } from './create-attempt';
import { bestEffort } from './destroy';
import { describeError, step } from './errors';
import type { EvaluatedUser } from './evaluate';
import type { FreshView } from './fresh-view';
import { SecretStoreError, type SecretTarget, type UndoResult } from './ports';
import { tagUserSigned } from './state-trust';
import type { ActionRecord } from './summary';
import type { UserOutcome } from './user-outcome';

export interface RotationResult {
  readonly outcome: ActionRecord['outcome'];
  readonly newAccessKeyId?: string;
}

const GONE: ReadonlySet<ActionRecord['outcome'] | undefined> = new Set([
  'done',
  'skipped-concurrent',
]);

export async function rotate(
  ctx: RunContext,
  d: KeyDecision,
  evaluated: EvaluatedUser,
  fresh: FreshView,
  out: UserOutcome,
): Promise<RotationResult> {
  if (d.requiresDeletionOf && !GONE.has(out.outcomeOf(d.requiresDeletionOf, 'delete'))) {
    // The two-key limit would refuse the create anyway; never try a third key.
    return { outcome: 'skipped-stale' };
  }
  if (!(await step('fresh-read', () => fresh.confirms(d)))) return { outcome: 'skipped-stale' };
  const keys = (await fresh.keys()).filter(
    (k) => !GONE.has(out.outcomeOf(k.accessKeyId, 'delete')),
  );
  if (keys.length >= 2) return { outcome: 'skipped-stale' };

  // No marker, no create: an unmarked key that the run then fails to store could be mistaken later.
  // The marker's tag key names this attempt alone (core/model/tags.ts).
  const [markerKey, markerValue] = pendingCreateTag(
    ctx.config.policy.tagPrefix,
    d.accessKeyId,
    ctx.now,
    randomUUID().replace(/-/g, '').slice(0, 12),
  );
  await step('write-pending-create', () =>
    tagUserSigned(ctx, d.userName, { [markerKey]: markerValue }),
  );
  const clearMarker = () =>
    bestEffort(out, d, 'clear-pending-create', () =>
      ctx.deps.keys.untagUser(d.userName, [markerKey]),
    );
  const target = secretTarget(ctx, evaluated.user, evaluated.secretName);
  const plan = { d, before: keys, markerKey, secretName: target.secretName };
  const attempt = await attemptCreate(ctx, plan, out);
  if (attempt.kind !== 'created') {
    if (attempt.kind === 'settled') await clearMarker();
    return { outcome: attempt.kind === 'settled' ? attempt.outcome : 'failed' };
  }
  const created = attempt.key;
  const newAccessKeyId = created.accessKeyId;
  try {
    await ctx.deps.secrets.store(target, created, evaluated.secretExists === false);
  } catch (err) {
    if (await rollBack(ctx, d, newAccessKeyId, target, err, out)) await clearMarker();
    return { outcome: 'rolled-back' };
  }
  // Recorded before the state that implies it (coordination outbox, notices-once.ts).
  const notice = decisionNotice(ctx, d, { newAccessKeyId, secretName: target.secretName });
  const staged = await stageNotice(ctx, notice, (e) => out.error(e));
  const [tagKey, tagValue] = createdKeyTag(ctx.config.policy.tagPrefix, newAccessKeyId, ctx.now);
  await bestEffort(out, d, 'write-state', () =>
    tagUserSigned(ctx, d.userName, { ...d.tagsOnSuccess, [tagKey]: tagValue }),
  );
  // Cleared even if the created tag failed: the key is stored, so it must never count as an orphan.
  await clearMarker();
  await deliverNotice(ctx, staged, (e) => out.error(e));
  return { outcome: 'done', newAccessKeyId };
}

/**
 * The store failed: move AWSCURRENT back if a version was written, then delete the new key. If the delete
 * fails too, the key exists unstored: a critical error and a RUN_FAILED notice name it for a person, and
 * the pending-create marker stays so a later run deactivates the orphan. True when the key was deleted.
 */
async function rollBack(
  ctx: RunContext,
  d: KeyDecision,
  newAccessKeyId: string,
  target: SecretTarget,
  storeError: unknown,
  out: UserOutcome,
): Promise<boolean> {
  const failedStep = storeError instanceof SecretStoreError ? storeError.step : 'store-secret';
  const about = { user: d.userName, accessKeyId: newAccessKeyId };
  const failure = runFailureRecord({
    kind: 'store-failed',
    ...about,
    step: failedStep,
    replacedKeyId: d.accessKeyId,
    cause: describeError(storeError),
  });
  out.error(failure);
  let undo: UndoResult | 'failed' = 'nothing-written';
  if (storeError instanceof SecretStoreError) {
    try {
      undo = await ctx.deps.secrets.undoStore(storeError);
    } catch (err) {
      undo = 'failed';
      out.error(
        runFailureRecord({
          kind: 'secret-unrestored',
          ...about,
          secretName: target.secretName,
          cause: describeError(err),
        }),
      );
    }
  }
  const announce = (message: string) =>
    notify(ctx, runFailedNotice(ctx.mode, { message, user: d.userName }, newAccessKeyId), (e) =>
      out.error(e),
    );
  // A deletion like any other: a budget slot, counted toward maxDestructiveActions (unplanned-actions.ts).
  // Without one the key stays, unstored, and the marker with it: a later run deactivates it in budget.
  const allowed = await ctx.unplanned?.take(ctx.coordination?.budget);
  try {
    if (!allowed) throw new Error(ROLLBACK_UNBUDGETED);
    // `not-found`: someone deleted it first; either way it is gone.
    await ctx.deps.keys.deleteKey(d.userName, newAccessKeyId);
  } catch (err) {
    const record = runFailureRecord({
      kind: 'new-key-orphaned',
      ...about,
      cause: describeError(err),
    });
    out.error(record);
    await announce(record.message);
    return false;
  }
  await announce(failure.message);
  if (undo === 'failed' && storeError instanceof SecretStoreError) {
    // AWSCURRENT must point at a working key whenever the secret holds one (the key being replaced,
    // still Active): move it back once more rather than covering it with a deletion record.
    try {
      undo = await ctx.deps.secrets.undoStore(storeError);
    } catch (err) {
      out.error(
        runFailureRecord({
          kind: 'secret-on-deleted-key',
          ...about,
          secretName: target.secretName,
          replacedKeyId: d.accessKeyId,
          previousVersionId: storeError.previousVersionId,
          writtenVersionId: storeError.writtenVersionId,
          cause: describeError(err),
        }),
      );
      return true;
    }
  }
  if (undo === 'no-previous-version') {
    // The secret held no key before this one: record the deletion so a reader is not misled.
    const record = { ...d, accessKeyId: newAccessKeyId };
    await bestEffort(out, record, 'record-deletion', () =>
      ctx.deps.secrets.recordDeletion(target, newAccessKeyId, ctx.now),
    );
  }
  return true;
}
