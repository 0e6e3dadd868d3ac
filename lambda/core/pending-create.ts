/**
 * The pending-create marker: user tag `<prefix>pending-create` = `replacing=<AccessKeyId> at=<ISO second>`,
 * written immediately before CreateAccessKey and removed once the new key is stored, verified and tagged
 * (or deleted again). It is the engine's only trace of a key whose secret it may not hold yet: IAM
 * reports the new key, but only the marker says a run was still working on it.
 */
import { findTag } from './tags';
import { isoSeconds } from './time';

/**
 * A marker younger than this may belong to a run still in flight. A Lambda invocation lives at most
 * 15 minutes and the marker's `at` is its run's start, so 20 minutes leaves a margin for clock skew.
 */
export const PENDING_CREATE_HORIZON_MINUTES = 20;

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export interface PendingCreateMarker {
  /** The tag key as found on the user (IAM tag keys match case-insensitively). */
  readonly tagKey: string;
  readonly rawValue: string;
  /** The run's clock when it wrote the marker; undefined when unreadable. */
  readonly at?: Date;
  /** The key the interrupted rotation was replacing; undefined when unreadable. */
  readonly replacing?: string;
}

export function pendingCreateTagKey(tagPrefix: string): string {
  return `${tagPrefix}pending-create`;
}

/** The marker the executor writes before CreateAccessKey (all characters allowed in IAM tag values). */
export function pendingCreateTag(
  tagPrefix: string,
  replacing: string,
  now: Date,
): [key: string, value: string] {
  return [pendingCreateTagKey(tagPrefix), `replacing=${replacing} at=${isoSeconds(now)}`];
}

export function readPendingCreate(
  tags: Readonly<Record<string, string>>,
  tagPrefix: string,
): PendingCreateMarker | undefined {
  const tag = findTag(tags, pendingCreateTagKey(tagPrefix));
  if (tag === undefined) return undefined;
  const fields = new Map(
    tag.value
      .split(' ')
      .filter((p) => p.includes('='))
      .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const),
  );
  const replacing = fields.get('replacing');
  return {
    tagKey: tag.key,
    rawValue: tag.value,
    at: parseTimestamp(fields.get('at')),
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

function parseTimestamp(text: string | undefined): Date | undefined {
  if (text === undefined || !TIMESTAMP.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) || isoSeconds(date) !== text ? undefined : date;
}
