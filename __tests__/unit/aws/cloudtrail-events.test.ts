/**
 * The LookupEvents adapter (lambda/aws/cloudtrail-events.ts) against answers in the real API's shape:
 * a fixture modelled on the example response of the AWS CloudTrail API Reference, "LookupEvents"
 * (__tests__/fixtures/cloudtrail/lookup-events-example.json), fed through the SDK's own deserializer,
 * and the error answers CloudTrail documents for refusals and throttling.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { HttpResponse } from '@smithy/core/protocols';
import { cloudTrailKeyUsage, usageEvent } from '../../../lambda/aws/cloudtrail-events';

const EXAMPLE = fs.readFileSync(
  path.resolve(__dirname, '../../fixtures/cloudtrail/lookup-events-example.json'),
);
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const SINCE = new Date('2015-01-01T00:00:00Z');
const UNTIL = new Date('2015-03-01T00:00:00Z');

interface Sent {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A client whose every request gets `status` and `body`, deserialized by the SDK as from AWS. */
function answering(status: number, body: Buffer | string, sent: Sent[] = []): CloudTrailClient {
  return new CloudTrailClient({
    region: 'us-east-2',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body?: unknown }) => {
        sent.push({ headers: request.headers, body: String(request.body ?? '') });
        return {
          response: new HttpResponse({
            statusCode: status,
            headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r-1' },
            body: Buffer.from(body),
          }),
        };
      },
    } as never,
  });
}

describe('cloudTrailKeyUsage', () => {
  it('reads the documented example: each event from its CloudTrailEvent JSON, and the NextToken', async () => {
    // Act
    const page = await cloudTrailKeyUsage(answering(200, EXAMPLE)).lookupPage(KEY, SINCE, UNTIL);

    // Assess
    expect(page).toEqual({
      kind: 'page',
      events: [
        {
          time: new Date('2015-02-20T23:55:29Z'),
          eventName: 'CreateTrail',
          eventSource: 'cloudtrail.amazonaws.com',
          region: 'us-east-2',
          userAgent: 'aws-cli/1.7.4 Python/2.7.9 Darwin/13.4.0',
          sourceAddress: '192.0.2.17',
        },
        {
          time: new Date('2015-02-20T23:53:20Z'),
          eventName: 'GetCallerIdentity',
          eventSource: 'sts.amazonaws.com',
          region: 'us-east-2',
          userAgent:
            'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 exec-env/AWS_Lambda_python3.12 Botocore/1.34.51',
          sourceAddress: 'AWS Internal',
        },
      ],
      nextToken: expect.stringMatching(/^kbOt5/),
    });
  });

  it('asks for the key by AccessKeyId, 50 events a page, within the window, passing the NextToken on', async () => {
    // Prepare
    const sent: Sent[] = [];

    // Act
    await cloudTrailKeyUsage(answering(200, '{"Events":[]}', sent)).lookupPage(
      KEY,
      SINCE,
      UNTIL,
      'token-1',
    );

    // Assess
    expect(sent[0]!.headers['x-amz-target']).toBe('CloudTrail_20131101.LookupEvents');
    expect(JSON.parse(sent[0]!.body)).toEqual({
      LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: KEY }],
      StartTime: SINCE.getTime() / 1000,
      EndTime: UNTIL.getTime() / 1000,
      MaxResults: 50,
      NextToken: 'token-1',
    });
  });

  it.each([
    ['AccessDeniedException', 'denied'],
    ['ThrottlingException', 'throttled'],
    ['InvalidLookupAttributesException', 'failed'],
    ['InternalServerError', 'failed'],
  ] as const)('maps %s to %s, never throwing', async (type, kind) => {
    // Prepare
    const body = JSON.stringify({ __type: type, message: `${type} for the test` });

    // Act
    const page = await cloudTrailKeyUsage(answering(400, body)).lookupPage(KEY, SINCE, UNTIL);

    // Assess
    expect(page).toEqual({ kind, reason: expect.stringContaining(type) });
  });
});

describe('usageEvent', () => {
  it('falls back on the listing fields when CloudTrailEvent is not JSON', () => {
    expect(
      usageEvent({
        EventName: 'ListUsers',
        EventTime: new Date('2030-01-01T00:00:00Z'),
        EventSource: 'iam.amazonaws.com',
        CloudTrailEvent: 'not json',
      }),
    ).toEqual({
      time: new Date('2030-01-01T00:00:00Z'),
      eventName: 'ListUsers',
      eventSource: 'iam.amazonaws.com',
      region: '',
      userAgent: '',
      sourceAddress: '',
    });
  });

  it('leaves out an event without a readable time', () => {
    expect(usageEvent({ CloudTrailEvent: '{"eventTime":"yesterday"}' })).toBeUndefined();
  });
});
