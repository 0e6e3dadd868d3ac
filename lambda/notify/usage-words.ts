/**
 * Who uses a key, in words (docs/lifecycle.md, "Who uses a key"): the lines a notice, the plan and the
 * demo page show for a KeyUsageSummary, and the keyless alternative where the fingerprint shows a CI
 * system or an AWS compute service (docs/keyless-alternatives.md).
 */
import type { KeylessAlternative, KeyUsageSummary } from '../core/key-usage/summary';

/** Repo-relative: the page ships with the module's docs. */
export const KEYLESS_DOC = 'docs/keyless-alternatives.md';

const KEYLESS: Readonly<
  Record<KeylessAlternative, { readonly what: string; readonly anchor: string }>
> = {
  'oidc-federation': {
    what: 'a CI system: give its jobs a role through OIDC federation instead of a stored key',
    anchor: 'ci-systems-oidc-federation',
  },
  'instance-profile-or-task-role': {
    what: 'an AWS compute service: give it an instance profile, ECS task role or Lambda execution role instead of a stored key',
    anchor: 'aws-compute-instance-profile-or-task-role',
  },
};

const day = (iso: string) => iso.slice(0, 10);

/** "aws-cli/2, Boto3/1 from 203.0.113.0/24 ..." — one line, for the plan text and the demo page. */
export function usageLine(u: KeyUsageSummary): string {
  if (u.events === 0) {
    return (
      'no management events in CloudTrail in the last 90 days (S3 object reads and writes are data ' +
      `events, which LookupEvents does not return)${iamLine(u) ? `; ${iamLine(u)}` : ''}`
    );
  }
  const since = u.complete ? 'first seen' : 'seen since at least';
  return (
    `${u.userAgents.join(', ')} from ${u.sourceAddresses.join(', ')}; ` +
    `services ${u.services.join(', ')}; regions ${u.regions.join(', ')}; ` +
    `${since} ${day(u.firstSeen ?? '')}, last seen ${day(u.lastSeen ?? '')} ` +
    `(${u.events}${u.complete ? '' : '+'} event(s))` +
    (iamLine(u) ? `; ${iamLine(u)}` : '')
  );
}

function iamLine(u: KeyUsageSummary): string | undefined {
  const iam = u.iamLastUsed;
  if (!iam?.date) return undefined;
  const where = [iam.service, iam.region].filter(Boolean).join(' in ');
  return `IAM last used ${day(iam.date)}${where ? ` (${where})` : ''}`;
}

/** The notice's lines: who uses the key, then each keyless alternative it points to. */
export function usageNoticeLines(u: KeyUsageSummary): string[] {
  return [
    `Who uses it (CloudTrail, last 90 days): ${usageLine(u)}.`,
    ...u.keyless.map(
      (k) =>
        `Keyless alternative: used from ${KEYLESS[k].what} (${KEYLESS_DOC}#${KEYLESS[k].anchor}).`,
    ),
  ];
}
