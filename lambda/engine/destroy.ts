/**
 * Deactivate and delete: both re-verified on fresh data first (FreshView). A NoSuchEntity answer means a
 * concurrent run (or a human) already did it: that is `skipped-concurrent`, not an error.
 *
 * State before action (docs/lifecycle.md, "State before action"): a deactivation's record (deactivated-at
 * and inactive-since, which a later run needs to give a person who re-activates the key their grace) is
 * signed and written before UpdateAccessKey. If it cannot be written (KMS refuses GenerateMac, TagUser
 * fails, no tag room), the key is not deactivated and the run says why. If the record was written but
 * the deactivation did not take effect, the record is put back as it was; if even that fails, the next
 * run reads an Active key with a deactivation record as re-activated: later, never earlier.
 */
import type { KeyDecision } from '../core/model/types';
import { runFailureRecord } from '../notify/run-words';
import type { RunContext } from './context';
import { decisionNotice, deliverNotice, stageNotice, withdrawNotice } from './notices';
import { describeError, step } from './errors';
import type { FreshView } from './fresh-view';
import type { GoneOr } from './ports';
import { tagUserSigned } from './state-trust';
import type { ActionRecord, ErrorRecord } from './summary';
import type { UserOutcome } from './user-outcome';

type Outcome = ActionRecord['outcome'];

/** Carries out a deactivate or delete decision. */
export async function destroy(
  ctx: RunContext,
  d: KeyDecision,
  fresh: FreshView,
  out: UserOutcome,
): Promise<Outcome> {
  return destroyKey(
    ctx,
    d,
    fresh,
    out,
    d.action === 'delete' ? deletion(ctx, d, out) : deactivation(ctx, d, fresh, out),
  );
}

function deactivation(
  ctx: RunContext,
  d: KeyDecision,
  fresh: FreshView,
  out: UserOutcome,
): DestroyCall {
  const record = d.tagsOnSuccess ?? {};
  return {
    step: 'deactivate-key',
    call: () => ctx.deps.keys.setKeyStatus(d.userName, d.accessKeyId, 'Inactive'),
    announceWhenGone: false,
    before: () => tagUserSigned(ctx, d.userName, record),
    tookEffect: async () => {
      const keys = await ctx.deps.keys.listKeys(d.userName);
      const status = keys.find((k) => k.accessKeyId === d.accessKeyId)?.status;
      return status === 'Inactive' ? 'yes' : 'no';
    },
    undo: () =>
      bestEffort(out, d, 'restore-state', async () => {
        const previous = fresh.rawTags() ?? {};
        const restore = Object.keys(record).filter((k) => previous[k] !== undefined);
        const drop = Object.keys(record).filter((k) => previous[k] === undefined);
        // The values as they were (already signed, if they were): written back, not re-signed.
        if (restore.length > 0) {
          await ctx.deps.keys.tagUser(
            d.userName,
            Object.fromEntries(restore.map((k) => [k, previous[k]!])),
          );
        }
        if (drop.length > 0) await ctx.deps.keys.untagUser(d.userName, drop);
      }),
    after: async () => {},
  };
}

function deletion(ctx: RunContext, d: KeyDecision, out: UserOutcome): DestroyCall {
  return {
    step: 'delete-key',
    call: () => ctx.deps.keys.deleteKey(d.userName, d.accessKeyId),
    // The key is gone. With notices-once, a concurrent run whose claim this run's entry refused
    // deleted it and stays silent, so this run announces it; without, the run that deleted it does.
    announceWhenGone: ctx.coordination?.notices !== undefined,
    after: async () => {
      await bestEffort(out, d, 'write-state', () =>
        ctx.deps.keys.untagUser(d.userName, d.untagOnSuccess ?? []),
      );
      const target = { secretName: ctx.deps.secrets.nameFor(d.userName), userName: d.userName };
      await bestEffort(out, d, 'record-deletion', () =>
        ctx.deps.secrets.recordDeletion(target, d.accessKeyId, ctx.now),
      );
    },
  };
}

