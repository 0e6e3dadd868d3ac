import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DEFAULT_REPORT_WAIT,
  fetchCredentialReport,
  reportWaitPauses,
} from '../../../lambda/aws/credential-report';

const CSV =
  'user,arn,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date\n';

describe('fetchCredentialReport', () => {
  it('polls GenerateCredentialReport until COMPLETE, sleeping between checks', async () => {
    // Prepare
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    mock.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(CSV) });
    const sleeps: number[] = [];

    // Act
    const result = await fetchCredentialReport(iam, {
      maxTries: 5,
      intervalMs: 7,
      sleep: async (ms) => void sleeps.push(ms),
    });

    // Assess
    expect(result.available).toBe(true);
    expect(mock.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(sleeps).toEqual([7, 7]);
  });

  it('gives up after the bounded wait and says why', async () => {
    // Prepare
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });

    // Act
    const result = await fetchCredentialReport(iam, {
      maxTries: 3,
      intervalMs: 0,
      sleep: async () => undefined,
    });

    // Assess
    expect(result).toEqual({
      available: false,
      reason: 'the report was still being generated after 3 checks over 0 s',
    });
    expect(mock.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
  });

  it('backs off between checks, doubling each pause up to the cap', async () => {
    // Prepare
    const iam = new IAMClient({ region: 'us-east-1' });
    const mock = mockClient(iam);
    mock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const sleeps: number[] = [];

    // Act
    const result = await fetchCredentialReport(iam, {
      maxTries: 6,
      intervalMs: 1_000,
      maxIntervalMs: 5_000,
      sleep: async (ms) => void sleeps.push(ms),
    });

    // Assess
    expect(sleeps).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(result).toEqual({
      available: false,
      reason: 'the report was still being generated after 6 checks over 17 s',
    });
  });

  it('waits about a minute and a half at most by default, in few checks', () => {
    // Act
    const pauses = reportWaitPauses(DEFAULT_REPORT_WAIT);

    // Assess
    const totalMs = pauses.reduce((sum, ms) => sum + ms, 0);
    expect(totalMs).toBeGreaterThanOrEqual(60_000);
    expect(totalMs).toBeLessThanOrEqual(90_000);
    expect(DEFAULT_REPORT_WAIT.maxTries).toBeLessThanOrEqual(10);
  });
});
