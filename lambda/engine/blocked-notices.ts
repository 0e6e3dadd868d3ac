/**
 * ROTATION_BLOCKED, to the owner (and ops, who receive every event). The core decides which blocks are
 * news this run (BlockedAction.notify: first time, new reason, weekly reminder); the executor publishes
 * exactly those and reports which keys' notices failed, so their state is not advanced and the next run
 * tries again. Circuit-breaker blocks are never notified here: CIRCUIT_BREAKER_TRIPPED covers them.
 */
import type { BlockedAction } from '../core/types';
import type { Notice } from '../notify/notice';
import type { RunContext } from './context';
import { notify } from './notices';
import type { UserOutcome } from './user-outcome';

/** Publishes the user's notifiable blocks; returns the AccessKeyIds whose notice was not published. */
export async function publishBlocked(
  ctx: RunContext,
  blocked: readonly BlockedAction[],
  out: UserOutcome,
): Promise<Set<string>> {
  const unsent = new Set<string>();
  for (const b of blocked.filter((x) => x.notify)) {
    if (!(await notify(ctx, blockedNotice(ctx, b), (e) => out.error(e)))) unsent.add(b.accessKeyId);
  }
  return unsent;
}

function blockedNotice(ctx: RunContext, b: BlockedAction): Notice {
  return {
    event: 'ROTATION_BLOCKED',
    user: b.userName,
    accessKeyId: b.accessKeyId,
    reasons: [b.reason],
    facts: {},
    mode: ctx.mode,
    details: { message: b.message },
  };
}
