/**
 * The demo's cast for retire on evidence (docs/lifecycle.md, "Retire on evidence"): workloads that call
 * AWS with their own keys, each from its own place (user agent, source address), so IAM's last use is
 * the evidence the engine retires on, and the emulator sees who calls. Their keys are due on day 2, so
 * the day-3 run creates a replacement, grace ends on day 10 and the hold (30 days by default) on day 40.
 * Addresses are from the documentation ranges (RFC 5737).
 */
import type { CastMember, Caller } from './cast';

const team = (name: string) => `/workloads/${name}/`;

const CLI = 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79 exe/x86_64.amzn.2023 prompt/off';
const BOTO = 'Boto3/1.34.10 md/Botocore#1.34.10 ua/2.0 os/linux#6.1 lang/python#3.12.1';
const SDK_JS = 'aws-sdk-js/3.600.0 ua/2.0 os/linux#6.1 lang/js md/nodejs#22.11.0';

const caller = (
  name: string,
  userAgent: string,
  sourceAddress: string,
  adoptAfterDays?: number,
): Caller => ({ name, userAgent, sourceAddress, adoptAfterDays });

export function retireOnEvidenceCast(): CastMember[] {
  return [
    {
      name: 'report-mailer',
      path: team('finance'),
      role:
        'a cron job that never reads its secret: the old key is held past grace (the owner told when ' +
        'the hold starts, ops from the second step) and deactivated only when the hold ends ' +
        '(grace-extension-ended)',
      keys: [{ ageDays: 88, lastUsedDaysAgo: 0 }],
      workload: { kind: 'callers', callers: [caller('cron job', CLI, '198.51.100.17')] },
    },
    {
      name: 'image-resizer',
      path: team('web'),
      role:
        'adopts its new key three days after its old key is first held: the old key is retired on the ' +
        'first run after 24 hours of quiet (adopted)',
      keys: [{ ageDays: 88, lastUsedDaysAgo: 0 }],
      workload: {
        kind: 'callers',
        callers: [caller('resizer service', SDK_JS, '203.0.113.40', 9)],
      },
    },
    {
      name: 'shared-uploader',
      path: team('data'),
      role:
        'one key used by two workloads from different places: the nightly batch moves at once, the ' +
        'upload service 15 days later; the old key is held until both have moved',
      keys: [{ ageDays: 88, lastUsedDaysAgo: 0 }],
      workload: {
        kind: 'callers',
        callers: [
          caller('nightly batch', CLI, '198.51.100.23', 0),
          caller('upload service', BOTO, '203.0.113.88', 15),
        ],
      },
    },
  ];
}
