import type { RunRequest } from './types';
import { parseCloudTrailEvent } from './event-cloudtrail';
import { parseManualEvent } from './event-manual';
import { isObject, rejectField } from './event-shape';

const SCHEDULED: RunRequest = { source: 'schedule', forceReport: false };

/**
 * Turns the Lambda event into what this invocation should do (SPEC §3). Pure. Anything it does not
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
