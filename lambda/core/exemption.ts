/**
 * Exemption by tag `<prefix>exempt-until` (docs/lifecycle.md, "Scope, exemptions and overrides"; the
 * value's codec is model/tags.ts). An expired or malformed date is not an exemption and is reported.
 * A date further ahead than maxDays is capped to maxDays from when the engine first saw that value,
 * recorded in the signed state tag `<prefix>exempt-seen`, so the cap ends: measured from each run it
 * would move with every run and never end. A new value starts a new record. A record the engine cannot
 * read (unverified: forged or edited) for the value in force ends the exemption: a forged record must
 * not extend it.
 */
import {
  exemptSeenTagKey,
  exemptUntilTagKey,
  findTag,
  parseExemptSeen,
  parseExemptUntil,
  renderExemptSeen,
} from './model/tags';
import { addDays } from './model/time';
import type { PolicyWarning } from './model/types';

/** The record to write: the first sighting of a capped value. */
export interface ExemptionRecord {
  readonly tag: string;
  readonly value: string;
}

export type TagExemption =
  /** `dropRecord`: a record left from an exemption tag since removed (the same value set again later
   * must start a new cap, not find the old one ended). */
  | { readonly kind: 'none'; readonly dropRecord?: string }
  | {
      readonly kind: 'exempt';
      readonly until: Date;
      readonly capped?: PolicyWarning;
      readonly record?: ExemptionRecord;
    }
  | { readonly kind: 'not-exempt'; readonly warning: PolicyWarning };

export function tagExemption(
  userName: string,
  tags: Readonly<Record<string, string>>,
  tagPrefix: string,
  now: Date,
  maxDays: number,
): TagExemption {
  const tag = findTag(tags, exemptUntilTagKey(tagPrefix));
  if (tag === undefined) {
    const left = findTag(tags, exemptSeenTagKey(tagPrefix));
    return left === undefined ? { kind: 'none' } : { kind: 'none', dropRecord: left.key };
  }
  const about = { userName, tag: tag.key, value: tag.value };
  const until = parseExemptUntil(tag.value);
  if (until === undefined) {
    return { kind: 'not-exempt', warning: { ...about, code: 'exemption-malformed' } };
  }
  if (until.getTime() > addDays(now, maxDays).getTime()) {
    return cappedExemption(about, tags, tagPrefix, now, maxDays, until);
  }
  if (now.getTime() < until.getTime()) return { kind: 'exempt', until };
  return { kind: 'not-exempt', warning: { ...about, code: 'exemption-expired', until } };
}

function cappedExemption(
  about: { readonly userName: string; readonly tag: string; readonly value: string },
  tags: Readonly<Record<string, string>>,
  tagPrefix: string,
  now: Date,
  maxDays: number,
  until: Date,
): TagExemption {
  const stored = findTag(tags, exemptSeenTagKey(tagPrefix));
  const record = stored && parseExemptSeen(stored.value);
  const sameValue = record !== undefined && record.until === about.value;
  if (stored !== undefined && record === undefined) {
    // Unreadable or unverified: when the value was first seen is unknown, so its cap counts as ended.
    return {
      kind: 'not-exempt',
      warning: { ...about, code: 'exemption-cap-ended', maxDays, record: stored.value },
    };
  }
  const seen = sameValue && record.seen.getTime() < now.getTime() ? record.seen : now;
  const cap = addDays(seen, maxDays);
  if (cap.getTime() >= until.getTime()) {
    // Seen long enough ago that the date itself is within the cap: an ordinary exemption.
    if (now.getTime() < until.getTime()) return { kind: 'exempt', until };
    return { kind: 'not-exempt', warning: { ...about, code: 'exemption-expired', until } };
  }
  if (now.getTime() >= cap.getTime()) {
    return {
      kind: 'not-exempt',
      warning: { ...about, code: 'exemption-cap-ended', maxDays, cap, seen },
    };
  }
  const key = stored?.key ?? exemptSeenTagKey(tagPrefix);
  return {
    kind: 'exempt',
    until: cap,
    capped: { ...about, code: 'exemption-capped', maxDays, cap, seen },
    ...(sameValue ? {} : { record: { tag: key, value: renderExemptSeen(about.value, now) } }),
  };
}
