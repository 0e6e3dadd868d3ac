import type { AccessKeyLifecycleProps } from './props';
import { SETTINGS, type SettingName } from '../../lambda/config/settings';

/**
 * Every prop name but the settings (SETTINGS names those); `satisfies` makes forgetting a new prop a
 * compile error.
 */
const NAMES = {
  mode: true,
  scope: true,
  managedSecretUsers: true,
  opsEmails: true,
  owners: true,
  scheduleExpression: true,
  enableCloudTrailTrigger: true,
  architecture: true,
  logRetentionDays: true,
  enableAlarms: true,
  createDashboard: true,
  createKmsKey: true,
  createSnsTopic: true,
  snsTopicArn: true,
  tags: true,
  rolePath: true,
  permissionsBoundaryArn: true,
  accountId: true,
  snsFilterPolicyQuota: true,
  createRole: true,
  enableTracing: true,
  lambdaZipPath: true,
} as const satisfies Record<Exclude<keyof AccessKeyLifecycleProps, SettingName>, true>;

/** Prop names a config file may set (the zip path comes from the build, not from config). */
export const PROP_NAMES: readonly string[] = [
  ...Object.keys(NAMES).filter((n) => n !== 'lambdaZipPath'),
  ...Object.keys(SETTINGS),
];

/** Where the HCL variable is not the plain snake_case of the prop. */
const HCL_EXCEPTIONS: Readonly<Record<string, string>> = {
  enableCloudTrailTrigger: 'enable_cloudtrail_trigger',
  permissionsBoundaryArn: 'permissions_boundary',
};

/** The exported HCL module's variable for a prop (scripts/hcl/variables.ts; a test keeps them equal). */
export function hclName(prop: keyof AccessKeyLifecycleProps): string {
  return HCL_EXCEPTIONS[prop] ?? prop.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * A prop as the caller spells it in messages Terraform prints (preconditions): the exported HCL module
 * binds every prop to a variable, so a prop whose value is an expression is read as its HCL name.
 */
export function spelledFor(prop: keyof AccessKeyLifecycleProps, hcl: boolean): string {
  return hcl ? hclName(prop) : prop;
}