interface DestroyCall {
  /** The step a failure of `call` is reported at. */
  readonly step: string;
  readonly call: () => Promise<GoneOr<'done'>>;
  /** When the key is already gone: deliver the staged notice (true) or withdraw it. */
  readonly announceWhenGone: boolean;
  /** The record a later run needs, written before `call`; when it fails, `call` is not made. */
  readonly before?: () => Promise<void>;
  /**
   * After `call` failed: whether it took effect anyway (its answer lost, or a 5xx after the change), read
   * again from IAM; `unknown` when that read fails too.
   */
  readonly tookEffect?: () => Promise<'yes' | 'no'>;
  /** After `call` failed without effect: put back what `before` wrote. */
  readonly undo?: () => Promise<void>;
  /** Follow-up writes once the call succeeded (best effort). */
  readonly after: () => Promise<void>;
}

/**
 * What deactivate and delete share: a budget slot, the notice staged before the call and withdrawn if
 * it fails, a fresh read that still makes the decision, and a key already gone means skipped.
 */
async function destroyKey(
  ctx: RunContext,
  d: KeyDecision,
  fresh: FreshView,
  out: UserOutcome,
  how: DestroyCall,
): Promise<Outcome> {
  if (ctx.coordination && !ctx.coordination.budget.take(d)) return 'blocked';
  const onError = (e: ErrorRecord) => out.error(e);
  const staged = await stageNotice(ctx, decisionNotice(ctx, d), onError);
  // The fresh read comes last before the action, after the slot and the notice: IAM has no conditional
  // delete, so a key a person re-activates after this read is deleted anyway; the window is kept to the
  // fresh read's own calls (docs/lifecycle.md, "State before action").
  let confirmed;
  try {
    confirmed = await step('fresh-read', () => fresh.confirms(d));
  } catch (err) {
    ctx.coordination?.budget.giveBack();
    await withdrawNotice(ctx, staged, onError);
    throw err;
  }
  if (!confirmed) {
    ctx.coordination?.budget.giveBack();
    await withdrawNotice(ctx, staged, onError);
    return 'skipped-stale';
  }
  if (how.before) {
    try {
      await how.before();
    } catch (err) {
      // Nothing was done: the slot and the notice go back, and the run says what to fix.
      ctx.coordination?.budget.giveBack();
      await withdrawNotice(ctx, staged, onError);
      out.error(
        runFailureRecord({
          kind: 'state-before-action-unwritten',
          user: d.userName,
          accessKeyId: d.accessKeyId,
          action: d.action,
          cause: describeError(err),
        }),
      );
      return 'failed';
    }
  }
  let result;
  try {
    result = await step(how.step, how.call);
  } catch (err) {
    const effect = how.tookEffect ? await how.tookEffect().catch((): 'unknown' => 'unknown') : 'no';
    if (effect === 'yes') {
      await how.after();
      await deliverNotice(ctx, staged, onError);
      return 'done';
    }
    // Unknown: the record and the staged notice stay; the next run reads the key's status and
    // delivers the notice (notices-once) or reads the record as a reactivation (later, never earlier).
    if (effect === 'no') {
      await withdrawNotice(ctx, staged, onError);
      await how.undo?.();
    }
    throw err;
  }
  if (result === 'not-found') {
    if (how.announceWhenGone) await deliverNotice(ctx, staged, onError);
    else await withdrawNotice(ctx, staged, onError);
    await how.undo?.();
    return 'skipped-concurrent';
  }
  await how.after();
  await deliverNotice(ctx, staged, onError);
  return 'done';
}

/** Follow-up writes after an action succeeded: a failure is reported, the action stays done. */
export async function bestEffort(
  out: UserOutcome,
  d: KeyDecision,
  stepName: string,
  work: () => Promise<unknown>,
): Promise<void> {
  await work().catch((err: unknown) =>
    out.error(
      runFailureRecord({
        kind: 'follow-up-failed',
        user: d.userName,
        accessKeyId: d.accessKeyId,
        step: stepName,
        action: d.action,
        cause: describeError(err),
      }),
    ),
  );
}
