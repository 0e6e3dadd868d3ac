/**
 * Enforce mode, one user: carry out the plan's decisions in plan order (deletions, deactivations,
 * creations, warnings), publish the blocked-rotation notices the plan calls for, then write the user's
 * state tags. Any failure becomes an ErrorRecord and a `failed` outcome for that decision; the user's
 * other decisions and all other users go on.
 */
import { runFailureRecord } from '../notify/run-words';
import { stateTagKey } from '../core';
import type { KeyDecision } from '../core/model/types';
import type { RunContext } from './context';
import { decisionNotice, notify } from './notices';
import { destroy } from './destroy';
import { describeError, StepError } from './errors';
import type { EvaluatedUser } from './evaluate';
import { FreshView } from './fresh-view';
import { publishBlocked } from './blocked-notices';
import { rotate } from './rotate';
import { tagUserSigned } from './state-trust';
import { actionRecord, actions } from './summary';
import { UserOutcome } from './user-outcome';

export async function executeUser(ctx: RunContext, evaluated: EvaluatedUser): Promise<UserOutcome> {
  const out = new UserOutcome(ctx.deps.log);
  const fresh = new FreshView(ctx, evaluated);
  /** Keys whose notice could not be published: their state tag is not advanced, so the next run retries. */
  const unsent = new Set<string>();
  // Free before write, also for a rotation: the plan counted these tags as room for its marker.
  const freed = await freeTags(ctx, evaluated, out);
  for (const d of actions(evaluated.plan.decisions)) {
    const action = d.action;
    try {
      if (action === 'create') {
        const { outcome, newAccessKeyId } = await rotate(ctx, d, evaluated, fresh, out);
        out.action(actionRecord(d, outcome, newAccessKeyId));
      } else if (action === 'warn') {
        const sent = await warn(ctx, d, out);
        if (!sent) unsent.add(d.accessKeyId);
        out.action(actionRecord(d, sent ? 'done' : 'failed'));
      } else {
        const outcome = await destroy(ctx, d, fresh, out);
        out.action(actionRecord(d, outcome));
      }
    } catch (err) {
      out.error(
        runFailureRecord({
          kind: 'action-failed',
          user: d.userName,
          accessKeyId: d.accessKeyId,
          step: err instanceof StepError ? err.step : action,
          action,
          cause: describeError(err),
        }),
      );
      out.action(actionRecord(d, 'failed'));
    }
  }
  for (const id of await publishBlocked(ctx, evaluated.plan.blocked, out)) unsent.add(id);
  await writeState(ctx, evaluated, unsent, freed, out);
  return out;
}

/**
 * The tags the plan removes (stale key states, settled markers), removed before the user's actions when
 * one of them is a rotation: its pending-create marker needs the room the plan counted (the precondition
 * of core/rules/rotation-preconditions.ts). True when they are gone. If the removal fails, the marker
 * write meets the limit and the rotation fails before any key exists.
 */
async function freeTags(
  ctx: RunContext,
  evaluated: EvaluatedUser,
  out: UserOutcome,
): Promise<boolean> {
  const { remove } = evaluated.plan.stateChanges;
  const rotates = evaluated.plan.decisions.some((d) => d.action === 'create');
  if (!rotates || remove.length === 0) return false;
  try {
    await ctx.deps.keys.untagUser(evaluated.user.userName, remove);
    return true;
  } catch (err) {
    out.error(
      runFailureRecord({
        kind: 'state-unwritten',
        user: evaluated.user.userName,
        cause: describeError(err),
      }),
    );
    return false;
  }
}

async function warn(ctx: RunContext, d: KeyDecision, out: UserOutcome): Promise<boolean> {
  const created = d.newAccessKeyId
    ? {
        newAccessKeyId: d.newAccessKeyId,
        secretName: ctx.deps.secrets.nameFor(d.userName),
      }
    : {};
  const notice = decisionNotice(ctx, d, created);
  return notice ? notify(ctx, notice, (e) => out.error(e)) : true;
}

/** UserPlan.stateChanges: action-independent state (recovery windows, warnings sent, cleanup). */
async function writeState(
  ctx: RunContext,
  evaluated: EvaluatedUser,
  unsent: ReadonlySet<string>,
  freed: boolean,
  out: UserOutcome,
) {
  const { userName } = evaluated.user;
  const skipped = new Set([...unsent].map((id) => stateTagKey(ctx.config.policy.tagPrefix, id)));
  const set = Object.fromEntries(
    Object.entries(evaluated.plan.stateChanges.set).filter(([key]) => !skipped.has(key)),
  );
  try {
    // Free before write: a user at IAM's 50-tag limit gets room from the stale tags removed first.
    if (!freed && evaluated.plan.stateChanges.remove.length > 0) {
      await ctx.deps.keys.untagUser(userName, evaluated.plan.stateChanges.remove);
    }
    if (Object.keys(set).length > 0) await tagUserSigned(ctx, userName, set);
  } catch (err) {
    out.error(
      runFailureRecord({ kind: 'state-unwritten', user: userName, cause: describeError(err) }),
    );
  }
}
