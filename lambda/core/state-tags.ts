/**
 * The engine's memory: one IAM user tag per access key, key `<prefix>key:<AccessKeyId>`, value
 * space-separated `field=value` pairs: timestamps with second precision, plus the reason of the last
 * blocked-rotation notice, e.g. `inactive-since=2026-01-02T03:04:05Z deactivated=2026-01-02T03:04:05Z`.
 * Every character used is allowed in IAM tag values. Retention (state-retention.ts) never keeps the
 * Inactive-key and Active-key fields together, which keeps a written value well inside 256 characters.
 */
import { tagsUnder } from './tags';
import { isoSeconds, parseIsoSeconds } from './time';
import type { KeyState, KeyStatus, PolicyWarning, RotationBlockReason } from './types';

type DateField = Exclude<keyof KeyState, 'blockedReason'>;

const DATE_FIELDS: readonly (readonly [string, DateField])[] = [
  ['inactive-since', 'inactiveSince'],
  ['deactivated', 'deactivatedAt'],
  ['reactivated', 'reactivatedAt'],
  ['warned-due', 'warnedDue'],
  ['created', 'createdAt'],
  ['in-use-notified', 'inUseNotifiedAt'],
  ['blocked-notified', 'blockedNotifiedAt'],
  ['second-key-seen', 'secondKeySeenAt'],
];

/** `blocked-reason` holds the block reason without the `two-key-limit-` every such reason starts with. */
const REASON_FIELD = 'blocked-reason';
const REASON_PREFIX = 'two-key-limit-';
const BLOCK_REASONS: readonly RotationBlockReason[] = [
  'two-key-limit-second-active-key',
  'two-key-limit-key-in-recovery',
  'secret-not-trusted',
  'no-tag-room',
];
/** The stored form: two-key-limit reasons without their common prefix, the others as they are. */
const shortReason = (r: RotationBlockReason) =>
  r.startsWith(REASON_PREFIX) ? r.slice(REASON_PREFIX.length) : r;

/**
 * Set by the edge (engine/state-trust.ts), never rendered: the value's MAC did not verify. The field
 * makes the stored value differ from anything the engine renders, so the tag is rewritten (signed)
 * or removed by the usual retention step instead of lingering.
 */
const UNVERIFIED_FIELD = 'unverified';
export const UNVERIFIED_PAIR = `${UNVERIFIED_FIELD}=1`;

export function stateTagKey(tagPrefix: string, accessKeyId: string): string {
  return `${tagPrefix}key:${accessKeyId}`;
}

export function renderKeyState(state: KeyState): string {
  const pairs = DATE_FIELDS.filter(([, prop]) => state[prop] !== undefined).map(
    ([field, prop]) => `${field}=${isoSeconds(state[prop] as Date)}`,
  );
  if (state.blockedReason !== undefined) {
    pairs.push(`${REASON_FIELD}=${shortReason(state.blockedReason)}`);
  }
  return pairs.join(' ');
}

/** The tag the executor writes for a key it has just created (only it knows the new id). */
export function createdKeyTag(
  tagPrefix: string,
  newAccessKeyId: string,
  now: Date,
): [key: string, value: string] {
  return [stateTagKey(tagPrefix, newAccessKeyId), renderKeyState({ createdAt: now })];
}

/** One state tag as found on the user: its exact tag key, raw value and what could be read from it. */
export interface StoredKeyState {
  readonly tagKey: string;
  readonly rawValue: string;
  readonly state: KeyState;
}

export function readKeyStates(
  tags: Readonly<Record<string, string>>,
  tagPrefix: string,
  userName: string,
): { readonly stored: Map<string, StoredKeyState>; readonly warnings: PolicyWarning[] } {
  const stored = new Map<string, StoredKeyState>();
  const warnings: PolicyWarning[] = [];
  for (const tag of tagsUnder(tags, `${tagPrefix}key:`)) {
    const { state, unreadable } = parseValue(tag.value);
    if (unreadable.length > 0) warnings.push(malformed(userName, tag.key, tag.value, unreadable));
    stored.set(tag.suffix, { tagKey: tag.key, rawValue: tag.value, state });
  }
  return { stored, warnings };
}

/** AccessKeyId → state, for callers that only need the state. */
export function parseKeyStates(
  tags: Readonly<Record<string, string>>,
  tagPrefix: string,
  userName = '',
): { readonly states: Map<string, KeyState>; readonly warnings: PolicyWarning[] } {
  const { stored, warnings } = readKeyStates(tags, tagPrefix, userName);
  const states = new Map<string, KeyState>();
  for (const [id, s] of stored) states.set(id, s.state);
  return { states, warnings };
}

/**
 * What the core may still read from a state tag whose MAC did not verify: only what makes actions
 * later. An unverified tag is treated as absent, except for the two facts whose absence would make an
 * action earlier: on an Active key, `inactive-since` (the engine's sign that a person re-activated the
 * key: reactivation grace) and a `reactivated` not in the future (reactivation grace still running).
 * Without them an unused key a person had just switched back on would be deactivated again at once.
 * On an Inactive key nothing is kept: its recovery window restarts from now.
 */
export function untrustedPayload(payload: string, status: KeyStatus, now: Date): string {
  const { state } = parseValue(payload);
  const kept: KeyState =
    status !== 'Active'
      ? {}
      : {
          inactiveSince: state.inactiveSince,
          reactivatedAt:
            state.reactivatedAt !== undefined && state.reactivatedAt.getTime() <= now.getTime()
              ? state.reactivatedAt
              : undefined,
        };
  return [renderKeyState(kept), UNVERIFIED_PAIR].filter((p) => p !== '').join(' ');
}

function parseValue(value: string): { state: KeyState; unreadable: string[] } {
  const state: Record<string, Date | RotationBlockReason> = {};
  const unreadable: string[] = [];
  for (const pair of value.split(' ').filter((p) => p !== '' && p !== UNVERIFIED_PAIR)) {
    const eq = pair.indexOf('=');
    const [prop, parsed] = eq > 0 ? parseField(pair.slice(0, eq), pair.slice(eq + 1)) : [];
    if (prop === undefined || parsed === undefined || state[prop] !== undefined)
      unreadable.push(pair);
    else state[prop] = parsed;
  }
  return { state: state as KeyState, unreadable };
}

function parseField(
  field: string,
  text: string,
): [keyof KeyState, Date | RotationBlockReason | undefined] | [] {
  if (field === REASON_FIELD) {
    return ['blockedReason', BLOCK_REASONS.find((r) => shortReason(r) === text)];
  }
  const prop = DATE_FIELDS.find(([name]) => name === field)?.[1];
  return prop === undefined ? [] : [prop, parseIsoSeconds(text)];
}

function malformed(
  userName: string,
  tag: string,
  value: string,
  unreadable: readonly string[],
): PolicyWarning {
  const parts = unreadable.map((p) => `"${p}"`).join(', ');
  return {
    userName,
    code: 'state-tag-malformed',
    tag,
    value,
    message:
      `User ${userName}: state tag ${tag} has unreadable part(s) ${parts} in value "${value}"; ` +
      `they are ignored. Expected space-separated field=YYYY-MM-DDTHH:MM:SSZ pairs with fields ` +
      `${DATE_FIELDS.map(([f]) => f).join(', ')}, and ${REASON_FIELD}=` +
      `${BLOCK_REASONS.map(shortReason).join('|')}. The engine rewrites ` +
      `the tag; do not edit it by hand.`,
  };
}
