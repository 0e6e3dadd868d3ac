/** Resource names derived from namePrefix, in one place so outputs, docs and tests agree. */
export interface ResourceNames {
  readonly functionName: string;
  readonly roleName: string;
  readonly topicName: string;
  readonly dlqName: string;
  readonly logGroupName: string;
  readonly keyAlias: string;
  readonly scheduleRuleName: string;
  readonly cloudTrailRuleName: string;
  alarmName(what: string): string;
}

export function resourceNames(prefix: string): ResourceNames {
  const functionName = `${prefix}-engine`;
  return {
    functionName,
    roleName: `${prefix}-engine`,
    topicName: `${prefix}-notifications`,
    dlqName: `${prefix}-dlq`,
    logGroupName: `/aws/lambda/${functionName}`,
    keyAlias: `alias/${prefix}`,
    scheduleRuleName: `${prefix}-schedule`,
    cloudTrailRuleName: `${prefix}-key-events`,
    alarmName: (what) => `${prefix}-${what}`,
  };
}

/** Terraform logical ids allow letters, digits, `_` and `-`; IAM user names allow more. */
export function logicalIdPart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}
