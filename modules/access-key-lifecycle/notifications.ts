import { Construct } from 'constructs';
import { Fn, TerraformIterator } from 'cdktf';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { KeyOwner } from './props';
import { logicalIdPart, type ResourceNames } from './names';
import { isExpression } from './expressions';

export interface NotificationsInput {
  readonly names: ResourceNames;
  readonly kmsKeyArn: string;
  readonly opsEmails: readonly string[];
  readonly owners: readonly KeyOwner[];
}

/** The topic every notification goes to: ops get everything, an owner only their own user. */
export function createNotifications(scope: Construct, input: NotificationsInput): SnsTopic {
  const topic = new SnsTopic(scope, 'notifications', {
    name: input.names.topicName,
    kmsMasterKeyId: input.kmsKeyArn,
  });
  topic.overrideLogicalId('notifications');
  if (isExpression(input.opsEmails)) opsEmailsForEach(scope, topic, input.opsEmails);
  else opsEmailsListed(scope, topic, input.opsEmails);
  if (isExpression(input.owners)) ownersForEach(scope, topic, input.owners);
  else ownersListed(scope, topic, input.owners);
  return topic;
}

function opsEmailsListed(scope: Construct, topic: SnsTopic, emails: readonly string[]): void {
  emails.forEach((email, i) => {
    const sub = new SnsTopicSubscription(scope, `ops_email_${i}`, {
      topicArn: topic.arn,
      protocol: 'email',
      endpoint: email,
    });
    sub.overrideLogicalId(`ops_email_${i}`);
  });
}

function ownersListed(scope: Construct, topic: SnsTopic, owners: readonly KeyOwner[]): void {
  owners.forEach((owner, i) => {
    const id = `owner_${logicalIdPart(owner.userName)}_${i}`;
    const sub = new SnsTopicSubscription(scope, id, {
      topicArn: topic.arn,
      protocol: 'email',
      endpoint: owner.email,
      filterPolicyScope: 'MessageAttributes',
      filterPolicy: JSON.stringify({ user: [owner.userName] }),
    });
    sub.overrideLogicalId(id);
  });
}

/** Keyed by address, so adding or removing one address never re-creates the others. */
function opsEmailsForEach(scope: Construct, topic: SnsTopic, emails: readonly string[]): void {
  const each = TerraformIterator.fromList([...emails]);
  const sub = new SnsTopicSubscription(scope, 'ops_email', {
    forEach: each,
    topicArn: topic.arn,
    protocol: 'email',
    endpoint: each.value,
  });
  sub.overrideLogicalId('ops_email');
}

/**
 * Keyed `"<user_name> <email>"` (the pair must be unique, as for the construct), so the plan names the
 * owner. The expression's elements are objects `{ user_name, email }` (the HCL variable's shape).
 */
function ownersForEach(scope: Construct, topic: SnsTopic, owners: readonly KeyOwner[]): void {
  const byKey = TerraformIterator.fromList(owners as unknown as string[]).forExpressionForMap(
    'format("%s <%s>", val.user_name, val.email)',
    'val',
  );
  const each = TerraformIterator.fromMap(byKey as unknown as Record<string, unknown>);
  const sub = new SnsTopicSubscription(scope, 'owner', {
    forEach: each,
    topicArn: topic.arn,
    protocol: 'email',
    endpoint: each.getString('email'),
    filterPolicyScope: 'MessageAttributes',
    filterPolicy: Fn.jsonencode({ user: [each.getString('user_name')] }),
  });
  sub.overrideLogicalId('owner');
}
