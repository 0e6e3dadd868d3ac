/**
 * Exemption by tag `<prefix>exempt-until` (docs/lifecycle.md, "Scope, exemptions and overrides"; the
 * value's codec is model/tags.ts). An expired or malformed date is not an exemption and is reported;
 * one further ahead than maxDays counts only maxDays from each run.
 */
import { exemptUntilTagKey, findTag, parseExemptUntil } from './model/tags';
import { addDays } from './model/time';
import type { PolicyWarning } from './model/types';

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
  const tag = findTag(tags, exemptUntilTagKey(tagPrefix));
  if (tag === undefined) return { kind: 'none' };
  const about = { userName, tag: tag.key, value: tag.value };
  const until = parseExemptUntil(tag.value);
  if (until === undefined) {
    return { kind: 'not-exempt', warning: { ...about, code: 'exemption-malformed' } };
  }
  const cap = addDays(now, maxDays);
  if (until.getTime() > cap.getTime()) {
    return {
      kind: 'exempt',
      until: cap,
      capped: { ...about, code: 'exemption-capped', maxDays, cap },
    };
  }
  if (now.getTime() < until.getTime()) return { kind: 'exempt', until };
  return { kind: 'not-exempt', warning: { ...about, code: 'exemption-expired', until } };
}
