import type { ResolvedProps } from './defaults';
import { commaJoined, concatenated, numberText } from './expressions';
import { RULE_SETTING_LIST } from '../../lambda/core/plan-user';

export interface EnvironmentRefs {
  readonly topicArn: string;
  /** The key by its alias ARN when the module creates it (kms.ts environmentKeyId), else the ARN given. */
  readonly secretKmsKeyId: string;
  readonly engineRoleArn: string;
  readonly coordinationTableName: string;
  readonly stateMacKeyArn: string;
}

/** The Lambda's environment contract (README, "Configuration reference"); names are final. */
export function engineEnvironment(p: ResolvedProps, refs: EnvironmentRefs): Record<string, string> {
  return {
    MODE: p.mode,
    SNS_TOPIC_ARN: refs.topicArn,
    SECRET_PREFIX: p.secretPrefix,
    SECRET_KMS_KEY_ID: refs.secretKmsKeyId,
    SECRET_ADMIN_PRINCIPAL_ARNS: commaJoined(
      concatenated([refs.engineRoleArn], p.secretAdminPrincipalArns),
    ),
    ROTATION_DAYS: numberText(p.rotationDays),
    WARN_DAYS: numberText(p.warnDays),
    GRACE_DAYS: numberText(p.graceDays),
    UNUSED_DAYS: numberText(p.unusedDays),
    RECOVERY_DAYS: numberText(p.recoveryDays),
    USER_PATH_PREFIX: p.userPathPrefix,
    SCOPE: p.scope,
    INCLUDE_USERS: commaJoined(p.includeUsers),
    EXCLUDE_USERS: commaJoined(p.excludeUsers),
    EXEMPT_GROUP: p.exemptGroup,
    TAG_PREFIX: p.tagPrefix,
    MAX_DESTRUCTIVE_ACTIONS: numberText(p.maxDestructiveActions),
    MAX_EXEMPTION_DAYS: numberText(p.maxExemptionDays),
    ...Object.fromEntries(RULE_SETTING_LIST.map((s) => [s.env, numberText(p[s.prop])])),
    STATE_MAC_KEY_ID: refs.stateMacKeyArn,
    COORDINATION_TABLE: refs.coordinationTableName,
  };
}
