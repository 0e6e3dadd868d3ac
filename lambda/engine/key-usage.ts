/**
 * Who uses a key (docs/lifecycle.md, "Who uses a key"): after planning, before logging and acting, the
 * run looks up CloudTrail's management events of each key it warns about, rotates, holds or retires,
 * and summarises them with IAM's own last use (core/key-usage/summary.ts).
 *
 * Within CloudTrail's limits: LookupEvents allows 2 requests per second per account and region, so
 * requests go one at a time with a pause between them; a run makes at most `keyUsageLookups` of them
 * (at most MAX_PAGES_PER_KEY a key), and each key is looked up once per run; a throttled request is
 * tried once more after a pause. A refusal (no permission, throttling twice, any other failure) is a warning and the notices go out without the summary: lookups
 * never fail a run and never change a decision (they run after planning and feed only the wording).
 */
import {
  summariseKeyUsage,
  type KeyUsageSummary,
  type UsageEvent,
} from '../core/key-usage/summary';
import { KEY_USAGE_SETTINGS } from '../core/key-usage/settings';
import { settingValues } from '../core/model/rule-settings';
import type { AccessKeyFacts, KeyDecision, NotificationEvent } from '../core/model/types';
import { runWarningRecord, type RunWarning } from '../notify/run-words';
import type { RunContext } from './context';
import type { EvaluatedUser } from './evaluate';
import type { KeyUsageSource, UsagePage } from './ports';
import type { WarningRecord } from './summary';

/** CloudTrail's event history holds 90 days of management events. */
export const LOOKUP_DAYS = 90;
/** 3 pages of 50: the recent history of a busy key; older events only move first-seen back. */
export const MAX_PAGES_PER_KEY = 3;
/** Between two requests: a little over 1/2 s, so the run alone stays under 2 requests per second. */
export const LOOKUP_INTERVAL_MS = 550;
/** IAM's last-used data lags by hours: a key younger than this may have been used without it showing. */
const IAM_LAST_USED_LAG_MS = 86_400_000;
/** After a throttled request: the quota is per second, so a second's pause gives the retry a fresh one. */
export const THROTTLED_PAUSE_MS = 1_000;

/** The events whose notices say who uses the key (docs/lifecycle.md, "Who uses a key"). */
const FINGERPRINTED: ReadonlySet<NotificationEvent> = new Set<NotificationEvent>([
  'ROTATION_UPCOMING',
  'KEY_CREATED',
  'OLD_KEY_STILL_IN_USE',
  'KEY_DEACTIVATED',
]);

export interface KeyUsageLookups {
  readonly usage: ReadonlyMap<string, KeyUsageSummary>;
  readonly warnings: readonly WarningRecord[];
  /** LookupEvents requests made (the bound's measure). */
  readonly requests: number;
}

const NONE: KeyUsageLookups = { usage: new Map(), warnings: [], requests: 0 };

/** Whether a decision's notice carries the fingerprint (a created-then-interrupted key has no users). */
export function fingerprinted(d: KeyDecision): boolean {
  return (
    d.event !== undefined &&
    FINGERPRINTED.has(d.event) &&
    !d.reasons.includes('interrupted-rotation' as KeyDecision['reasons'][number])
  );
}

