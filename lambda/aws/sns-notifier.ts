/**
 * The Notifier port over SNS (engine/ports.ts): notify/render.ts words the notice, this delivers it. MessageStructure=json lets email get the text body while queues, functions and HTTPS
 * endpoints get the JSON payload; every protocol key is present so no subscription falls back oddly.
 * The four message attributes let subscriptions filter: an owner's filter policy matches `user`.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notifier } from '../engine/ports';
import type { Notice } from '../notify/notice';
import { renderNotice } from '../notify/render';

export function snsNotifier(sns: SNSClient, topicArn: string): Notifier {
  return { publish: (notice) => publishNotice(sns, topicArn, notice) };
}

async function publishNotice(sns: SNSClient, topicArn: string, notice: Notice): Promise<void> {
  const { subject, body, payload } = renderNotice(notice);
  const json = JSON.stringify(payload);
  await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: subject,
      MessageStructure: 'json',
      Message: JSON.stringify({
        default: json,
        email: body,
        'email-json': json,
        sqs: json,
        lambda: json,
        http: json,
        https: json,
        sms: subject,
        firehose: json,
        application: json,
      }),
      MessageAttributes: {
        event: { DataType: 'String', StringValue: payload.event },
        user: { DataType: 'String', StringValue: payload.user },
        severity: { DataType: 'String', StringValue: payload.severity },
        mode: { DataType: 'String', StringValue: payload.mode },
      },
    }),
  );
}
