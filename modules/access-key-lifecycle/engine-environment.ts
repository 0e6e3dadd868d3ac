import type { ResolvedProps } from './defaults';

export interface EnvironmentRefs {
  readonly topicArn: string;
  readonly kmsKeyArn: string;
  readonly engineRoleArn: string;
}

/** The Lambda's environment contract (SPEC section 3); names are final. */
export function engineEnvironment(p: ResolvedProps, refs: EnvironmentRefs): Record<string, string> {
  return {
    MODE: p.mode,
    SNS_TOPIC_ARN: refs.topicArn,
    SECRET_PREFIX: p.secretPrefix,
    SECRET_KMS_KEY_ID: refs.kmsKeyArn,
    SECRET_ADMIN_PRINCIPAL_ARNS: [refs.engineRoleArn, ...p.secretAdminPrincipalArns].join(','),
    ROTATION_DAYS: String(p.rotationDays),
    WARN_DAYS: String(p.warnDays),
    GRACE_DAYS: String(p.graceDays),
    UNUSED_DAYS: String(p.unusedDays),
    RECOVERY_DAYS: String(p.recoveryDays),
    USER_PATH_PREFIX: p.userPathPrefix,
    SCOPE: p.scope,
    INCLUDE_USERS: p.includeUsers.join(','),
    EXCLUDE_USERS: p.excludeUsers.join(','),
    EXEMPT_GROUP: p.exemptGroup,
    TAG_PREFIX: p.tagPrefix,
    MAX_DESTRUCTIVE_ACTIONS: String(p.maxDestructiveActions),
  };
}
