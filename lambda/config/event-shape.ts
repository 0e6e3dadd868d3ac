import { EventError, truncate } from './errors';

/** Shown with every rejected event so the caller sees what would have worked. */
export const ACCEPTED_EVENTS =
  'accepted events: a scheduled event (EventBridge rule or Scheduler; content ignored), ' +
  'a manual event {"mode"?: "report", "users"?: ["<IAM user name>", ...]}, ' +
  'or an IAM CloudTrail event delivered by EventBridge';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An EventError naming the field, the value received (cut to ~100 characters) and the accepted shapes. */
export function rejectField(field: string, value: unknown, problem: string): EventError {
  return new EventError(
    field,
    `invalid event: ${field} = ${describe(value)}: ${problem}; ${ACCEPTED_EVENTS}`,
  );
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return truncate(text, 100);
}
