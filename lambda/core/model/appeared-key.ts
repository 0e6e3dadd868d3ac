/**
 * Whose is a key that appeared while CreateAccessKey went unanswered (a 5xx or a lost answer)?
 * The engine deletes it in the same run only on evidence that excludes every other writer
 * (docs/lifecycle.md, "CreateAccessKey is never retried blindly"); otherwise it is left alone.
 *
 * The attempt replaced one key, so IAM's two-key limit left room for exactly one more: if the key that
 * appeared is provably someone else's (stored in the user's secret, already used, or created more than
 * the clock skew before the attempt began), this attempt was refused and made nothing. It is this
 * attempt's only when exactly one key appeared, Active and never used, created inside the attempt's
 * window (from the second the attempt began to the re-read plus clock skew), in no secret's AWSCURRENT,
 * and no other attempt's marker on the user could be in flight. A person who creates a key in the very
 * second of the attempt and has not used it yet is the one writer this cannot exclude (IAM records no
 * creator); its deletion is announced (RUN_FAILED names the key). Anything else — two keys, another run's marker, a read that failed — cannot be
 * told apart: the key is left alone, the attempt's marker stays, and the ordinary rules decide later.
 */
import { PENDING_CREATE_HORIZON_MINUTES } from './pending-create';
import type { PendingCreateMarker } from './tags';
import { CLOCK_SKEW_MS, MINUTE_MS } from './time';
import type { AccessKeyFacts } from './types';

export type AppearedKeyVerdict =
  | { readonly kind: 'this-attempts'; readonly accessKeyId: string }
  | { readonly kind: 'someone-elses'; readonly accessKeyId: string; readonly why: NotOursWhy }
  | {
      readonly kind: 'undecided';
      readonly accessKeyIds: readonly string[];
      readonly why: UndecidedWhy;
    };

/** `stored`: the user's secret holds it (another run's replacement); `used`: someone holds its secret. */
export type NotOursWhy = 'stored' | 'used' | 'created-before-attempt';
export type UndecidedWhy =
  | 'not-one-key'
  | 'last-use-unread'
  | 'inactive'
  | 'outside-attempt-window'
  | 'near-attempt-start'
  | 'other-attempt-in-flight'
  | 'secret-unread'
  | 'tags-unread';

export interface AppearedKeyFacts {
  /** The user's keys at the fresh read before the attempt. */
  readonly before: readonly AccessKeyFacts[];
  /** Keys the re-read found that the fresh read did not, with their last use (if `lastUseRead`). */
  readonly appeared: readonly AccessKeyFacts[];
  readonly lastUseRead: boolean;
  /** The engine's clock right before CreateAccessKey, and after the re-read. */
  readonly attemptStart: Date;
  readonly attemptEnd: Date;
  /** Which appeared key the user's secret holds as AWSCURRENT; `unread` when that could not be read. */
  readonly storedKeyId: string | undefined | 'unread';
  /** The user's pending-create markers, read again (`unread` when that failed). */
  readonly markers: readonly PendingCreateMarker[] | 'unread';
  /** This attempt's own marker tag key. */
  readonly ownMarkerKey: string;
}

export function appearedKeyVerdict(f: AppearedKeyFacts): AppearedKeyVerdict {
  const ids = f.appeared.map((k) => k.accessKeyId);
  const undecided = (why: UndecidedWhy): AppearedKeyVerdict => ({
    kind: 'undecided',
    accessKeyIds: ids,
    why,
  });
  const key = f.appeared[0];
  if (key === undefined || f.appeared.length !== 1 || f.before.length !== 1) {
    return undecided('not-one-key');
  }
  const notOurs = (why: NotOursWhy): AppearedKeyVerdict => ({
    kind: 'someone-elses',
    accessKeyId: key.accessKeyId,
    why,
  });
  if (f.storedKeyId === key.accessKeyId) return notOurs('stored');
  if (!f.lastUseRead) return undecided('last-use-unread');
  if (key.lastUsedDate !== undefined) return notOurs('used');
  const created = key.createDate.getTime();
  if (created < f.attemptStart.getTime() - CLOCK_SKEW_MS) return notOurs('created-before-attempt');
  if (key.status !== 'Active') return undecided('inactive');
  if (created > f.attemptEnd.getTime() + CLOCK_SKEW_MS) return undecided('outside-attempt-window');
  // Within the clock skew before the attempt: a person's key made moments earlier, or this attempt's
  // stamped by a lagging clock. CreateDate has whole seconds, so the window opens at the attempt's second.
  if (created < Math.floor(f.attemptStart.getTime() / 1000) * 1000) {
    return undecided('near-attempt-start');
  }
  if (f.storedKeyId === 'unread') return undecided('secret-unread');
  if (f.markers === 'unread') return undecided('tags-unread');
  if (f.markers.some((m) => m.tagKey !== f.ownMarkerKey && mayBeInFlight(m, f.attemptEnd))) {
    return undecided('other-attempt-in-flight');
  }
  return { kind: 'this-attempts', accessKeyId: key.accessKeyId };
}

/** Another attempt's marker young enough (or unreadable) that its run may be creating a key now. */
function mayBeInFlight(marker: PendingCreateMarker, now: Date): boolean {
  if (marker.at === undefined) return true;
  return now.getTime() - marker.at.getTime() < PENDING_CREATE_HORIZON_MINUTES * MINUTE_MS;
}
