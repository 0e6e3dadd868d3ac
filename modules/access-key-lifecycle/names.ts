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
  readonly coordinationTableName: string;
  readonly stateMacKeyAlias: string;
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
    coordinationTableName: `${prefix}-coordination`,
    stateMacKeyAlias: `alias/${prefix}-state-mac`,
    alarmName: (what) => `${prefix}-${what}`,
  };
}

/** Terraform logical ids allow letters, digits, `_` and `-`; IAM user names allow more. */
export function logicalIdPart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Readable words for the IAM user-name characters a Terraform logical id cannot hold. */
const SPELLED: Readonly<Record<string, string>> = {
  '.': 'dot',
  '@': 'at',
  '+': 'plus',
  '=': 'eq',
  ',': 'comma',
};

/**
 * The logical id of a per-user resource (`<kind>_<user>`): collision-free, readable in `terraform plan`,
 * and independent of which other users are listed (docs/lifecycle.md, "Secret names").
 * - A name of only `[A-Za-z0-9_-]` keeps the id it always had: `secret_svc_ci`.
 * - Any other name lives in a separate namespace, `<kind>-…` (a `-` where the first form has `_`, so the
 *   two can never meet), with `-` doubled and every other character spelled out between hyphens:
 *   `john.doe` → `secret-john-dot-doe`, `a,b` → `secret-a-comma-b`. `-` always starts an escape and an
 *   escape ends at its own `-`, so no two names share an id.
 */
export function perUserLogicalId(kind: string, userName: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(userName)) return `${kind}_${userName}`;
  const escaped = [...userName]
    .map((c) => {
      if (c === '-') return '--';
      if (/[A-Za-z0-9_]/.test(c)) return c;
      return `-${SPELLED[c] ?? `x${c.charCodeAt(0).toString(16)}`}-`;
    })
    .join('');
  return `${kind}-${escaped}`;
}

/**
 * The id a per-user resource had before perUserLogicalId (every character outside `[A-Za-z0-9_-]` was
 * `_`), for `moved` blocks; undefined when the id did not change.
 */
export function formerPerUserLogicalId(kind: string, userName: string): string | undefined {
  const former = `${kind}_${logicalIdPart(userName)}`;
  return former === perUserLogicalId(kind, userName) ? undefined : former;
}
