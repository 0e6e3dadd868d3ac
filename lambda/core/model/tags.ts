/**
 * Every tag the engine reads or writes, and the codec of each value: the one place that knows a tag
 * name (docs/lifecycle.md, "Scope, exemptions and overrides" and "State kept in IAM user tags"). The
 * core, the engine and the construct's IAM policy all build tag keys here.
 *
 * IAM treats tag keys as case-insensitive for uniqueness, so a tag a human wrote as
 * `Key-Lifecycle:Managed` is the same tag as `key-lifecycle:managed`: reads match case-insensitively.
 */
import { DAY_MS, isoSeconds, parseIsoSeconds } from './time';
import type {
  KeyState,
  KeyStatus,
  LifecycleDays,
  PolicyWarning,
  RotationBlockReason,
} from './types';

// ---- Tag names ------------------------------------------------------------------------------------

/** `<prefix>managed` = `true`: in scope under SCOPE=tagged. */
export const managedTagKey = (tagPrefix: string) => `${tagPrefix}managed`;
/** The one value of the managed tag that counts (case-insensitively). */
export const MANAGED_VALUE = 'true';
/** `<prefix>exempt-until` = `YYYY-MM-DD` or an ISO-8601 timestamp with a zone. */
export const exemptUntilTagKey = (tagPrefix: string) => `${tagPrefix}exempt-until`;
/**
 * `<prefix>exempt-seen` = `until=<exempt-until value> seen=<ISO second>`: when the engine first saw an
 * exemption value further ahead than maxExemptionDays; the cap runs from then (core/exemption.ts). A
 * state tag: signed like the key states.
 */
export const exemptSeenTagKey = (tagPrefix: string) => `${tagPrefix}exempt-seen`;
/** Per-user override tags: `<prefix><name>` = whole days. */
export const OVERRIDE_TAGS: readonly (readonly [tagName: string, setting: keyof LifecycleDays])[] =
  [
    ['rotation-days', 'rotationDays'],
    ['warn-days', 'warnDays'],
    ['grace-days', 'graceDays'],
    ['unused-days', 'unusedDays'],
    ['recovery-days', 'recoveryDays'],
  ];
/** Every key-state tag's key starts with this: `<prefix>key:<AccessKeyId>`. */
export const keyStateTagPrefix = (tagPrefix: string) => `${tagPrefix}key:`;
export const stateTagKey = (tagPrefix: string, accessKeyId: string) =>
  `${keyStateTagPrefix(tagPrefix)}${accessKeyId}`;
/** The prefix every marker's tag key starts with (the legacy marker's whole key). */
export const pendingCreateTagKey = (tagPrefix: string) => `${tagPrefix}pending-create`;

// ---- Reading tags ---------------------------------------------------------------------------------

export interface FoundTag {
  readonly key: string;
  readonly value: string;
}

export function findTag(tags: Readonly<Record<string, string>>, key: string): FoundTag | undefined {
  if (Object.prototype.hasOwnProperty.call(tags, key)) return { key, value: tags[key] };
  const wanted = key.toLowerCase();
  const match = Object.keys(tags).find((k) => k.toLowerCase() === wanted);
  return match === undefined ? undefined : { key: match, value: tags[match] };
}

