import { summariseKeyUsage } from '../../../lambda/core/key-usage/summary';
import { KEYLESS_DOC, usageLine, usageNoticeLines } from '../../../lambda/notify/usage-words';

const at = (iso: string) => new Date(iso);

describe('who uses a key, in words', () => {
  it('says CloudTrail has nothing, why, and what IAM last saw, rather than showing nothing', () => {
    // Prepare
    const usage = summariseKeyUsage([], true, {
      date: at('2030-03-05T10:00:00Z'),
      service: 's3',
      region: 'eu-west-1',
    });

    // Act + Assess
    expect(usageLine(usage)).toBe(
      'no management events in CloudTrail in the last 90 days (S3 object reads and writes are data ' +
        'events, which LookupEvents does not return); IAM last used 2030-03-05 (s3 in eu-west-1)',
    );
  });

  it('names programs, places, services, regions and dates, and marks a history it did not read to the end', () => {
    // Prepare
    const event = {
      eventName: 'GetCallerIdentity',
      eventSource: 'sts.amazonaws.com',
      region: 'us-east-1',
      userAgent: 'Terraform/1.9.5 aws-sdk-go-v2/1.36.3',
      sourceAddress: '203.0.113.17',
    };
    const usage = summariseKeyUsage(
      [
        { ...event, time: at('2030-03-01T00:00:00Z') },
        { ...event, time: at('2030-03-04T00:00:00Z') },
      ],
      false,
    );

    // Act + Assess
    expect(usageLine(usage)).toBe(
      'Terraform/1 from 203.0.113.0/24; services sts; regions us-east-1; seen since at least ' +
        '2030-03-01, last seen 2030-03-04 (2+ event(s))',
    );
  });

  it('links the keyless alternative for a CI system', () => {
    const usage = summariseKeyUsage(
      [
        {
          time: at('2030-03-01T00:00:00Z'),
          eventName: 'GetCallerIdentity',
          eventSource: 'sts.amazonaws.com',
          region: 'us-east-1',
          userAgent: 'aws-cli/2.15 md/GitHubActions',
          sourceAddress: '198.51.100.4',
        },
      ],
      true,
    );
    expect(usageNoticeLines(usage)[1]).toBe(
      `Keyless alternative: used from a CI system: give its jobs a role through OIDC federation instead of a stored key (${KEYLESS_DOC}#ci-systems-oidc-federation).`,
    );
  });
});
