/**
 * Deactivate and delete: both re-verified on fresh data first (FreshView). A NoSuchEntity answer means a
 * concurrent run (or a human) already did it: that is `skipped-concurrent`, not an error.
 */
import type { KeyDecision } from '../core/model/types';
import type { RunContext } from './context';
import { decisionNotice, deliverNotice, stageNotice, withdrawNotice } from './notices';
import { describeError, step } from './errors';
import type { FreshView } from './fresh-view';
import { tagUserSigned } from './state-trust';
import type { ActionRecord, ErrorRecord } from './summary';
import type { UserOutcome } from './user-outcome';

type Outcome = ActionRecord['outcome'];

export async function deactivate(
  ctx: RunContext,
  d: KeyDecision,
  fresh: FreshView,
  out: UserOutcome,
): Promise<Outcome> {
  if (!(await step('fresh-read', () => fresh.confirms(d)))) return 'skipped-stale';
  if (ctx.coordination && !ctx.coordination.budget.take(d)) return 'blocked';
  const onError = (e: ErrorRecord) => out.error(e);
  const staged = await stageNotice(ctx, decisionNotice(ctx, d), onError);
  let result;
  try {
    result = await step('deactivate-key', () =>
      ctx.deps.keys.setKeyStatus(d.userName, d.accessKeyId, 'Inactive'),
    );
  } catch (err) {
    await withdrawNotice(ctx, staged, onError);
    throw err;
  }
  if (result === 'not-found') {
    await withdrawNotice(ctx, staged, onError);
    return 'skipped-concurrent';
  }
  await bestEffort(out, d, 'write-state', () =>
    tagUserSigned(ctx, d.userName, d.tagsOnSuccess ?? {}),
  );
  await deliverNotice(ctx, staged, onError);
  return 'done';
}

export async function remove(
  ctx: RunContext,
  d: KeyDecision,
  fresh: FreshView,
  out: UserOutcome,
): Promise<Outcome> {
  if (!(await step('fresh-read', () => fresh.confirms(d)))) return 'skipped-stale';
  if (ctx.coordination && !ctx.coordination.budget.take(d)) return 'blocked';
  const onError = (e: ErrorRecord) => out.error(e);
  const staged = await stageNotice(ctx, decisionNotice(ctx, d), onError);
  let result;
  try {
    result = await step('delete-key', () => ctx.deps.keys.deleteKey(d.userName, d.accessKeyId));
  } catch (err) {
    await withdrawNotice(ctx, staged, onError);
    throw err;
  }
  if (result === 'not-found') {
    // The key is gone. With notices-once, a concurrent run whose claim this run's entry refused
    // deleted it and stays silent, so this run announces it; without, the run that deleted it does.
    if (ctx.coordination?.notices) await deliverNotice(ctx, staged, onError);
    return 'skipped-concurrent';
  }
  await bestEffort(out, d, 'write-state', () =>
    ctx.deps.keys.untagUser(d.userName, d.untagOnSuccess ?? []),
  );
  const target = { secretName: ctx.deps.secrets.nameFor(d.userName), userName: d.userName };
  await bestEffort(out, d, 'record-deletion', () =>
    ctx.deps.secrets.recordDeletion(target, d.accessKeyId, ctx.now),
  );
  await deliverNotice(ctx, staged, onError);
  return 'done';
}

/** Follow-up writes after an action succeeded: a failure is reported, the action stays done. */
export async function bestEffort(
  out: UserOutcome,
  d: KeyDecision,
  stepName: string,
  work: () => Promise<unknown>,
) {
  try {
    await work();
  } catch (err) {
    out.error({
      user: d.userName,
      accessKeyId: d.accessKeyId,
      step: stepName,
      message: `${stepName} after ${d.action} of access key ${d.accessKeyId} failed: ${describeError(err)}`,
    });
  }
}