/** Tags whose key starts with `prefix` (case-insensitively), with the rest of the key. */
export function tagsUnder(
  tags: Readonly<Record<string, string>>,
  prefix: string,
): readonly (FoundTag & { readonly suffix: string })[] {
  const lower = prefix.toLowerCase();
  return Object.keys(tags)
    .filter((k) => k.toLowerCase().startsWith(lower))
    .sort()
    .map((k) => ({ key: k, value: tags[k], suffix: k.slice(prefix.length) }));
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The AccessKeyId a key-state tag is about, or undefined for any other tag. */
export function keyIdOfStateTag(tagPrefix: string, tagKey: string): string | undefined {
  const prefix = keyStateTagPrefix(tagPrefix);
  return tagKey.toLowerCase().startsWith(prefix.toLowerCase())
    ? tagKey.slice(prefix.length)
    : undefined;
}

/** True for a marker's tag key: the legacy one or one attempt's. */
export function isMarkerKey(tagPrefix: string, tagKey: string): boolean {
  const base = pendingCreateTagKey(tagPrefix).toLowerCase();
  const key = tagKey.toLowerCase();
  return key === base || key.startsWith(`${base}:`);
}

/** A state tag: a key's state, a pending-create marker or the exemption record (the tags the engine signs). */
export function isStateTagKey(tagPrefix: string, tagKey: string): boolean {
  return (
    keyIdOfStateTag(tagPrefix, tagKey) !== undefined ||
    isMarkerKey(tagPrefix, tagKey) ||
    sameName(tagKey, exemptSeenTagKey(tagPrefix))
  );
}

// ---- Override and exemption values ----------------------------------------------------------------

/** The largest override a tag may hold. */
export const OVERRIDE_MAX_DAYS = 3650;

/** Digits only (`007` = 7), 1..OVERRIDE_MAX_DAYS; anything else (spaces included) is malformed. */
export function parseOverrideDays(text: string): number | undefined {
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= OVERRIDE_MAX_DAYS ? n : undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The first instant a user is no longer exempt: a date is exempt through the end of that UTC day; a
 * timestamp must carry its zone (without one its meaning would depend on the machine's zone).
 */
export function parseExemptUntil(text: string): Date | undefined {
  const day = DATE.exec(text);
  if (day) {
    const start = validDate(day, `${text}T00:00:00Z`);
    return start && new Date(start.getTime() + DAY_MS);
  }
  const stamp = TIMESTAMP.exec(text);
  return stamp ? validDate(stamp, text) : undefined;
}

/** The exemption record's value: which exempt-until value was first seen when. */
export function renderExemptSeen(until: string, seen: Date): string {
  return `until=${until} seen=${isoSeconds(seen)}`;
}

/** The record read back; undefined when unreadable (or unverified: the edge leaves no fields). */
export function parseExemptSeen(
  value: string,
): { readonly until: string; readonly seen: Date } | undefined {
  const m = /^until=(\S+) seen=(\S+)$/.exec(value);
  const seen = parseIsoSeconds(m?.[2]);
  return m && seen ? { until: m[1]!, seen } : undefined;
}

/** Rejects dates JavaScript would silently roll over (2026-02-30 → March 2). */
function validDate(parts: RegExpExecArray, text: string): Date | undefined {
  const [, y, m, d] = parts.map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return undefined;
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

// ---- Key state values: `field=value` pairs ---------------------------------------------------------

type DateField = Exclude<keyof KeyState, 'blockedReason'>;

/** The timestamp fields of a key-state value, in the order they are written. */
export const KEY_STATE_DATE_FIELDS: readonly (readonly [string, DateField])[] = [
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
export const BLOCKED_REASON_FIELD = 'blocked-reason';
const REASON_PREFIX = 'two-key-limit-';
const BLOCK_REASONS: readonly RotationBlockReason[] = [
  'two-key-limit-second-active-key',
  'two-key-limit-key-in-recovery',
  'secret-not-trusted',
  'no-tag-room',
];
/** The stored form: two-key-limit reasons without their common prefix, the others as they are. */
export const shortBlockReason = (r: RotationBlockReason) =>
  r.startsWith(REASON_PREFIX) ? r.slice(REASON_PREFIX.length) : r;
export const STORED_BLOCK_REASONS = BLOCK_REASONS.map(shortBlockReason);

/**
 * Set by the edge (engine/state-trust.ts), never rendered: the value's MAC did not verify. The field
 * makes the stored value differ from anything the engine renders, so the tag is rewritten (signed)
 * or removed by the usual retention step instead of lingering.
 */
export const UNVERIFIED_PAIR = 'unverified=1';

export function renderKeyState(state: KeyState): string {
  const pairs = KEY_STATE_DATE_FIELDS.filter(([, prop]) => state[prop] !== undefined).map(
    ([field, prop]) => `${field}=${isoSeconds(state[prop] as Date)}`,
  );
  if (state.blockedReason !== undefined) {
    pairs.push(`${BLOCKED_REASON_FIELD}=${shortBlockReason(state.blockedReason)}`);
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
  for (const tag of tagsUnder(tags, keyStateTagPrefix(tagPrefix))) {
    const { state, unreadable } = parseKeyState(tag.value);
    if (unreadable.length > 0) {
      warnings.push({
        userName,
        code: 'state-tag-malformed',
        tag: tag.key,
        value: tag.value,
        unreadable,
      });
    }
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
  const { state } = parseKeyState(payload);
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

function parseKeyState(value: string): { state: KeyState; unreadable: string[] } {
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
  if (field === BLOCKED_REASON_FIELD) {
    return ['blockedReason', BLOCK_REASONS.find((r) => shortBlockReason(r) === text)];
  }
  const prop = KEY_STATE_DATE_FIELDS.find(([name]) => name === field)?.[1];
  return prop === undefined ? [] : [prop, parseIsoSeconds(text)];
}

// ---- Pending-create markers: `replacing=<AccessKeyId> at=<ISO second>` ------------------------------

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const ATTEMPT = /^[a-z0-9]{1,32}$/;

export interface PendingCreateMarker {
  /** The tag key as found on the user (IAM tag keys match case-insensitively). */
  readonly tagKey: string;
  readonly rawValue: string;
  /** The run's clock when it wrote the marker; undefined when unreadable. */
  readonly at?: Date;
  /** The key the interrupted rotation was replacing; undefined when unreadable. */
  readonly replacing?: string;
}

/** The marker the executor writes before CreateAccessKey (all characters allowed in IAM tag values). */
export function pendingCreateTag(
  tagPrefix: string,
  replacing: string,
  now: Date,
  attempt?: string,
): [key: string, value: string] {
  if (attempt !== undefined && !ATTEMPT.test(attempt)) {
    throw new Error(`pending-create attempt id must match ${ATTEMPT.source}, got "${attempt}"`);
  }
  const key = pendingCreateTagKey(tagPrefix) + (attempt === undefined ? '' : `:${attempt}`);
  return [key, `replacing=${replacing} at=${isoSeconds(now)}`];
}

/** Every marker on the user: the legacy one and one per unfinished attempt. */
export function readPendingCreates(
  tags: Readonly<Record<string, string>>,
  tagPrefix: string,
): PendingCreateMarker[] {
  return tagsUnder(tags, pendingCreateTagKey(tagPrefix))
    .filter((t) => t.suffix === '' || t.suffix.startsWith(':'))
    .map((t) => parseMarker(t.key, t.value));
}

function parseMarker(tagKey: string, value: string): PendingCreateMarker {
  const fields = new Map(
    value
      .split(' ')
      .filter((p) => p.includes('='))
      .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const),
  );
  const replacing = fields.get('replacing');
  return {
    tagKey,
    rawValue: value,
    at: parseIsoSeconds(fields.get('at')),
    replacing: replacing !== undefined && ACCESS_KEY_ID.test(replacing) ? replacing : undefined,
  };
}
