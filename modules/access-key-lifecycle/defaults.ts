import * as path from 'path';
import { isExpression } from './expressions';
import type {
  AccessKeyLifecycleProps,
  KeyOwner,
  LambdaArchitecture,
  LifecycleMode,
  LifecycleScope,
  ManagedSecretUser,
} from './props';

/** The props with every default applied; what the rest of the construct reads. */
export interface ResolvedProps {
  readonly mode: LifecycleMode;
  readonly namePrefix: string;
  readonly rotationDays: number;
  readonly warnDays: number;
  readonly graceDays: number;
  readonly unusedDays: number;
  readonly recoveryDays: number;
  readonly userPathPrefix: string;
  readonly scope: LifecycleScope;
  readonly includeUsers: readonly string[];
  readonly excludeUsers: readonly string[];
  readonly exemptGroup: string;
  readonly tagPrefix: string;
  readonly maxDestructiveActions: number;
  readonly secretPrefix: string;
  readonly secretAdminPrincipalArns: readonly string[];
  readonly managedSecretUsers: readonly Required<ManagedSecretUser>[];
  readonly opsEmails: readonly string[];
  readonly owners: readonly KeyOwner[];
  readonly kmsKeyArn?: string;
  readonly scheduleExpression: string;
  readonly enableCloudTrailTrigger: boolean;
  readonly architecture: LambdaArchitecture;
  readonly memorySizeMb: number;
  readonly timeoutSeconds: number;
  readonly reservedConcurrentExecutions?: number;
  readonly logRetentionDays: number;
  readonly maxRetryAttempts: number;
  readonly maxEventAgeSeconds: number;
  readonly enableAlarms: boolean;
  readonly lambdaZipPath: string;
}

/** Repository root: this file lives in modules/access-key-lifecycle/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function applyDefaults(props: AccessKeyLifecycleProps): ResolvedProps {
  return {
    mode: props.mode,
    namePrefix: props.namePrefix ?? 'iam-key-lifecycle',
    rotationDays: props.rotationDays ?? 90,
    warnDays: props.warnDays ?? 7,
    graceDays: props.graceDays ?? 7,
    unusedDays: props.unusedDays ?? 45,
    recoveryDays: props.recoveryDays ?? 10,
    userPathPrefix: props.userPathPrefix ?? '/',
    scope: props.scope ?? 'all',
    includeUsers: props.includeUsers ?? [],
    excludeUsers: props.excludeUsers ?? [],
    exemptGroup: props.exemptGroup ?? '',
    tagPrefix: props.tagPrefix ?? 'key-lifecycle:',
    maxDestructiveActions: props.maxDestructiveActions ?? 20,
    secretPrefix: props.secretPrefix ?? 'iam-access-key/',
    secretAdminPrincipalArns: props.secretAdminPrincipalArns ?? [],
    managedSecretUsers: withSecretPaths(props.managedSecretUsers ?? []),
    opsEmails: props.opsEmails ?? [],
    owners: props.owners ?? [],
    kmsKeyArn: props.kmsKeyArn,
    scheduleExpression: props.scheduleExpression ?? 'rate(1 day)',
    enableCloudTrailTrigger: props.enableCloudTrailTrigger ?? false,
    architecture: props.architecture ?? 'arm64',
    memorySizeMb: props.memorySizeMb ?? 512,
    timeoutSeconds: props.timeoutSeconds ?? 900,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    logRetentionDays: props.logRetentionDays ?? 365,
    maxRetryAttempts: props.maxRetryAttempts ?? 2,
    maxEventAgeSeconds: props.maxEventAgeSeconds ?? 3600,
    enableAlarms: props.enableAlarms ?? true,
    lambdaZipPath: path.resolve(
      props.lambdaZipPath ?? path.join(REPO_ROOT, 'dist', 'lambda', 'handler.zip'),
    ),
  };
}

/** A list expression (the HCL module's variable) carries its own `path` default in its type. */
function withSecretPaths(
  users: readonly ManagedSecretUser[],
): readonly Required<ManagedSecretUser>[] {
  if (isExpression(users)) return users as readonly Required<ManagedSecretUser>[];
  return users.map((u) => ({ userName: u.userName, path: u.path ?? '/' }));
}
