import type { RunRequest } from './types';
import { USER_NAME } from './formats';
import { rejectField, type JsonObject } from './event-shape';

export const MAX_MANUAL_USERS = 100;

/**
 * `{"mode"?: "report", "users"?: [...]}`: a person may narrow a run or force report mode, never widen scope
 * or force enforce (README, "Invoking it yourself"). Unknown keys are refused so a typo such as `"user"` cannot silently turn a
 * narrow request into a full run.
 */
export function parseManualEvent(event: JsonObject): RunRequest {
  const unknown = Object.keys(event).find((k) => k !== 'mode' && k !== 'users');
  if (unknown !== undefined) {
    throw rejectField(
      unknown,
      event[unknown],
      'unknown key; a manual event may hold only "mode" and "users"',
    );
  }
  const mode = event['mode'];
  if (mode !== undefined && mode !== 'report') {
    const why =
      mode === 'enforce'
        ? 'a manual event may only force "report"; whether the engine enforces is set by the MODE variable'
        : 'must be "report" (or left out)';
    throw rejectField('mode', mode, why);
  }
  const forceReport = mode === 'report';
  if (!('users' in event)) return { source: 'manual', forceReport };
  return { source: 'manual', forceReport, users: parseUsers(event['users']) };
}

function parseUsers(users: unknown): readonly string[] {
  if (!Array.isArray(users) || users.length === 0 || users.length > MAX_MANUAL_USERS) {
    throw rejectField(
      'users',
      users,
      `must be a non-empty array of at most ${MAX_MANUAL_USERS} IAM user names (leave "users" out to evaluate everyone in scope)`,
    );
  }
  const bad = users.findIndex((u) => typeof u !== 'string' || !USER_NAME.test(u));
  if (bad !== -1) throw rejectField(`users[${bad}]`, users[bad], `must be ${USER_NAME.allowed}`);
  // IAM user names are unique case-insensitively: `alice` and `ALICE` are one user, evaluated once
  // (as first spelled), never twice at once.
  const seen = new Set<string>();
  return (users as string[]).filter((u) => {
    const key = u.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
