/**
 * The demo account: dozens of IAM users, each in a state that exercises one part of the lifecycle.
 * Ages are in days before the demo's day 0. `workload` says how the program holding the key behaves
 * while simulated time passes (see workloads.ts).
 */
import type { SeedUser } from '../emulator/seed';
import type { LifecycleDays } from '../../lambda/core/model/types';
import { exemptUntilTagKey, OVERRIDE_TAGS } from '../../lambda/core/model/tags';
import { retireOnEvidenceCast } from './cast-retire';

export const TAG = 'key-lifecycle:';
export const PATH = '/workloads/';
export const EXEMPT_GROUP = 'break-glass';

export type Workload =
  /** Nobody uses the key. */
  | { readonly kind: 'idle' }
  /** Uses its key daily and picks up a replacement from the secret `adoptAfterDays` after it appears. */
  | { readonly kind: 'daily'; readonly adoptAfterDays: number }
  /** Uses its key daily until `stopsOnDay`, then is decommissioned. */
  | { readonly kind: 'stops'; readonly stopsOnDay: number }
  /** Hard-coded key: never reads the secret; fixed by a person only after the old key stops working. */
  | { readonly kind: 'hard-coded' }
  /** Programs that call AWS with the key themselves, each from its own place (callers.ts). */
  | { readonly kind: 'callers'; readonly callers: readonly Caller[] };

/** A program that signs its own calls with the user's key, from its own place. */
export interface Caller {
  readonly name: string;
  /** Its User-Agent header, as its SDK or tool sends it. */
  readonly userAgent: string;
  /** Its simulated source address (sent as X-Forwarded-For). */
  readonly sourceAddress: string;
  /** Days after a replacement appears in the secret that it switches; never when undefined. */
  readonly adoptAfterDays?: number;
}

export interface CastMember extends SeedUser {
  /** One line: why this user is in the demo. */
  readonly role: string;
  readonly workload: Workload;
  /** A person re-activates the engine-deactivated key on this day (rule 5). */
  readonly reactivateOnDay?: number;
}

const daily = (adoptAfterDays = 1): Workload => ({ kind: 'daily', adoptAfterDays });
const idle: Workload = { kind: 'idle' };
const team = (name: string) => `${PATH}${name}/`;
const used = (ageDays: number, lastUsedDaysAgo = 0) => ({ ageDays, lastUsedDaysAgo });
/** The exemption tag a person sets (docs/lifecycle.md, "Scope, exemptions and overrides"). */
const exemptTag = (until: string) => ({ [exemptUntilTagKey(TAG)]: until });
/** Per-user override tags as a person writes them, by the setting they override. */
const overrideTags = (days: Partial<Record<keyof LifecycleDays, string>>) =>
  Object.fromEntries(
    OVERRIDE_TAGS.flatMap(([tag, setting]) =>
      days[setting] === undefined ? [] : [[`${TAG}${tag}`, days[setting]]],
    ),
  );

