import { InvalidPropError, invalidProp } from './errors';
import type { ResolvedProps } from './defaults';
import * as check from './checks';
import { isExpression } from './expressions';
import { ownerSubscriptions } from './subscription-keys';

export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
export const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\x21-\x7e]+$/;
export const ACCOUNT_ID = /^\d{12}$/;
export const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/**
 * The props of bring-your-own resources, tags, the role's path and boundary, and the SNS quota
 * (issue 8). Expressions are skipped: the HCL module's variable validations check those.
 */
export function validateResourceProps(out: check.Problems, p: ResolvedProps): void {
  switchAgrees(out, 'createKmsKey', p.createKmsKey, 'kmsKeyArn', p.kmsKeyArn, 'key');
  switchAgrees(out, 'createSnsTopic', p.createSnsTopic, 'snsTopicArn', p.snsTopicArn, 'topic');
  if (p.snsTopicArn !== undefined) {
    check.matches(out, 'snsTopicArn', p.snsTopicArn, SNS_TOPIC_ARN, 'be a standard SNS topic ARN');
  }
  check.matches(
    out,
    'rolePath',
    p.rolePath,
    check.IAM_PATH,
    'be an IAM path that begins and ends with "/"',
  );
  if (p.permissionsBoundaryArn !== undefined) {
    check.matches(
      out,
      'permissionsBoundaryArn',
      p.permissionsBoundaryArn,
      POLICY_ARN,
      'be a managed policy ARN like arn:aws:iam::123456789012:policy/boundary',
    );
  }
  if (p.accountId !== undefined) {
    check.matches(out, 'accountId', p.accountId, ACCOUNT_ID, 'be a 12-digit AWS account id');
  }
  if (!isExpression(p.tags)) {
    for (const [key, value] of Object.entries(p.tags)) {
      check.matches(
        out,
        'tags',
        key,
        TAG_KEY,
        'have keys of 1-128 tag characters, not starting "aws:"',
      );
      check.matches(
        out,
        `tags[${JSON.stringify(key)}]`,
        value,
        TAG_VALUE,
        'be 0-256 tag characters',
      );
    }
  }
  check.integerInRange(out, 'snsFilterPolicyQuota', p.snsFilterPolicyQuota, 1, 100000);
  if (!isExpression(p.owners) && !isExpression(p.snsFilterPolicyQuota)) {
    const needed = ownerSubscriptions(p.owners).length;
    if (needed > p.snsFilterPolicyQuota) {
      out.push(
        new InvalidPropError(
          'owners',
          `owners need ${needed} subscriptions with a filter policy (one per distinct address, one more per 150 users of an address), more than snsFilterPolicyQuota = ${p.snsFilterPolicyQuota} (the topic's SNS quota "Subscription filter policies per topic", 200 by default); raise that quota through Service Quotas and set snsFilterPolicyQuota to it, or subscribe fewer addresses`,
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
        `not be set while ${switchName} is true`,
        arn,
        `set ${switchName} to false to use your ${what}, or drop ${arnName} to create one`,
      ),
    );
  }
  if (!create && arn === undefined) {
    out.push(
      new InvalidPropError(
        arnName,
        `${arnName} must be set when ${switchName} is false, got nothing (pass your ${what}'s ARN, or set ${switchName} to true)`,
      ),
    );
  }
}
