/**
 * Deactivate and delete: both re-verified on fresh data first (FreshView). A NoSuchEntity answer means a
 * concurrent run (or a human) already did it: that is `skipped-concurrent`, not an error.
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
    d.action === 'delete' ? deletion(ctx, d, out) : deactivation(ctx, d, out),
  );
}

function deactivation(ctx: RunContext, d: KeyDecision, out: UserOutcome): DestroyCall {
  return {
    step: 'deactivate-key',
    call: () => ctx.deps.keys.setKeyStatus(d.userName, d.accessKeyId, 'Inactive'),
    announceWhenGone: false,
    after: () =>
      bestEffort(out, d, 'write-state', () =>
        tagUserSigned(ctx, d.userName, d.tagsOnSuccess ?? {}),
      ),
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
  /** Follow-up writes once the call succeeded (best effort). */
  readonly after: () => Promise<void>;
}

/**
 * What deactivate and delete share: a fresh read that still makes the decision, a budget slot, the
 * notice staged before the call and withdrawn if it fails, and a key already gone means skipped.
 */
async function destroyKey(
  ctx: RunContext,
  d: KeyDecision,
  fresh: FreshView,
  out: UserOutcome,
  how: DestroyCall,
): Promise<Outcome> {
  if (!(await step('fresh-read', () => fresh.confirms(d)))) return 'skipped-stale';
  if (ctx.coordination && !ctx.coordination.budget.take(d)) return 'blocked';
  const onError = (e: ErrorRecord) => out.error(e);
  const staged = await stageNotice(ctx, decisionNotice(ctx, d), onError);
  let result;
  try {
    result = await step(how.step, how.call);
  } catch (err) {
    await withdrawNotice(ctx, staged, onError);
    throw err;
  }
  if (result === 'not-found') {
    if (how.announceWhenGone) await deliverNotice(ctx, staged, onError);
    else await withdrawNotice(ctx, staged, onError);
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
