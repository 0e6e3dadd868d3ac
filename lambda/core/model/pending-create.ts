/**
 * The pending-create marker (docs/lifecycle.md, "State kept in IAM user tags"; codec in tags.ts): user
 * tag `<prefix>pending-create:<attempt>` = `replacing=<AccessKeyId> at=<ISO second>`, written
 * immediately before CreateAccessKey and removed once the new key is stored, verified and tagged,
 * deleted again, or the create was refused. It is the engine's only trace of a key whose secret it may
 * not hold yet. `<attempt>` is a random id per attempt, so each run owns exactly its own marker.
 *
 * Read against the user's keys, the markers say: a run possibly still in flight, interrupted runs and
 * their orphan keys, keys an interrupted run did store, and unreadable markers. A key is an attempt's
 * orphan only if it was created inside that attempt's run (from the marker's `at` to the longest a run
 * lives, with clock skew either side), is not the key being replaced, was never used (someone would
 * hold its secret), was never tagged `created`, and is not the key the user's secret holds as
 * AWSCURRENT (then the run stored and verified it before it died: the rotation is completed instead).
 *
 * A marker whose MAC did not verify (written before state signing was switched on, or by someone else)
 * names no orphan and completes no rotation. A key it would have named is `unclaimed`: the orphan of a
 * dead run or a key a person made, the engine cannot tell which, so the user is held (nothing retired
 * for it) and the marker kept until a person settles it (rules/rotation-in-progress.ts).
 */
import { UNVERIFIED_PAIR, type PendingCreateMarker } from './tags';
import { CLOCK_SKEW_MS, MINUTE_MS } from './time';
import type { AccessKeyFacts, KeyState, PolicyWarning } from './types';

/**
 * A marker younger than this may belong to a run still in flight. A Lambda invocation lives at most
 * 15 minutes and the marker's `at` is its run's start, so 20 minutes leaves a margin for clock skew.
 */
export const PENDING_CREATE_HORIZON_MINUTES = 20;
/** The longest a run lives after its start (Lambda's maximum timeout): its key is created before then. */
export const RUN_MAX_MINUTES = 15;

/** What the status needs of a key: IAM's facts and whether the engine recorded it as created. */
export interface MarkedKey {
  readonly id: string;
  readonly key: AccessKeyFacts;
  readonly state: KeyState;
}

export interface PendingCreate {
  /** A marker younger than the horizon: its run may still be storing the key. */
  readonly inFlight: boolean;
  /** Keys an interrupted attempt created and nobody holds the secret of. */
  readonly orphans: readonly string[];
  /**
   * Keys an interrupted attempt created, stored and verified (the secret's AWSCURRENT): the attempt's
   * time and the key it replaced.
   */
  readonly stored: ReadonlyMap<string, StoredByAttempt>;
  /** Keys an unverified marker would name as orphans: whose they are is unknown (held, reported). */
  readonly unclaimed: readonly string[];
  /** Marker tags that say nothing more: unreadable, or their run is over and no orphan is left. */
  readonly settled: readonly string[];
  readonly warnings: readonly PolicyWarning[];
}

export interface StoredByAttempt {
  readonly at: Date;
  readonly replacing?: string;
}

export const NO_PENDING_CREATE: PendingCreate = {
  inFlight: false,
  orphans: [],
  unclaimed: [],
  stored: new Map(),
  settled: [],
  warnings: [],
};

export function pendingCreateStatus(
  markers: readonly PendingCreateMarker[],
  keys: readonly MarkedKey[],
  secretCurrentKeyId: string | undefined,
  userName: string,
  now: Date,
): PendingCreate {
  if (markers.length === 0) return NO_PENDING_CREATE;
  const horizonMs = PENDING_CREATE_HORIZON_MINUTES * MINUTE_MS;
  let inFlight = false;
  const orphans = new Set<string>();
  const unclaimed = new Set<string>();
  const stored = new Map<string, StoredByAttempt>();
  const settled: string[] = [];
  const warnings: PolicyWarning[] = [];
  for (const marker of markers) {
    const at = marker.at;
    const verified = !isUnverified(marker);
    if (at === undefined || at.getTime() > now.getTime() + horizonMs) {
      // An unverified marker (the edge already warned) is removed without a second warning.
      if (verified) warnings.push(unreadable(userName, marker));
      settled.push(marker.tagKey);
      continue;
    }
    if (now.getTime() - at.getTime() < horizonMs) {
      inFlight = true;
      continue;
    }
    const created = keys.filter((v) => createdByAttempt(v, at, marker.replacing));
    if (!verified) {
      // Neither an orphan nor a completed rotation on its word: hold while such a key remains.
      const candidates = created.filter((v) => v.id !== secretCurrentKeyId).map((v) => v.id);
      candidates.forEach((id) => unclaimed.add(id));
      if (candidates.length === 0) settled.push(marker.tagKey);
      else warnings.push(unclaimedWarning(userName, marker, candidates));
      continue;
    }
    const mine = created.filter((v) => v.id !== secretCurrentKeyId);
    created
      .filter((v) => v.id === secretCurrentKeyId)
      .forEach((v) => stored.set(v.id, { at, replacing: marker.replacing }));
    mine.forEach((v) => orphans.add(v.id));
    if (mine.length === 0) settled.push(marker.tagKey);
  }
  return {
    inFlight,
    orphans: [...orphans],
    unclaimed: [...unclaimed],
    stored,
    settled,
    warnings,
  };
}

function createdByAttempt(view: MarkedKey, at: Date, replacing: string | undefined): boolean {
  const created = view.key.createDate.getTime();
  return (
    view.key.status === 'Active' &&
    view.id !== replacing &&
    view.state.createdAt === undefined &&
    view.key.lastUsedDate === undefined &&
    created >= at.getTime() - CLOCK_SKEW_MS &&
    created <= at.getTime() + RUN_MAX_MINUTES * MINUTE_MS + CLOCK_SKEW_MS
  );
}

function isUnverified(marker: PendingCreateMarker): boolean {
  return marker.rawValue.split(' ').includes(UNVERIFIED_PAIR);
}

function unclaimedWarning(
  userName: string,
  marker: PendingCreateMarker,
  keyIds: readonly string[],
): PolicyWarning {
  const value = marker.rawValue
    .split(' ')
    .filter((p) => p !== UNVERIFIED_PAIR)
    .join(' ');
  return { userName, code: 'second-key-unclaimed', tag: marker.tagKey, value, keyIds };
}

function unreadable(userName: string, marker: PendingCreateMarker): PolicyWarning {
  return {
    userName,
    code: 'state-tag-malformed',
    tag: marker.tagKey,
    value: marker.rawValue,
    marker: { at: marker.at },
  };
}

/**
 * What an unverified marker (its MAC did not verify) may still do: only delay. A marker young enough to
 * belong to a run in flight holds the user for this run (rules/rotation-in-progress.ts); an older one
 * would name orphans to deactivate, so it is ignored.
 */
export function mayHoldUnverified(marker: PendingCreateMarker | undefined, now: Date): boolean {
  if (marker?.at === undefined) return false;
  return Math.abs(now.getTime() - marker.at.getTime()) < PENDING_CREATE_HORIZON_MINUTES * MINUTE_MS;
}
