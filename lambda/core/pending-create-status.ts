/**
 * Reads the pending-create marker against the user's keys (see rules/interrupted-rotation.ts for why):
 * no marker, a run possibly still in flight, an interrupted run and its orphan keys, or an unreadable
 * marker. A key that was used is never an orphan: someone holds its secret.
 */
import type { KeyView } from './key-view';
import { PENDING_CREATE_HORIZON_MINUTES, type PendingCreateMarker } from './pending-create';
import { isoSeconds } from './time';
import type { PolicyWarning } from './types';

const MINUTE_MS = 60_000;
/** IAM's CreateDate and the run's clock are different clocks; a key this much "before" the marker counts. */
const CLOCK_SKEW_MS = MINUTE_MS;

export type PendingCreate =
  | { readonly kind: 'none' }
  | { readonly kind: 'in-flight'; readonly tagKey: string }
  | { readonly kind: 'interrupted'; readonly tagKey: string; readonly orphans: readonly string[] }
  | { readonly kind: 'unreadable'; readonly tagKey: string; readonly warning: PolicyWarning };

export function pendingCreateStatus(
  marker: PendingCreateMarker | undefined,
  keys: readonly KeyView[],
  userName: string,
  now: Date,
): PendingCreate {
  if (marker === undefined) return { kind: 'none' };
  const horizonMs = PENDING_CREATE_HORIZON_MINUTES * MINUTE_MS;
  const at = marker.at;
  if (at === undefined || at.getTime() > now.getTime() + horizonMs) {
    return { kind: 'unreadable', tagKey: marker.tagKey, warning: unreadable(userName, marker) };
  }
  if (now.getTime() - at.getTime() < horizonMs) return { kind: 'in-flight', tagKey: marker.tagKey };
  const orphans = keys.filter((v) => isOrphan(v, at, marker.replacing)).map((v) => v.id);
  return { kind: 'interrupted', tagKey: marker.tagKey, orphans };
}

function isOrphan(view: KeyView, at: Date, replacing: string | undefined): boolean {
  return (
    view.key.status === 'Active' &&
    view.id !== replacing &&
    view.state.createdAt === undefined &&
    view.key.lastUsedDate === undefined &&
    view.key.createDate.getTime() >= at.getTime() - CLOCK_SKEW_MS
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
