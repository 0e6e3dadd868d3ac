import { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import type { KeyOwner } from './props';
import type { ResourceNames } from './names';
import type { AccountContext } from './account-context';
import { countWhen, isExpression, optionalAttribute } from './expressions';
import { subscribeOpsEmails, subscribeOwners } from './subscriptions';

export interface NotificationsInput {
  readonly names: ResourceNames;
  readonly account: AccountContext;
  readonly kmsKeyArn: string;
  /** Only this switch decides whether the module's topic exists (never whether the ARN is null). */
  readonly create: boolean;
  readonly suppliedArn?: string;
  readonly opsEmails: readonly string[];
  readonly owners: readonly KeyOwner[];
}

export interface Notifications {
  /** The topic as a reference: subscriptions and alarms wait for it. */
  readonly arn: string;
  /** The same ARN built from names, known at plan time (role policy, function environment). */
  readonly knownArn: string;
  /** The module's own topic, when it may create one (things that publish depend on it). */
  readonly topic?: SnsTopic;
}

/** The topic every notification goes to: ops get everything, an owner only their own users. */
export function createNotifications(scope: Construct, input: NotificationsInput): Notifications {
  const { create, suppliedArn } = input;
  const { partition, region, accountId } = input.account;
  const builtArn = `arn:${partition}:sns:${region}:${accountId}:${input.names.topicName}`;
  let n: Notifications;
  if (!isExpression(create)) {
    const topic = create ? ownTopic(scope, input) : undefined;
    n = topic
      ? { arn: topic.arn, knownArn: builtArn, topic }
      : { arn: suppliedArn!, knownArn: suppliedArn! };
  } else {
    const topic = ownTopic(scope, input, countWhen(create));
    const pick = (own: string) => Token.asString(Fn.conditional(create, own, suppliedArn));
    n = { arn: pick(optionalAttribute(topic, 'arn')), knownArn: pick(builtArn), topic };
  }
  subscribeOpsEmails(scope, n.arn, input.opsEmails);
  subscribeOwners(scope, n.arn, input.owners);
  return n;
}

function ownTopic(scope: Construct, input: NotificationsInput, count?: number): SnsTopic {
  const topic = new SnsTopic(scope, 'notifications', {
    name: input.names.topicName,
    kmsMasterKeyId: input.kmsKeyArn,
    count,
  });
  topic.overrideLogicalId('notifications');
  return topic;
}
