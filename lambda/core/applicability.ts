/**
 * Who the engine may touch. Scope first (first match wins), then exemptions. IAM user and group
 * names are unique case-insensitively, so lists and the exempt group match case-insensitively:
 * an exclude list entry typed `Alice` must protect `alice`.
 */
import { tagExemption, type ExemptionRecord } from './exemption';
import { findTag, MANAGED_VALUE, managedTagKey, sameName } from './model/tags';
import {
  DEFAULT_MAX_EXEMPTION_DAYS,
  type Applicability,
  type Policy,
  type PolicyWarning,
} from './model/types';

export interface ApplicabilityFacts {
  readonly userName: string;
  readonly path: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
}

/** A user's scope, evaluated once per user per run (the engine's inventory) and passed on. */
export interface Scope {
  readonly applicability: Applicability;
  readonly warnings: readonly PolicyWarning[];
  /** A capped exemption seen for the first time: the record the engine writes (enforce mode). */
  readonly exemptionRecord?: ExemptionRecord;
  /** The record of an exemption tag since removed: the tag key the engine removes (enforce mode). */
  readonly staleExemptionRecord?: string;
}

export function evaluateApplicability(user: ApplicabilityFacts, policy: Policy, now: Date): Scope {
  const outOfScope = scopeExclusion(user, policy);
  if (outOfScope !== undefined) {
    return { applicability: { kind: 'out-of-scope', why: outOfScope }, warnings: [] };
  }
  const group = policy.exemptGroup;
  if (group !== undefined && group !== '' && user.groups.some((g) => sameName(g, group))) {
    return { applicability: { kind: 'exempt', why: 'group' }, warnings: [] };
  }
  const maxDays = policy.maxExemptionDays ?? DEFAULT_MAX_EXEMPTION_DAYS;
  const byTag = tagExemption(user.userName, user.tags, policy.tagPrefix, now, maxDays);
  switch (byTag.kind) {
    case 'exempt':
      return {
        applicability: {
          kind: 'exempt',
          why: 'tag',
          until: byTag.until,
          ...(byTag.capped ? { capped: true } : {}),
        },
        warnings: byTag.capped ? [byTag.capped] : [],
        ...(byTag.record ? { exemptionRecord: byTag.record } : {}),
      };
    case 'not-exempt':
      return { applicability: { kind: 'in-scope' }, warnings: [byTag.warning] };
    case 'none':
      return {
        applicability: { kind: 'in-scope' },
        warnings: [],
        ...(byTag.dropRecord ? { staleExemptionRecord: byTag.dropRecord } : {}),
      };
  }
}

function scopeExclusion(
  user: ApplicabilityFacts,
  policy: Policy,
): 'path' | 'not-included' | 'excluded' | 'not-tagged' | undefined {
  if (!user.path.startsWith(policy.userPathPrefix)) return 'path';
  const listed = (names: readonly string[]) => names.some((n) => sameName(n, user.userName));
  if (policy.includeUsers.length > 0 && !listed(policy.includeUsers)) return 'not-included';
  if (listed(policy.excludeUsers)) return 'excluded';
  if (policy.scope === 'tagged') {
    const managed = findTag(user.tags, managedTagKey(policy.tagPrefix));
    if (managed === undefined || managed.value.toLowerCase() !== MANAGED_VALUE) return 'not-tagged';
  }
  return undefined;
}
