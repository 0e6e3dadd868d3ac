import * as path from 'path';
import { isExpression } from './expressions';
import { SETTINGS } from '../../lambda/config/settings';
import { RULE_SETTING_LIST, type RuleSettingName } from '../../lambda/core/plan-user';
import type { AccessKeyLifecycleProps, ManagedSecretUser } from './props';

/** Props that stay unset when not given: the module then creates, reads or leaves out the thing itself. */
type UnsetWhenAbsent =
  | 'kmsKeyArn'
  | 'reservedConcurrentExecutions'
  | 'snsTopicArn'
  | 'permissionsBoundaryArn'
  | 'accountId'
  | 'roleArn'
  | 'codeSigningConfigArn';

/** The props with every default applied (settings defaults: lambda/config/settings.ts). */
export interface ResolvedProps
  extends
    Required<Omit<AccessKeyLifecycleProps, UnsetWhenAbsent | 'managedSecretUsers'>>,
    Pick<AccessKeyLifecycleProps, UnsetWhenAbsent> {
  /** Each with its IAM path, "/" where the caller gave none. */
  readonly managedSecretUsers: readonly Required<ManagedSecretUser>[];
}

/** The optional rules' settings with their declared defaults applied. */
type ResolvedRuleSettings = Pick<ResolvedProps, RuleSettingName>;

/** SNS's default quota of subscription filter policies per topic. */
export const DEFAULT_FILTER_POLICY_QUOTA = 200;

/** Repository root: this file lives in modules/access-key-lifecycle/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function applyDefaults(props: AccessKeyLifecycleProps): ResolvedProps {
  return {
    mode: props.mode,
    namePrefix: props.namePrefix ?? SETTINGS.namePrefix.default,
    rotationDays: props.rotationDays ?? SETTINGS.rotationDays.default,
    warnDays: props.warnDays ?? SETTINGS.warnDays.default,
    graceDays: props.graceDays ?? SETTINGS.graceDays.default,
    unusedDays: props.unusedDays ?? SETTINGS.unusedDays.default,
    recoveryDays: props.recoveryDays ?? SETTINGS.recoveryDays.default,
    userPathPrefix: props.userPathPrefix ?? SETTINGS.userPathPrefix.default,
    scope: props.scope ?? 'all',
    includeUsers: props.includeUsers ?? [],
    excludeUsers: props.excludeUsers ?? [],
    exemptGroup: props.exemptGroup ?? SETTINGS.exemptGroup.default,
    tagPrefix: props.tagPrefix ?? SETTINGS.tagPrefix.default,
    maxDestructiveActions: props.maxDestructiveActions ?? SETTINGS.maxDestructiveActions.default,
    maxExemptionDays: props.maxExemptionDays ?? SETTINGS.maxExemptionDays.default,
    secretPrefix: props.secretPrefix ?? SETTINGS.secretPrefix.default,
    secretAdminPrincipalArns: props.secretAdminPrincipalArns ?? [],
    tagAdminPrincipalArns: props.tagAdminPrincipalArns ?? [],
    managedSecretUsers: withSecretPaths(props.managedSecretUsers ?? []),
    opsEmails: props.opsEmails ?? [],
    owners: props.owners ?? [],
    kmsKeyArn: props.kmsKeyArn,
    scheduleExpression: props.scheduleExpression ?? 'rate(1 day)',
    enableCloudTrailTrigger: props.enableCloudTrailTrigger ?? false,
    architecture: props.architecture ?? 'arm64',
    memorySizeMb: props.memorySizeMb ?? SETTINGS.memorySizeMb.default,
    timeoutSeconds: props.timeoutSeconds ?? SETTINGS.timeoutSeconds.default,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    logRetentionDays: props.logRetentionDays ?? 365,
    maxRetryAttempts: props.maxRetryAttempts ?? SETTINGS.maxRetryAttempts.default,
    maxEventAgeSeconds: props.maxEventAgeSeconds ?? SETTINGS.maxEventAgeSeconds.default,
    enableAlarms: props.enableAlarms ?? true,
    createDashboard: props.createDashboard ?? true,
    // A supplied ARN means "bring your own" unless the switch says otherwise (the HCL module's variables
    // are always set, so there the switch's own default, true, applies).
    createKmsKey: props.createKmsKey ?? props.kmsKeyArn === undefined,
    createSnsTopic: props.createSnsTopic ?? props.snsTopicArn === undefined,
    snsTopicArn: props.snsTopicArn,
    tags: props.tags ?? {},
    rolePath: props.rolePath ?? '/',
    permissionsBoundaryArn: props.permissionsBoundaryArn,
    accountId: props.accountId,
    snsFilterPolicyQuota: props.snsFilterPolicyQuota ?? DEFAULT_FILTER_POLICY_QUOTA,
    createRole: props.createRole ?? props.roleArn === undefined,
    roleArn: props.roleArn,
    enableTracing: props.enableTracing ?? false,
    subnetIds: props.subnetIds ?? [],
    securityGroupIds: props.securityGroupIds ?? [],
    codeSigningConfigArn: props.codeSigningConfigArn,
    ...ruleSettingDefaults(props),
    lambdaZipPath: path.resolve(
      props.lambdaZipPath ?? path.join(REPO_ROOT, 'dist', 'lambda', 'handler.zip'),
    ),
  };
}

function ruleSettingDefaults(props: AccessKeyLifecycleProps): ResolvedRuleSettings {
  return Object.fromEntries(
    RULE_SETTING_LIST.map((s) => [s.prop, props[s.prop] ?? s.default]),
  ) as ResolvedRuleSettings;
}

/** A list expression (the HCL module's variable) carries its own `path` default in its type. */
function withSecretPaths(
  users: readonly ManagedSecretUser[],
): readonly Required<ManagedSecretUser>[] {
  if (isExpression(users)) return users as readonly Required<ManagedSecretUser>[];
  return users.map((u) => ({ userName: u.userName, path: u.path ?? '/' }));
}
