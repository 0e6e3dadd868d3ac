/**
 * Publishing the run's notices: directly, or through notices-once when the coordination table is on
 * (notices-once.ts). A failing Publish never stops the run; it becomes an ErrorRecord.
 */
import type { KeyDecision } from '../core/model/types';
import { decisionNotice as noticeOf, type Notice } from '../notify/notice';
import type { RunContext } from './context';
import { publishError, type StagedNotice } from './notices-once';
import type { ErrorRecord } from './summary';

/**
 * Publishes a notice. A failing Publish never stops the run: it becomes an ErrorRecord (step `notify`)
 * passed to `onError`, and the caller learns it failed from the return value.
 */
export async function notify(
  ctx: RunContext,
  notice: Notice,
  onError: (record: ErrorRecord) => void,
): Promise<boolean> {
  const ledger = ctx.coordination?.notices;
  if (ledger) return ledger.send(notice, onError);
  try {
    await ctx.deps.notifier.publish(notice);
    return true;
  } catch (err) {
    onError(publishError(ctx.config.snsTopicArn, notice, err));
    return false;
  }
}

/** The notice a carried-out decision produces (built by notify/notice.ts, worded by notify/render). */
export function decisionNotice(
  ctx: RunContext,
  d: KeyDecision,
  created: { readonly newAccessKeyId?: string; readonly secretName?: string } = {},
): Notice | undefined {
  const notice = noticeOf(d, ctx.mode, created);
  const usage = ctx.usage?.get(d.accessKeyId);
  return notice && usage && 'reasons' in notice ? { ...notice, usage } : notice;
}

/**
 * Before an action that implies `notice` (deactivate, delete, a stored new key): record it, so it is
 * delivered once even if the run dies right after the action (notices-once.ts).
 */
export async function stageNotice(
  ctx: RunContext,
  notice: Notice | undefined,
  onError: (record: ErrorRecord) => void,
): Promise<StagedNotice | undefined> {
  if (!notice) return undefined;
  const ledger = ctx.coordination?.notices;
  return ledger ? ledger.stage(notice, onError) : { notice, owned: true };
}

/** After the action: publish the staged notice (if this run owns it). */
export async function deliverNotice(
  ctx: RunContext,
  staged: StagedNotice | undefined,
  onError: (record: ErrorRecord) => void,
): Promise<boolean> {
  if (!staged) return true;
  const ledger = ctx.coordination?.notices;
  if (ledger) return ledger.deliver(staged, onError);
  return notify(ctx, staged.notice, onError);
}

/** The action did not happen: withdraw the staged notice. */
export async function withdrawNotice(
  ctx: RunContext,
  staged: StagedNotice | undefined,
  onError: (record: ErrorRecord) => void,
): Promise<void> {
  const ledger = ctx.coordination?.notices;
  if (staged && ledger) await ledger.withdraw(staged, onError);
}
