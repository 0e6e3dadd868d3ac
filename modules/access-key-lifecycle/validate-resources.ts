import { invalidProp } from './errors';
import type { ResolvedProps } from './defaults';
import * as check from './checks';
import { isExpression } from './expressions';
import { FILTER_POLICY_VALUES, ownerSubscriptions } from './subscription-keys';

export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
export const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\x21-\x7e]+$/;
export const ACCOUNT_ID = /^\d{12}$/;
/** Tag keys: 1-128 of these characters; `aws:` (any case) is reserved, checked apart (RE2 has no lookahead). */
export const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
export const RESERVED_TAG_PREFIX = 'aws:';

/** The rules both paths word alike (scripts/hcl/variables.ts builds the HCL messages from them). */
export const RULES = {
  snsTopicArn: 'be a standard SNS topic ARN like arn:aws:sns:us-east-1:123456789012:alerts',
  rolePath: 'be an IAM path that begins and ends with "/"',
  permissionsBoundaryArn: 'be a managed policy ARN like arn:aws:iam::123456789012:policy/boundary',
  accountId: 'be a 12-digit AWS account id',
  tagKey:
    'have keys of 1-128 letters, digits, spaces and _.:/=+-@, not starting with "aws:" (reserved by AWS)',
  tagValue: 'be 0-256 letters, digits, spaces and _.:/=+-@',
} as const;

/** The switch's two disagreements, worded once for both paths (`create`/`arn` in the caller's spelling). */
export const SWITCH_WORDS = {
  armWhileCreating: (create: string) => `not be set while ${create} is true`,
  armFix: (create: string, arn: string, what: string) =>
    `set ${create} to false to use your ${what}, or drop ${arn} to create one`,
  missing: (create: string) => `be set while ${create} is false`,
  missingFix: (create: string, what: string) => `give your ${what}'s ARN, or set ${create} to true`,
} as const;

/** VPC placement takes subnets and security groups together (`set`/`other` in the caller's spelling). */
export const VPC_WORDS = {
  rule: (other: string) => `hold at least one entry while ${other} does`,
  fix: (set: string, other: string) =>
    `give the function's ${set === 'subnetIds' || set === 'subnet_ids' ? 'subnets' : 'security groups'}, or empty ${other}`,
} as const;

/** The quota rule's words after `snsFilterPolicyQuota must `, given the number of subscriptions needed. */
export const QUOTA_RULE = (needed: string) =>
  `be at least the ${needed} subscriptions with a filter policy that owners need (one per distinct email, one more per ${FILTER_POLICY_VALUES} users of an email)`;
export const QUOTA_FIX = (quota: string) =>
  `raise the topic's SNS quota "Subscription filter policies per topic" (200 by default) through Service Quotas and set ${quota} to it, or subscribe fewer addresses`;

/**
 * The props of bring-your-own resources, tags, the role's path and boundary, and the SNS
 * quota. Expressions are skipped: the HCL module's variable validations check those.
 */
export function validateResourceProps(out: check.Problems, p: ResolvedProps): void {
  switchAgrees(out, 'createKmsKey', p.createKmsKey, 'kmsKeyArn', p.kmsKeyArn, 'key');
  switchAgrees(out, 'createSnsTopic', p.createSnsTopic, 'snsTopicArn', p.snsTopicArn, 'topic');
  switchAgrees(out, 'createRole', p.createRole, 'roleArn', p.roleArn, 'role');
  vpcPair(out, p);
  if (p.snsTopicArn !== undefined) {
    check.matches(out, 'snsTopicArn', p.snsTopicArn, SNS_TOPIC_ARN, RULES.snsTopicArn);
  }
  check.matches(out, 'rolePath', p.rolePath, check.IAM_PATH, RULES.rolePath);
  if (p.permissionsBoundaryArn !== undefined) {
    check.matches(
      out,
      'permissionsBoundaryArn',
      p.permissionsBoundaryArn,
      POLICY_ARN,
      RULES.permissionsBoundaryArn,
    );
  }
  if (p.accountId !== undefined) {
    check.matches(out, 'accountId', p.accountId, ACCOUNT_ID, RULES.accountId);
  }
  if (!isExpression(p.tags)) {
    for (const [key, value] of Object.entries(p.tags)) {
      if (!TAG_KEY.test(key) || key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
        out.push(invalidProp('tags', RULES.tagKey, key));
      }
      check.matches(out, `tags[${JSON.stringify(key)}]`, value, TAG_VALUE, RULES.tagValue);
    }
  }
  check.integerInRange(out, 'snsFilterPolicyQuota', p.snsFilterPolicyQuota, 1, 100000);
  if (
    !isExpression(p.owners) &&
    // A malformed entry (null, no email) is reported by the owners' own checks.
    p.owners.every((o) => typeof o?.email === 'string') &&
    !isExpression(p.snsFilterPolicyQuota) &&
    Number.isInteger(p.snsFilterPolicyQuota) &&
    p.snsFilterPolicyQuota >= 1
  ) {
    const needed = ownerSubscriptions(p.owners).length;
    if (needed > p.snsFilterPolicyQuota) {
      out.push(
        invalidProp(
          'snsFilterPolicyQuota',
          QUOTA_RULE(String(needed)),
          p.snsFilterPolicyQuota,
          QUOTA_FIX('snsFilterPolicyQuota'),
        ),
      );
    }
  }
}

/** The switch alone decides; the ARN must be given exactly when the switch is off. */
function switchAgrees(
  out: check.Problems,
  switchName: string,
  create: boolean,
  arnName: string,
  arn: string | undefined,
  what: string,
): void {
  if (isExpression(create)) return;
  if (create && arn !== undefined) {
    out.push(
      invalidProp(
        arnName,
        SWITCH_WORDS.armWhileCreating(switchName),
        arn,
        SWITCH_WORDS.armFix(switchName, arnName, what),
      ),
    );
  }
  if (!create && arn === undefined) {
    out.push(
      invalidProp(
        arnName,
        SWITCH_WORDS.missing(switchName),
        null,
        SWITCH_WORDS.missingFix(switchName, what),
      ),
    );
  }
}

/** Lambda places a function in a VPC only with both subnets and security groups. */
function vpcPair(out: check.Problems, p: ResolvedProps): void {
  if (isExpression(p.subnetIds) || isExpression(p.securityGroupIds)) return;
  const pairs = [
    ['securityGroupIds', p.securityGroupIds, 'subnetIds', p.subnetIds],
    ['subnetIds', p.subnetIds, 'securityGroupIds', p.securityGroupIds],
  ] as const;
  for (const [name, value, other, otherValue] of pairs) {
    if (value.length === 0 && otherValue.length > 0) {
      out.push(invalidProp(name, VPC_WORDS.rule(other), value, VPC_WORDS.fix(name, other)));
    }
  }
}
