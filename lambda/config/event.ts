import type { EngineConfig, RunRequest } from './types';
import { parseCloudTrailEvent } from './event-cloudtrail';
import { parseManualEvent } from './event-manual';
import { isObject, rejectField } from './event-shape';

const SCHEDULED: RunRequest = { source: 'schedule', forceReport: false };

/** The top-level fields EventBridge puts in an event it delivers (scheduled or CloudTrail). */
const EVENTBRIDGE_FIELDS = new Set([
  'version',
  'id',
  'detail-type',
  'source',
  'account',
  'time',
  'region',
  'resources',
  'detail',
  'replay-name',
]);

/**
 * Turns the Lambda event into what this invocation should do (README, "Invoking it yourself"). Pure. Anything it does not
 * recognise is refused before any AWS call: guessing at a malformed event could widen a run.
 *
 * @throws EventError naming the offending field, the value received and the accepted shapes.
 */
export function parseEvent(event: unknown): RunRequest {
  // EventBridge Scheduler's default payload is `{}`; a console test invoke may send nothing at all.
  if (event === undefined || event === null) return SCHEDULED;
  if (!isObject(event)) throw rejectField('event', event, 'must be a JSON object');
  if (Object.keys(event).length === 0) return SCHEDULED;
  if (!('source' in event) && !('detail-type' in event)) return parseManualEvent(event);

  const source = event['source'];
  const detailType = event['detail-type'];
  const foreign = Object.keys(event).find((k) => !EVENTBRIDGE_FIELDS.has(k));
  if (foreign !== undefined) {
    // A hand-written event dressed as a scheduled one must not run as one: with "mode": "report" or
    // "users" it would otherwise become a full enforce run on every user.
    throw rejectField(
      foreign,
      event[foreign],
      'is not a field of an EventBridge event (source and detail-type say this is one); to narrow a run or force report mode, send a manual event without source and detail-type',
    );
  }
  if (source === 'aws.events' && detailType === 'Scheduled Event') return SCHEDULED;
  if (source === 'aws.iam' && detailType === 'AWS API Call via CloudTrail') {
    return parseCloudTrailEvent(event);
  }
  return rejectEventBridge(source, detailType);
}

function rejectEventBridge(source: unknown, detailType: unknown): never {
  if (source !== 'aws.events' && source !== 'aws.iam') {
    throw rejectField(
      'source',
      source,
      'an EventBridge event must come from "aws.events" or "aws.iam"',
    );
  }
  const expected = source === 'aws.events' ? 'Scheduled Event' : 'AWS API Call via CloudTrail';
  throw rejectField('detail-type', detailType, `must be "${expected}" for source "${source}"`);
}

// ---- the run's mode, decided once ----

/** The configuration one invocation runs with: MODE, unless the event forces report mode. */
export function runConfig(config: EngineConfig, request: RunRequest): EngineConfig {
  return request.forceReport && config.mode !== 'report' ? { ...config, mode: 'report' } : config;
}
