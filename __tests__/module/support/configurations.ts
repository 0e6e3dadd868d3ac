import type { AccessKeyLifecycleProps } from '../../../modules/access-key-lifecycle';

/** Realistic configurations: each is snapshotted, planned by Terraform and scanned by checkov. */
export function configurations(
  lambdaZipPath: string,
): Readonly<Record<string, { readonly region: string; readonly props: AccessKeyLifecycleProps }>> {
  return {
    'minimal report mode': { region: 'eu-west-1', props: { mode: 'report', lambdaZipPath } },
    'full enforce, tagged scope': {
      region: 'us-east-1',
      props: {
        mode: 'enforce',
        lambdaZipPath,
        scope: 'tagged',
        userPathPrefix: '/team/',
        excludeUsers: ['break-glass'],
        exemptGroup: 'key-lifecycle-exempt',
        opsEmails: ['security@example.com'],
        owners: [
          { userName: 'alice', email: 'alice@example.com' },
          { userName: 'ci.deploy', email: 'platform@example.com' },
        ],
        managedSecretUsers: [
          { userName: 'alice', path: '/team/' },
          { userName: 'ci.deploy', path: '/team/' },
        ],
        secretAdminPrincipalArns: ['arn:aws:iam::123456789012:role/security-admin'],
        enableCloudTrailTrigger: true,
        reservedConcurrentExecutions: 1,
      },
    },
    'own key, x86, no alarms': {
      region: 'eu-central-1',
      props: {
        mode: 'enforce',
        lambdaZipPath,
        kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        architecture: 'x86_64',
        enableAlarms: false,
        namePrefix: 'akl',
        scheduleExpression: 'cron(0 6 ? * MON-FRI *)',
      },
    },
  };
}
