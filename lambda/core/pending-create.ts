/**
 * The pending-create marker: user tag `<prefix>pending-create:<attempt>` =
 * `replacing=<AccessKeyId> at=<ISO second>`, written immediately before CreateAccessKey and removed once
 * the new key is stored, verified and tagged, deleted again, or the create was refused. It is the engine's
 * only trace of a key whose secret it may not hold yet: IAM reports the new key, but only the marker says
 * a run was still working on it.
 *
 * `<attempt>` is a random id per CreateAccessKey attempt, so each run owns exactly its own marker: a run
 * whose create was refused (LimitExceeded because another run or a person created a key first) removes
 * its marker without touching a concurrent run's, and a key made later by a person is never taken for
 * the engine's. A marker written before attempts existed (`<prefix>pending-create`) is still read.
 */
import { tagsUnder } from './tags';
import { isoSeconds, parseIsoSeconds } from './time';

/**
 * A marker younger than this may belong to a run still in flight. A Lambda invocation lives at most
 * 15 minutes and the marker's `at` is its run's start, so 20 minutes leaves a margin for clock skew.
 */
export const PENDING_CREATE_HORIZON_MINUTES = 20;
/** The longest a run lives after its start (Lambda's maximum timeout): its key is created before then. */
export const RUN_MAX_MINUTES = 15;

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const ATTEMPT = /^[a-z0-9]{1,32}$/;

export interface PendingCreateMarker {
  /** The tag key as found on the user (IAM tag keys match case-insensitively). */
  readonly tagKey: string;
  readonly rawValue: string;
  /** The run's clock when it wrote the marker; undefined when unreadable. */
  readonly at?: Date;
  /** The key the interrupted rotation was replacing; undefined when unreadable. */
  readonly replacing?: string;
}

/** The prefix every marker's tag key starts with (the legacy marker's whole key). */
export function pendingCreateTagKey(tagPrefix: string): string {
  return `${tagPrefix}pending-create`;
}

/** True for a marker's tag key: the legacy one or one attempt's (IAM tag keys match case-insensitively). */
export function isMarkerKey(tagPrefix: string, tagKey: string): boolean {
  const base = pendingCreateTagKey(tagPrefix).toLowerCase();
  const key = tagKey.toLowerCase();
  return key === base || key.startsWith(`${base}:`);
}

/** The marker the executor writes before CreateAccessKey (all characters allowed in IAM tag values). */
export function pendingCreateTag(
  tagPrefix: string,
  replacing: string,
  now: Date,
  attempt?: string,
): [key: string, value: string] {
  if (attempt !== undefined && !ATTEMPT.test(attempt)) {
    throw new Error(`pending-create attempt id must match ${ATTEMPT.source}, got "${attempt}"`);
  }
  const key = pendingCreateTagKey(tagPrefix) + (attempt === undefined ? '' : `:${attempt}`);
  return [key, `replacing=${replacing} at=${isoSeconds(now)}`];
}

/** Every marker on the user: the legacy one and one per unfinished attempt. */
export function readPendingCreates(
  tags: Readonly<Record<string, string>>,
  tagPrefix: string,
): PendingCreateMarker[] {
  const base = pendingCreateTagKey(tagPrefix);
  return tagsUnder(tags, base)
    .filter((t) => t.suffix === '' || t.suffix.startsWith(':'))
    .map((t) => parseMarker(t.key, t.value));
}

function parseMarker(tagKey: string, value: string): PendingCreateMarker {
  const fields = new Map(
    value
      .split(' ')
      .filter((p) => p.includes('='))
      .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const),
  );
  const replacing = fields.get('replacing');
  return {
    tagKey,
    rawValue: value,
    at: parseIsoSeconds(fields.get('at')),
    replacing: replacing !== undefined && ACCESS_KEY_ID.test(replacing) ? replacing : undefined,
  };
}

/**
 * What an unverified marker (its MAC did not verify) may still do: only delay. A marker young enough to
 * belong to a run in flight holds the user for this run (rules/rotation-in-progress.ts); an older one
 * would name orphans to deactivate, so it is ignored.
 */
export function mayHoldUnverified(marker: PendingCreateMarker | undefined, now: Date): boolean {
  if (marker?.at === undefined) return false;
  return Math.abs(now.getTime() - marker.at.getTime()) < PENDING_CREATE_HORIZON_MINUTES * 60_000;
}
