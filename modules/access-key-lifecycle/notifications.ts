import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { KeyOwner } from './props';
import { logicalIdPart, type ResourceNames } from './names';

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
  input.opsEmails.forEach((email, i) => {
    const sub = new SnsTopicSubscription(scope, `ops_email_${i}`, {
      topicArn: topic.arn,
      protocol: 'email',
      endpoint: email,
    });
    sub.overrideLogicalId(`ops_email_${i}`);
  });
  input.owners.forEach((owner, i) => {
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
  return topic;
}
