/**
 * Exemption by tag `<prefix>exempt-until`: a date `YYYY-MM-DD` (exempt through the end of that UTC
 * day) or an ISO-8601 timestamp with a time zone. A timestamp without a zone is rejected rather
 * than guessed: its meaning would depend on the machine's zone.
 */
import { findTag } from './tags';
import { addDays, isoSeconds } from './time';
import type { PolicyWarning } from './types';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export type TagExemption =
  | { readonly kind: 'none' }
  | { readonly kind: 'exempt'; readonly until: Date; readonly capped?: PolicyWarning }
  | { readonly kind: 'not-exempt'; readonly warning: PolicyWarning };

export function tagExemption(
  userName: string,
  tags: Readonly<Record<string, string>>,
  tagPrefix: string,
  now: Date,
  maxDays: number,
): TagExemption {
  const tag = findTag(tags, `${tagPrefix}exempt-until`);
  if (tag === undefined) return { kind: 'none' };
  const until = parseUntil(tag.value);
  if (until === undefined) {
    return {
      kind: 'not-exempt',
      warning: {
        userName,
        code: 'exemption-malformed',
        tag: tag.key,
        value: tag.value,
        message:
          `User ${userName}: tag ${tag.key}="${tag.value}" is not a date, so the user is NOT exempt. ` +
          `Accepted formats: YYYY-MM-DD (exempt through the end of that UTC day, e.g. 2026-06-30) ` +
          `or an ISO-8601 timestamp with time zone (e.g. 2026-06-30T17:00:00Z).`,
      },
    };
  }
  const cap = addDays(now, maxDays);
  if (until.getTime() > cap.getTime()) {
    return {
      kind: 'exempt',
      until: cap,
      capped: {
        userName,
        code: 'exemption-capped',
        tag: tag.key,
        value: tag.value,
        message:
          `User ${userName}: exemption tag ${tag.key}=${tag.value} lies more than ${maxDays} days ` +
          `ahead (the most an exemption may reach, maxExemptionDays), so it counts only until ` +
          `${isoSeconds(cap)}, measured from this run. Set a nearer date, or raise ` +
          `maxExemptionDays if exemptions this long are your policy.`,
      },
    };
  }
  if (now.getTime() < until.getTime()) return { kind: 'exempt', until };
  return {
    kind: 'not-exempt',
    warning: {
      userName,
      code: 'exemption-expired',
      tag: tag.key,
      value: tag.value,
      message:
        `User ${userName}: exemption tag ${tag.key}=${tag.value} expired at ${isoSeconds(until)}; ` +
        `the user's keys are managed again. Extend the date or remove the tag.`,
    },
  };
}

/** The first instant the user is no longer exempt. */
function parseUntil(text: string): Date | undefined {
  const day = DATE.exec(text);
  if (day) {
    const start = validDate(day, `${text}T00:00:00Z`);
    return start && new Date(start.getTime() + 86_400_000);
  }
  const stamp = TIMESTAMP.exec(text);
  return stamp ? validDate(stamp, text) : undefined;
}

/** Rejects dates JavaScript would silently roll over (2026-02-30 → March 2). */
function validDate(parts: RegExpExecArray, text: string): Date | undefined {
  const [, y, m, d] = parts.map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return undefined;
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