export function demoCast(exemptUntil: string, exemptExpired: string): CastMember[] {
  return [
    // Healthy keys: rotated on schedule, months from now.
    ...[3, 12, 25, 40].map((age, i) => ({
      name: `ci-runner-${i + 1}`,
      path: team('platform'),
      role: `fresh key (${age} days), used daily`,
      keys: [used(age)],
      workload: daily(i + 1),
    })),
    // Due soon: warned, then rotated; workloads adopt the new key at different speeds.
    ...[
      [83, 1],
      [85, 2],
      [86, 5],
      [88, 3],
      [89, 10],
    ].map(([age, adopt], i) => ({
      name: `etl-worker-${i + 1}`,
      path: team('data'),
      role: `key ${age} days old, workload adopts a replacement after ${adopt} day(s)`,
      keys: [used(age!)],
      workload: daily(adopt),
    })),
    {
      name: 'billing-export',
      path: team('finance'),
      role: 'key 130 days old: overdue, rotated at once',
      keys: [used(130)],
      workload: daily(2),
    },
    {
      name: 'legacy-ftp-sync',
      path: team('finance'),
      role: 'key 95 days old, hard-coded in a config file',
      keys: [used(95)],
      workload: { kind: 'hard-coded' },
    },
    // Unused keys: deactivated (not renewed), then deleted after the recovery window.
    {
      name: 'old-reporting',
      path: team('data'),
      role: 'key 200 days old, last used 60 days ago',
      keys: [used(200, 60)],
      workload: idle,
    },
    {
      name: 'contractor-jane',
      path: team('people'),
      role: 'key 70 days old, never used',
      keys: [{ ageDays: 70 }],
      workload: idle,
    },
    {
      name: 'intern-sandbox',
      path: team('people'),
      role: 'key 10 days old, never used: unused at day 35',
      keys: [{ ageDays: 10 }],
      workload: idle,
    },
    {
      name: 'migration-tool',
      path: team('platform'),
      role: 'used daily until day 20, then decommissioned',
      keys: [used(30)],
      workload: { kind: 'stops', stopsOnDay: 20 },
    },
    {
      name: 'metrics-pusher',
      path: team('platform'),
      role: 'key deactivated for being unused; a person re-activates it on day 8',
      keys: [used(100, 50)],
      workload: idle,
      reactivateOnDay: 8,
    },
    // Two keys.
    {
      name: 'deploy-bot',
      path: team('platform'),
      role:
        'two Active keys a person made (100 and 20 days): the engine sees the pair on day 0, ' +
        'warns that the older was used after the newer appeared, and retires it at the first run ' +
        'graceDays (7) or more later',
      keys: [used(100, 3), used(20)],
      workload: daily(1),
    },
    {
      name: 'backup-agent',
      path: team('platform'),
      role: 'an old Inactive key plus an Active key due soon: room is made',
      keys: [{ ageDays: 300, lastUsedDaysAgo: 200, status: 'Inactive' as const }, used(87)],
      workload: daily(1),
    },
    {
      name: 'search-indexer',
      path: team('data'),
      role:
        'two Active keys, both due, the older still in use: warned on first sight, rotation ' +
        'blocked by the two-key limit until the older is retired (graceDays later) and deleted',
      keys: [used(120, 1), used(95)],
      workload: daily(1),
    },
    // Exemptions.
    {
      name: 'breakglass-admin',
      path: team('security'),
      groups: [EXEMPT_GROUP],
      role: `member of ${EXEMPT_GROUP}: exempt`,
      keys: [used(400, 300)],
      workload: idle,
    },
    // Exemption by tag (security's vendors, daily use): honoured, expired, malformed.
    ...[
      {
        name: 'vendor-scanner',
        until: exemptUntil,
        key: used(150, 2),
        role: `exempt by tag until ${exemptUntil}`,
      },
      {
        name: 'vendor-legacy',
        until: exemptExpired,
        key: used(150, 2),
        role: `exemption expired ${exemptExpired}: managed again, with a warning`,
      },
      {
        name: 'vendor-typo',
        until: 'next-year',
        key: used(40),
        role: 'malformed exemption tag: not exempt, warning',
      },
    ].map(({ name, until, key, role }) => ({
      name,
      path: team('security'),
      tags: exemptTag(until),
      role,
      keys: [key],
      workload: daily(1),
    })),
    // Per-user overrides (tighten only), by the days a person writes in the tags.
    ...[
      {
        name: 'payments-api',
        team: 'finance',
        days: { rotationDays: '30' },
        age: 25,
        adoptAfterDays: 1,
        role: 'rotation-days=30 (tighter): rotated every 30 days',
      },
      {
        name: 'partner-gateway',
        team: 'finance',
        days: { rotationDays: '365' },
        age: 80,
        adoptAfterDays: 2,
        role: 'rotation-days=365 tries to loosen: ignored with a warning',
      },
      {
        name: 'audit-shipper',
        team: 'security',
        days: { unusedDays: 'soon' },
        age: 20,
        adoptAfterDays: 1,
        role: 'malformed unused-days override: ignored with a warning',
      },
      {
        name: 'ml-trainer',
        team: 'data',
        days: { graceDays: '2', recoveryDays: '3' },
        age: 89,
        adoptAfterDays: 5,
        role: 'grace-days=2, recovery-days=3 (tighter)',
      },
    ].map((u) => ({
      name: u.name,
      path: team(u.team),
      tags: overrideTags(u.days),
      role: u.role,
      keys: [used(u.age)],
      workload: daily(u.adoptAfterDays),
    })),
    // Out of scope by path: never touched, whatever their state.
    {
      name: 'root-automation',
      path: '/',
      role: 'path / is outside /workloads/: out of scope',
      keys: [used(500, 400)],
      workload: idle,
    },
    {
      name: 'system-monitor',
      path: '/system/',
      role: 'path /system/ is outside /workloads/: out of scope',
      keys: [{ ageDays: 365 }],
      workload: idle,
    },
    // Retire on evidence: workloads that sign their own calls; holds, escalation, adoption.
    ...retireOnEvidenceCast(),
    // A bigger quiet crowd, so the run summary shows what "nothing to do" costs.
    ...Array.from({ length: 12 }, (_, i) => ({
      name: `web-${String(i + 1).padStart(2, '0')}`,
      path: team('web'),
      role: 'healthy web service key',
      keys: [used(5 + i * 6)],
      workload: daily(1),
    })),
  ];
}
