/**
 * What makes two notices "the same notice" (docs/lifecycle.md, "Coordination table"): the event, the
 * key and the threshold it is about. Two runs that decide the same notice compute the same identity
 * from the facts they both read, never from their own clocks' fine detail:
 *
 *   ROTATION_UPCOMING        key + rotation due date
 *   KEY_CREATED              the new key
 *   KEY_DEACTIVATED          key + the reactivation it ends, if any (a key a person re-activated can
 *                            be deactivated, and announced, once more)
 *   KEY_DELETED              key
 *   KEY_REACTIVATED          key + the deactivation record it reverses
 *   OLD_KEY_STILL_IN_USE     key + UTC day; while held, key + hold end + escalation step
 *   ROTATION_BLOCKED         key + reason + the previous notice the key's state records (none: the
 *                            first); the identity stays taken 7 days, so even when that record
 *                            cannot be written a reminder comes at most once per 7 days
 *   CIRCUIT_BREAKER_TRIPPED  one per 24 hours (the budget window), see BREAKER_KEEP_MS
 *   RUN_SUMMARY, RUN_FAILED  none: one per run
 */
import { parseKeyStates } from '../core';
import { addDays, DAY_MS, isoSeconds } from '../core/model/time';
import type { KeyDecision, KeyState, UserFacts, UserPlan } from '../core/model/types';
import { noticeSubject, type Notice } from '../notify/notice';

/** How long a sent notice's identity stays taken. Later repeats are prevented by the state tags. */
export const NOTICE_KEEP_MS = 7 * DAY_MS;
/** CIRCUIT_BREAKER_TRIPPED is news once per rolling budget window. */
export const BREAKER_KEEP_MS = DAY_MS;

export interface NoticeIdentity {
  readonly identity: string;
  readonly keepMs: number;
}

/** A planned user: the facts the plan was made on, and the plan. */
export interface PlannedUser {
  readonly facts: UserFacts;
  readonly plan: UserPlan;
}

/** The lookup key of a planned notice: the same for the plan and for the notice built from it. */
export const plannedKey = (
  event: string,
  user: string | undefined,
  accessKeyId: string | undefined,
) => `${event} ${user ?? '-'} ${accessKeyId ?? '-'}`;

/** Identities of every notice the run's plans may send, computed from the facts read for them. */
export function plannedIdentities(
  users: readonly PlannedUser[],
  tagPrefix: string,
  now: Date,
): Map<string, string> {
  const identities = new Map<string, string>();
  for (const evaluated of users) {
    const { plan, facts } = evaluated;
    const { states } = parseKeyStates(facts.tags, tagPrefix, facts.userName);
    for (const d of plan.decisions) {
      if (!d.event) continue;
      const extra = thresholdOf(d, evaluated, states.get(d.accessKeyId) ?? {}, now);
      if (extra === undefined) continue;
      identities.set(
        plannedKey(d.event, d.userName, d.accessKeyId),
        join(d.event, d.userName, d.accessKeyId, extra),
      );
    }
    for (const b of plan.blocked.filter((x) => x.notify)) {
      // Anchored on the last notice, not on calendar weeks: a week boundary a day after the first
      // notice must not make a second one.
      const previous = states.get(b.accessKeyId)?.blockedNotifiedAt;
      const after = previous === undefined ? 'first' : `after=${isoSeconds(previous)}`;
      identities.set(
        plannedKey('ROTATION_BLOCKED', b.userName, b.accessKeyId),
        join('ROTATION_BLOCKED', b.userName, b.accessKeyId, `${b.reason}#${after}`),
      );
    }
  }
  return identities;
}

/** A notice's identity, or undefined for per-run notices. */
export function identityOf(
  notice: Notice,
  planned: ReadonlyMap<string, string>,
  now: Date,
): NoticeIdentity | undefined {
  switch (notice.event) {
    case 'RUN_SUMMARY':
    case 'RUN_FAILED':
      return undefined;
    case 'CIRCUIT_BREAKER_TRIPPED':
      return { identity: 'CIRCUIT_BREAKER_TRIPPED', keepMs: BREAKER_KEEP_MS };
    case 'KEY_CREATED':
      if (notice.newAccessKeyId === undefined) break;
      return {
        identity: join('KEY_CREATED', notice.user, notice.newAccessKeyId, ''),
        keepMs: NOTICE_KEEP_MS,
      };
    default:
      break;
  }
  const { user, accessKeyId } = noticeSubject(notice);
  const known = planned.get(plannedKey(notice.event, user, accessKeyId));
  // Not planned this run (a notice the executor made up on its own): once per key and UTC day.
  const identity = known ?? join(notice.event, user, accessKeyId, utcDay(now));
  return { identity, keepMs: NOTICE_KEEP_MS };
}

function thresholdOf(
  d: KeyDecision,
  evaluated: PlannedUser,
  state: KeyState,
  now: Date,
): string | undefined {
  switch (d.event) {
    case 'ROTATION_UPCOMING': {
      const key = evaluated.facts.keys.find((k) => k.accessKeyId === d.accessKeyId);
      return key ? `due=${isoSeconds(dueDate(key.createDate, evaluated.plan))}` : undefined;
    }
    case 'KEY_DEACTIVATED':
      return state.reactivatedAt ? `after-reactivation=${isoSeconds(state.reactivatedAt)}` : '';
    case 'KEY_DELETED':
      return '';
    case 'KEY_REACTIVATED': {
      const record = state.deactivatedAt ?? state.inactiveSince;
      return record ? `reverses=${isoSeconds(record)}` : `seen=${utcDay(now)}`;
    }
    case 'OLD_KEY_STILL_IN_USE':
      // A held key is told once per escalation step, and two steps may fall on one UTC day.
      return d.facts.holdStep === undefined
        ? `day=${utcDay(now)}`
        : `hold-ends=${d.facts.holdEndsAt ?? '-'}#step=${d.facts.holdStep}`;
    default:
      return undefined;
  }
}

function dueDate(createDate: Date, plan: UserPlan): Date {
  return addDays(createDate, plan.effectiveDays.rotationDays);
}

const utcDay = (now: Date) => now.toISOString().slice(0, 10);

function join(event: string, user: string | undefined, key: string | undefined, extra: string) {
  return [event, user ?? '-', key ?? '-', ...(extra === '' ? [] : [extra])].join('#');
}
