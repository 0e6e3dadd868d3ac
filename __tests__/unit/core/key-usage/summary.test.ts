import { summariseKeyUsage, type UsageEvent } from '../../../../lambda/core/key-usage/summary';

const event = (
  over: Partial<Omit<UsageEvent, 'time'>> & { readonly time: string },
): UsageEvent => ({
  eventName: 'GetCallerIdentity',
  eventSource: 'sts.amazonaws.com',
  region: 'us-east-1',
  userAgent: 'aws-cli/2.15.30 Python/3.11.8',
  sourceAddress: '203.0.113.17',
  ...over,
  time: new Date(over.time),
});

describe('summariseKeyUsage', () => {
  it('aggregates agents, places, services and regions, most frequent first, with first and last seen', () => {
    // Prepare
    const events = [
      event({ time: '2030-03-05T10:00:00Z' }),
      event({ time: '2030-03-01T08:00:00Z', sourceAddress: '203.0.113.99' }),
      event({
        time: '2030-03-03T12:00:00Z',
        userAgent: 'Boto3/1.34.51 md/GitHubActions Botocore/1.34.51',
        sourceAddress: '198.51.100.40',
        eventSource: 'iam.amazonaws.com',
        eventName: 'ListUsers',
        region: 'eu-west-1',
      }),
    ];

    // Act
    const summary = summariseKeyUsage(events, true, {
      date: new Date('2030-03-05T10:00:00Z'),
      service: 's3',
      region: 'us-east-1',
    });

    // Assess
    expect(summary).toEqual({
      events: 3,
      complete: true,
      userAgents: ['aws-cli/2', 'Boto3/1'],
      sourceAddresses: ['203.0.113.0/24', '198.51.100.0/24'],
      services: ['sts', 'iam'],
      regions: ['us-east-1', 'eu-west-1'],
      firstSeen: '2030-03-01T08:00:00.000Z',
      lastSeen: '2030-03-05T10:00:00.000Z',
      iamLastUsed: { date: '2030-03-05T10:00:00.000Z', service: 's3', region: 'us-east-1' },
      platforms: ['github-actions'],
      keyless: ['oidc-federation'],
    });
  });

  it('points an AWS service caller to an instance profile or task role', () => {
    const summary = summariseKeyUsage(
      [event({ time: '2030-03-01T00:00:00Z', sourceAddress: 'AWS Internal' })],
      true,
    );
    expect(summary.keyless).toEqual(['instance-profile-or-task-role']);
  });

  it('keeps IAM last use when CloudTrail has no event (S3 object calls are data events)', () => {
    const summary = summariseKeyUsage([], true, {
      date: new Date('2030-03-05T10:00:00Z'),
      service: 's3',
    });
    expect(summary).toMatchObject({
      events: 0,
      userAgents: [],
      iamLastUsed: { date: '2030-03-05T10:00:00.000Z', service: 's3' },
      keyless: [],
    });
    expect(summary.firstSeen).toBeUndefined();
  });
});
