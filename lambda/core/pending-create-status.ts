/**
 * Reads the pending-create markers against the user's keys (see rules/interrupted-rotation.ts for why):
 * a run possibly still in flight, interrupted runs and their orphan keys, keys an interrupted run did
 * store, and unreadable markers. A key is an attempt's orphan only if it was created inside that
 * attempt's run (from the marker's `at` to the longest a run lives, with clock skew either side), is not
 * the key being replaced, was never used (someone would hold its secret), was never tagged `created`,
 * and is not the key the user's secret holds as AWSCURRENT (then the run stored and verified it before
 * it died: the key is the engine's, and the rotation is completed instead).
 */
import type { KeyView } from './key-view';
import {
  PENDING_CREATE_HORIZON_MINUTES,
  RUN_MAX_MINUTES,
  type PendingCreateMarker,
} from './pending-create';
import { UNVERIFIED_PAIR } from './state-tags';
import { isoSeconds } from './time';
import type { PolicyWarning } from './types';

const MINUTE_MS = 60_000;
/** IAM's CreateDate and the run's clock are different clocks; this much either way still counts. */
const CLOCK_SKEW_MS = MINUTE_MS;

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
  stored: new Map(),
  settled: [],
  warnings: [],
};

export function pendingCreateStatus(
  markers: readonly PendingCreateMarker[],
  keys: readonly KeyView[],
  secretCurrentKeyId: string | undefined,
  userName: string,
  now: Date,
): PendingCreate {
  if (markers.length === 0) return NO_PENDING_CREATE;
  const horizonMs = PENDING_CREATE_HORIZON_MINUTES * MINUTE_MS;
  let inFlight = false;
  const orphans = new Set<string>();
  const stored = new Map<string, StoredByAttempt>();
  const settled: string[] = [];
  const warnings: PolicyWarning[] = [];
  for (const marker of markers) {
    const at = marker.at;
    if (at === undefined || at.getTime() > now.getTime() + horizonMs) {
      // An unverified marker (the edge already warned) is removed without a second warning.
      if (marker.rawValue !== UNVERIFIED_PAIR) warnings.push(unreadable(userName, marker));
      settled.push(marker.tagKey);
      continue;
    }
    if (now.getTime() - at.getTime() < horizonMs) {
      inFlight = true;
      continue;
    }
    const created = keys.filter((v) => createdByAttempt(v, at, marker.replacing));
    const mine = created.filter((v) => v.id !== secretCurrentKeyId);
    created
      .filter((v) => v.id === secretCurrentKeyId)
      .forEach((v) => stored.set(v.id, { at, replacing: marker.replacing }));
    mine.forEach((v) => orphans.add(v.id));
    if (mine.length === 0) settled.push(marker.tagKey);
  }
  return { inFlight, orphans: [...orphans], stored, settled, warnings };
}

function createdByAttempt(view: KeyView, at: Date, replacing: string | undefined): boolean {
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

function unreadable(userName: string, marker: PendingCreateMarker): PolicyWarning {
  return {
    userName,
    code: 'state-tag-malformed',
    tag: marker.tagKey,
    value: marker.rawValue,
    message:
      `User ${userName}: state tag ${marker.tagKey}="${marker.rawValue}" is not a readable ` +
      `pending-create marker (expected "replacing=<AccessKeyId> at=YYYY-MM-DDTHH:MM:SSZ", not in the ` +
      `future); it is removed. The engine writes this tag around a key creation; do not edit it by ` +
      `hand. Marker time read: ${marker.at ? isoSeconds(marker.at) : 'none'}.`,
  };
}
