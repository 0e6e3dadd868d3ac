/**
 * Who each demo workload is, as CloudTrail records it (scripts/emulator/cloudtrail_events.py): a user
 * agent and a source address, so the demo page's "used by" column and the notices show fingerprints
 * like a real account's. Chosen from the member's name, so the cast's data needs no new field.
 */
import type { WorkloadIdentity } from '../emulator/workload';

const IDENTITIES: readonly WorkloadIdentity[] = [
  {
    userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/5.10.210 exe/x86_64.amzn.2 prompt/off',
    sourceAddress: '203.0.113.24',
  },
  {
    userAgent:
      'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.5.0 md/GitHubActions lang/python#3.12.2 Botocore/1.34.51',
    sourceAddress: '198.51.100.71',
  },
  {
    userAgent:
      'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.100.0 aws-sdk-go-v2/1.36.3',
    sourceAddress: '192.0.2.10',
  },
  {
    userAgent:
      'aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10 lang/js md/nodejs#20.11.1 exec-env/AWS_ECS_FARGATE',
    sourceAddress: 'ecs-tasks.amazonaws.com',
  },
];

export function workloadIdentity(memberName: string): WorkloadIdentity {
  let h = 0;
  for (const c of memberName) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return IDENTITIES[h % IDENTITIES.length]!;
}