export async function lookUpKeyUsage(
  ctx: RunContext,
  users: readonly EvaluatedUser[],
): Promise<KeyUsageLookups> {
  const source = ctx.deps.keyUsage;
  const { keyUsageLookups: bound } = settingValues(ctx.config.policy, KEY_USAGE_SETTINGS);
  if (!source || bound === 0) return NONE;
  const wanted = new Map<string, AccessKeyFacts | undefined>();
  for (const u of users) {
    for (const d of u.plan.decisions) {
      if (!fingerprinted(d) || wanted.has(d.accessKeyId)) continue;
      wanted.set(
        d.accessKeyId,
        u.facts.keys.find((k) => k.accessKeyId === d.accessKeyId),
      );
    }
  }
  const pacer = new Pacer(source, bound, ctx.deps.pause ?? sleep);
  const since = new Date(ctx.now.getTime() - LOOKUP_DAYS * 86_400_000);
  const usage = new Map<string, KeyUsageSummary>();
  const failed: string[] = [];
  let stop: { readonly kind: 'denied' | 'throttled'; readonly reason: string } | undefined;
  for (const [accessKeyId, key] of wanted) {
    if (key && quietBeyondHistory(key, since, ctx.now)) {
      usage.set(accessKeyId, summariseKeyUsage([], true, iamLastUsed(key)));
      continue;
    }
    if (pacer.exhausted) break;
    const history = await readHistory(pacer, accessKeyId, since, ctx.now);
    if (history.kind === 'denied' || history.kind === 'throttled') {
      stop = { kind: history.kind, reason: history.reason };
      break;
    }
    if (history.kind === 'failed') failed.push(accessKeyId);
    if (history.kind === 'events') {
      usage.set(accessKeyId, summariseKeyUsage(history.events, history.complete, iamLastUsed(key)));
    }
  }
  const unlooked = wanted.size - usage.size - failed.length;
  const warnings: RunWarning[] = [];
  if (stop?.kind === 'denied')
    warnings.push({ code: 'key-usage-denied', reason: stop.reason, keys: unlooked });
  if (stop?.kind === 'throttled')
    warnings.push({ code: 'key-usage-throttled', reason: stop.reason, keys: unlooked });
  if (failed.length > 0) warnings.push({ code: 'key-usage-failed', accessKeyIds: failed });
  if (!stop && unlooked > 0)
    warnings.push({ code: 'key-usage-bound-reached', keys: unlooked, bound });
  return { usage, warnings: warnings.map(runWarningRecord), requests: pacer.requests };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One request at a time, LOOKUP_INTERVAL_MS apart, at most `bound` in the run. */
class Pacer {
  requests = 0;

  constructor(
    private readonly source: KeyUsageSource,
    private readonly bound: number,
    private readonly pause: (ms: number) => Promise<void>,
  ) {}

  get exhausted(): boolean {
    return this.requests >= this.bound;
  }

  /** A throttled request is tried once more after THROTTLED_PAUSE_MS (other callers share the quota). */
  async page(accessKeyId: string, since: Date, until: Date, token?: string): Promise<UsagePage> {
    if (this.requests > 0) await this.pause(LOOKUP_INTERVAL_MS);
    this.requests++;
    const answer = await this.source.lookupPage(accessKeyId, since, until, token);
    if (answer.kind !== 'throttled' || this.exhausted) return answer;
    await this.pause(THROTTLED_PAUSE_MS);
    this.requests++;
    return this.source.lookupPage(accessKeyId, since, until, token);
  }
}

type History =
  | { readonly kind: 'events'; readonly events: UsageEvent[]; readonly complete: boolean }
  | { readonly kind: 'denied' | 'throttled' | 'failed'; readonly reason: string };

/** Up to MAX_PAGES_PER_KEY pages, newest first; the bound may cut a key's history short (not complete). */
async function readHistory(
  pacer: Pacer,
  accessKeyId: string,
  since: Date,
  until: Date,
): Promise<History> {
  const events: UsageEvent[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES_PER_KEY && !pacer.exhausted; page++) {
    const answer = await pacer.page(accessKeyId, since, until, token);
    if (answer.kind !== 'page') return answer;
    events.push(...answer.events);
    token = answer.nextToken;
    if (!token) return { kind: 'events', events, complete: true };
  }
  return { kind: 'events', events, complete: false };
}

/**
 * IAM's own evidence that the history holds nothing for the key, so no request is spent on it: last
 * used before the history begins, or never used and older than IAM's last-used lag (hours).
 */
function quietBeyondHistory(key: AccessKeyFacts, since: Date, now: Date): boolean {
  if (key.lastUsedDate) return key.lastUsedDate.getTime() < since.getTime();
  return key.createDate.getTime() < now.getTime() - IAM_LAST_USED_LAG_MS;
}

function iamLastUsed(key: AccessKeyFacts | undefined) {
  return {
    ...(key?.lastUsedDate ? { date: key.lastUsedDate } : {}),
    ...(key?.lastUsedService ? { service: key.lastUsedService } : {}),
    ...(key?.lastUsedRegion ? { region: key.lastUsedRegion } : {}),
  };
}
