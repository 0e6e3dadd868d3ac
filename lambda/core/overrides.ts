/**
 * Per-user overrides by tag (docs/lifecycle.md, "Scope, exemptions and overrides"). A tag may only
 * tighten a setting: a smaller number of days is used, a larger one is ignored with a warning, so a
 * user cannot exempt themselves by tagging.
 */
import { findTag, OVERRIDE_TAGS, parseOverrideDays } from './model/tags';
import type { LifecycleDays, Policy, PolicyWarning } from './model/types';

export function effectiveDays(
  userName: string,
  tags: Readonly<Record<string, string>>,
  policy: Policy,
): { days: LifecycleDays; warnings: PolicyWarning[] } {
  const days: Record<keyof LifecycleDays, number> = { ...policy.days };
  const warnings: PolicyWarning[] = [];
  for (const [tagName, setting] of OVERRIDE_TAGS) {
    const tag = findTag(tags, `${policy.tagPrefix}${tagName}`);
    if (tag === undefined) continue;
    const accountValue = policy.days[setting];
    const value = parseOverrideDays(tag.value);
    const about = { userName, tag: tag.key, value: tag.value, setting, accountValue };
    if (value === undefined) warnings.push({ ...about, code: 'override-malformed' });
    else if (value > accountValue) warnings.push({ ...about, code: 'override-loosening-ignored' });
    else days[setting] = value;
  }
  return { days, warnings };
}
