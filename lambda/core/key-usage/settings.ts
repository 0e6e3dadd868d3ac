/**
 * The setting of "Who uses a key" (docs/lifecycle.md): declared like an optional rule's settings
 * (model/rule-settings.ts), so the environment variable, construct prop, HCL variable, docs and bounds
 * tests derive from this one declaration. One number is both the switch and the bound: 0 turns the
 * lookups off.
 */
import { ruleSettings } from '../model/rule-settings';

export const KEY_USAGE_SETTINGS = ruleSettings({
  keyUsageLookups: {
    min: 0,
    max: 1000,
    default: 100,
    unit: 'LookupEvents requests per run (0 = off)',
    description:
      'CloudTrail LookupEvents requests per run for who uses a key; 0 = off (no fingerprint)',
    doc: 'Who uses a key: the most CloudTrail LookupEvents requests one run makes to fingerprint the keys it warns about, rotates, holds or retires (paced to 2 a second, at most 3 pages of 50 events a key; a key past the bound gets its notice without the fingerprint). 0 = off. The role is granted cloudtrail:LookupEvents on "*" (it cannot be scoped to resources).',
  },
});
