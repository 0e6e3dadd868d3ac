/**
 * Per-user overrides by tag. A tag may only tighten a setting: a smaller number of days is used,
 * a larger one is ignored with a warning, so a user cannot exempt themselves by tagging.
 */
import { findTag } from './tags';
import type { LifecycleDays, Policy, PolicyWarning } from './types';

const OVERRIDES: readonly (readonly [tagName: string, setting: keyof LifecycleDays])[] = [
  ['rotation-days', 'rotationDays'],
  ['warn-days', 'warnDays'],
  ['grace-days', 'graceDays'],
  ['unused-days', 'unusedDays'],
  ['recovery-days', 'recoveryDays'],
];

const MAX_DAYS = 3650;

export function effectiveDays(
  userName: string,
  tags: Readonly<Record<string, string>>,
  policy: Policy,
): { days: LifecycleDays; warnings: PolicyWarning[] } {
  const days: Record<keyof LifecycleDays, number> = { ...policy.days };
  const warnings: PolicyWarning[] = [];
  for (const [tagName, setting] of OVERRIDES) {
    const tag = findTag(tags, `${policy.tagPrefix}${tagName}`);
    if (tag === undefined) continue;
    const accountValue = policy.days[setting];
    const value = parseDays(tag.value);
    if (value === undefined) {
      warnings.push({
        userName,
        code: 'override-malformed',
        tag: tag.key,
        value: tag.value,
        message:
          `User ${userName}: tag ${tag.key}="${tag.value}" is not a whole number of days; expected ` +
          `digits only, 1 to ${MAX_DAYS} (e.g. "30"). It is ignored and the account value ` +
          `${setting}=${accountValue} applies.`,
      });
    } else if (value > accountValue) {
      warnings.push({
        userName,
        code: 'override-loosening-ignored',
        tag: tag.key,
        value: tag.value,
        message:
          `User ${userName}: tag ${tag.key}=${tag.value} would loosen ${setting} beyond the account ` +
          `value ${accountValue}; tags may only tighten a setting, so ${accountValue} applies. ` +
          `Use a value of at most ${accountValue} or remove the tag.`,
      });
    } else {
      days[setting] = value;
    }
  }
  return { days, warnings };
}

function parseDays(text: string): number | undefined {
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= MAX_DAYS ? n : undefined;
}
