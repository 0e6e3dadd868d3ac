/**
 * Who uses a key, from CloudTrail's event history: LookupEvents by AccessKeyId (AWS CloudTrail API
 * Reference, "LookupEvents"). Each event's details are in `CloudTrailEvent`, a JSON string; the user
 * agent and source address are read from it. A refusal is a typed outcome, never an error the run fails on.
 */
import { type CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { UsageEvent } from '../core/key-usage/summary';
import type { KeyUsageSource, UsagePage } from '../engine/ports';
import { describeError } from '../engine/errors';
import { errorName } from './aws-errors';

/** The API's largest page. */
export const LOOKUP_PAGE_SIZE = 50;

const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException']);

export function cloudTrailKeyUsage(cloudtrail: CloudTrailClient): KeyUsageSource {
  return {
    async lookupPage(accessKeyId, since, until, nextToken): Promise<UsagePage> {
      try {
        const out = await cloudtrail.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: accessKeyId }],
            StartTime: since,
            EndTime: until,
            MaxResults: LOOKUP_PAGE_SIZE,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        return {
          kind: 'page',
          events: (out.Events ?? []).flatMap((e) => usageEvent(e) ?? []),
          ...(out.NextToken ? { nextToken: out.NextToken } : {}),
        };
      } catch (err) {
        const name = errorName(err);
        const reason = describeError(err);
        if (DENIED.has(name)) return { kind: 'denied', reason };
        if (THROTTLED.has(name)) return { kind: 'throttled', reason };
        return { kind: 'failed', reason };
      }
    },
  };
}

interface LookedUpEvent {
  readonly EventName?: string;
  readonly EventTime?: Date;
  readonly EventSource?: string;
  readonly CloudTrailEvent?: string;
}

/** Reads one event; the record's own fields win, the listing's fill in. Unreadable: left out. */
export function usageEvent(e: LookedUpEvent): UsageEvent | undefined {
  let record: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(e.CloudTrailEvent ?? '{}');
    if (parsed && typeof parsed === 'object') record = parsed as Record<string, unknown>;
  } catch {
    // A record that is not JSON still has the listing's name, time and source.
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const recordTime = text(record.eventTime);
  const time = recordTime ? new Date(recordTime) : e.EventTime;
  if (!time || Number.isNaN(time.getTime())) return undefined;
  return {
    time,
    eventName: text(record.eventName) ?? e.EventName ?? '',
    eventSource: text(record.eventSource) ?? e.EventSource ?? '',
    region: text(record.awsRegion) ?? '',
    userAgent: text(record.userAgent) ?? '',
    sourceAddress: text(record.sourceIPAddress) ?? '',
  };
}
