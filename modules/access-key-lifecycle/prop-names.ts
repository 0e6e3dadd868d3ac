import type { AccessKeyLifecycleProps } from './props';

/** Every prop name; `satisfies` makes forgetting a new prop a compile error. */
const NAMES = {
  mode: true,
  namePrefix: true,
  rotationDays: true,
  warnDays: true,
  graceDays: true,
  unusedDays: true,
  recoveryDays: true,
  userPathPrefix: true,
  scope: true,
  includeUsers: true,
  excludeUsers: true,
  exemptGroup: true,
  tagPrefix: true,
  maxDestructiveActions: true,
  maxExemptionDays: true,
  secretPrefix: true,
  secretAdminPrincipalArns: true,
  tagAdminPrincipalArns: true,
  managedSecretUsers: true,
  opsEmails: true,
  owners: true,
  kmsKeyArn: true,
  scheduleExpression: true,
  enableCloudTrailTrigger: true,
  architecture: true,
  memorySizeMb: true,
  timeoutSeconds: true,
  reservedConcurrentExecutions: true,
  logRetentionDays: true,
  maxRetryAttempts: true,
  maxEventAgeSeconds: true,
  enableAlarms: true,
  createDashboard: true,
  lambdaZipPath: true,
} as const satisfies Record<keyof AccessKeyLifecycleProps, true>;

/** Prop names a config file may set (the zip path comes from the build, not from config). */
export const PROP_NAMES: readonly string[] = Object.keys(NAMES).filter(
  (n) => n !== 'lambdaZipPath',
);
