import { Construct } from 'constructs';
import { Fn, TerraformIterator, TerraformLocal } from 'cdktf';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { KeyOwner } from './props';
import { logicalIdPart } from './names';
import { isExpression } from './expressions';
import {
  ADDRESS_KEY_LENGTH,
  addressKey,
  FILTER_POLICY_VALUES,
  ownerSubscriptions,
} from './subscription-keys';

/** `substr(sha256(lower(x)), 0, 10)`: addressKey() in HCL. */
const hclAddressKey = (x: string) => `substr(sha256(lower(${x})), 0, ${ADDRESS_KEY_LENGTH})`;

/**
 * One subscription per address, addressed `ops_email_<hash>` (HCL: `ops_email["<hash>"]`), so removing
 * or reordering one address changes no other subscription.
 */
export function subscribeOpsEmails(
  scope: Construct,
  topicArn: string,
  emails: readonly string[],
): void {
  if (isExpression(emails)) {
    // Grouped (`...`), so a repeated address is one subscription rather than a duplicate-key error.
    const byKey = TerraformIterator.fromList(emails as string[]).forExpressionForMap(
      hclAddressKey('val'),
      'val...',
    );
    const each = TerraformIterator.fromMap(byKey as unknown as Record<string, unknown>);
    new SnsTopicSubscription(scope, 'ops_email', {
      forEach: each,
      topicArn,
      protocol: 'email',
      endpoint: Fn.element(each.value as unknown as string[], 0),
    }).overrideLogicalId('ops_email');
    return;
  }
  emails.forEach((email, i) => {
    const id = `ops_email_${addressKey(email)}`;
    const sub = new SnsTopicSubscription(scope, id, {
      topicArn,
      protocol: 'email',
      endpoint: email,
    });
    sub.overrideLogicalId(id);
    // Upgrades from the list-position ids of earlier versions (`ops_email_0`).
    sub.moveFromId(`aws_sns_topic_subscription.ops_email_${i}`);
  });
}

/**
 * One subscription per distinct address and chunk of 150 users, whose filter policy lists those users on
 * the `user` attribute: `owner_<hash>_part<n>` (HCL: `owner["<hash>_part<n>"]`).
 */
export function subscribeOwners(
  scope: Construct,
  topicArn: string,
  owners: readonly KeyOwner[],
): void {
  if (isExpression(owners)) {
    ownersForEach(scope, topicArn, owners);
    return;
  }
  for (const s of ownerSubscriptions(owners)) {
    const id = `owner_${s.key}`;
    const sub = new SnsTopicSubscription(scope, id, {
      topicArn,
      protocol: 'email',
      endpoint: s.email,
      filterPolicyScope: 'MessageAttributes',
      filterPolicy: JSON.stringify({ user: s.users }),
    });
    sub.overrideLogicalId(id);
    if (s.key.endsWith('_part0')) {
      // Earlier versions had one subscription per list entry (`owner_<user>_<index>`): the address's
      // first entry moves here and keeps its confirmation; its other entries' subscriptions are destroyed.
      const first = owners[s.firstIndex]!;
      sub.moveFromId(
        `aws_sns_topic_subscription.owner_${logicalIdPart(first.userName)}_${s.firstIndex}`,
      );
    }
  }
}

/** The same subscriptions computed by Terraform, from a list of `{ user_name, email }` objects. */
function ownersForEach(scope: Construct, topicArn: string, owners: readonly KeyOwner[]): void {
  const byAddress = new TerraformLocal(
    scope,
    'owners_by_address',
    TerraformIterator.fromList(owners as unknown as string[]).forExpressionForMap(
      'lower(val.email)',
      'val...',
    ),
  );
  byAddress.overrideLogicalId('owners_by_address');
  const subscriptions = new TerraformLocal(
    scope,
    'owner_subscriptions',
    '${merge(concat([{}], [for address, entries in local.owners_by_address : {' +
      ` for i, users in chunklist(sort(distinct(entries[*].user_name)), ${FILTER_POLICY_VALUES}) :` +
      ` format("%s_part%d", ${hclAddressKey('address')}, i) => { email = entries[0].email, users = users }` +
      ' }])...)}',
  );
  subscriptions.overrideLogicalId('owner_subscriptions');
  const each = TerraformIterator.fromMap(subscriptions.asAnyMap);
  new SnsTopicSubscription(scope, 'owner', {
    forEach: each,
    topicArn,
    protocol: 'email',
    endpoint: each.getString('email'),
    filterPolicyScope: 'MessageAttributes',
    filterPolicy: Fn.jsonencode({ user: each.getList('users') }),
  }).overrideLogicalId('owner');
}
