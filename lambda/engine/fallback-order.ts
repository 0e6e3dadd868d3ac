/**
 * The order the fallback path reads users in. A fallback run at 5,000 users may reach its deadline
 * (deadline.ts) before it has read everyone; if every run started with the same user, the users at
 * the end of the list would be deferred every day. So each UTC day starts elsewhere:
 *
 *   start = (whole days since the epoch of `now` × ROTATION_STEP) mod (number of users in scope)
 *
 * Deterministic (same day, same users → same order; no state kept). The step is a prime above IAM's
 * default quota of 5,000 users, so it is coprime to any count that is not a multiple of it: over
 * `count` consecutive days every position is the starting point exactly once, and from one day to the
 * next the start jumps by ROTATION_STEP mod count rather than creeping past yesterday's deferred tail.
 * The credential-report path reads few candidates and keeps inventory order.
 */
import { DAY_MS } from '../core/model/time';

export const ROTATION_STEP = 7_919;

export function rotatingStart(count: number, now: Date): number {
  if (count === 0) return 0;
  const day = Math.floor(now.getTime() / DAY_MS);
  return (day * ROTATION_STEP) % count;
}

export function inRotatingOrder<T>(items: readonly T[], now: Date): T[] {
  const start = rotatingStart(items.length, now);
  return [...items.slice(start), ...items.slice(0, start)];
}
