/**
 * ROTATION_BLOCKED, to the owner (and ops, who receive every event). The core decides which blocks are
 * news this run (BlockedAction.notify: first time, new reason, weekly reminder); the executor publishes
 * exactly those and reports which keys' notices failed, so their state is not advanced and the next run
 * tries again. Circuit-breaker blocks are never notified here: CIRCUIT_BREAKER_TRIPPED covers them.
 */
import type { BlockedAction } from '../core/model/types';
import { blockedNotice } from '../notify/notice';
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
    if (!(await notify(ctx, blockedNotice(b, ctx.mode), (e) => out.error(e))))
      unsent.add(b.accessKeyId);
  }
  return unsent;
}
