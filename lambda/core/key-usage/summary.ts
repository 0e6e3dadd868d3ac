/**
 * Who uses a key (docs/lifecycle.md, "Who uses a key"): CloudTrail's management events for the key,
 * summarised with IAM's own last-used service and region. Pure: the engine looks the events up
 * (engine/key-usage.ts) and notify/usage-words.ts words the result.
 */
import { aggregateSourceAddress, isAwsService } from './source-address';
import { normaliseUserAgent, platformsOf, type Platform } from './user-agent';

/** One CloudTrail event of the key, as the adapter read it from `CloudTrailEvent`. */
export interface UsageEvent {
  readonly time: Date;
  readonly eventName: string;
  /** `sts.amazonaws.com` */
  readonly eventSource: string;
  readonly region: string;
  readonly userAgent: string;
  readonly sourceAddress: string;
}

/** IAM's GetAccessKeyLastUsed: there even when CloudTrail's event history has nothing. */
export interface IamLastUsed {
  readonly date?: Date;
  readonly service?: string;
  readonly region?: string;
}

/** The keyless way to give a caller credentials, by where the fingerprint says it runs. */
export type KeylessAlternative = 'oidc-federation' | 'instance-profile-or-task-role';

/** Plain data (stored with pending notices as JSON): dates are ISO strings. */
export interface KeyUsageSummary {
  /** Management events found in the last 90 days (of those read). */
  readonly events: number;
  /** False when the key had more events than the run read: first-seen is then "at least since". */
  readonly complete: boolean;
  /** Normalised user agents, most frequent first. */
  readonly userAgents: readonly string[];
  /** Aggregated source addresses (/24, /48, "AWS service"), most frequent first. */
  readonly sourceAddresses: readonly string[];
  /** Event sources without `.amazonaws.com`, most frequent first. */
  readonly services: readonly string[];
  readonly regions: readonly string[];
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  readonly iamLastUsed?: {
    readonly date?: string;
    readonly service?: string;
    readonly region?: string;
  };
  /** CI systems and AWS compute services the user agents name. */
  readonly platforms: readonly Platform[];
  readonly keyless: readonly KeylessAlternative[];
}

const CI: ReadonlySet<Platform> = new Set<Platform>([
  'github-actions',
  'gitlab-ci',
  'jenkins',
  'circleci',
  'buildkite',
  'bitbucket-pipelines',
  'azure-pipelines',
  'aws-codebuild',
]);

/** Values by how often they occur, most first; ties in name order so two runs agree. */
function ranked(values: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([v]) => v);
}

export function summariseKeyUsage(
  events: readonly UsageEvent[],
  complete: boolean,
  iam: IamLastUsed = {},
): KeyUsageSummary {
  const times = events.map((e) => e.time.getTime()).sort((a, b) => a - b);
  const addresses = events.map((e) => aggregateSourceAddress(e.sourceAddress));
  const platforms = [...new Set(events.flatMap((e) => platformsOf(e.userAgent)))].sort();
  const keyless: KeylessAlternative[] = [];
  if (platforms.some((p) => CI.has(p))) keyless.push('oidc-federation');
  if (platforms.some((p) => !CI.has(p)) || addresses.some(isAwsService)) {
    keyless.push('instance-profile-or-task-role');
  }
  const iamLastUsed = {
    ...(iam.date ? { date: iam.date.toISOString() } : {}),
    ...(iam.service ? { service: iam.service } : {}),
    ...(iam.region ? { region: iam.region } : {}),
  };
  return {
    events: events.length,
    complete,
    userAgents: ranked(events.map((e) => normaliseUserAgent(e.userAgent))),
    sourceAddresses: ranked(addresses),
    services: ranked(events.map((e) => e.eventSource.replace(/\.amazonaws\.com$/, ''))),
    regions: ranked(events.map((e) => e.region)),
    ...(times.length > 0
      ? {
          firstSeen: new Date(times[0]!).toISOString(),
          lastSeen: new Date(times[times.length - 1]!).toISOString(),
        }
      : {}),
    ...(Object.keys(iamLastUsed).length > 0 ? { iamLastUsed } : {}),
    platforms,
    keyless,
  };
}
