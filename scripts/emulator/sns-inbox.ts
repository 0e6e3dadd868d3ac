/**
 * Reads back what the engine published, the way a subscriber would: an SQS queue subscribed to the
 * topic with RawMessageDelivery=true (body + message attributes), joined with the subjects moto
 * recorded (raw delivery drops the subject).
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  DeleteMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';

export interface Notification {
  readonly event: string;
  readonly user: string;
  readonly severity: string;
  readonly mode: string;
  /** The JSON body a queue or function subscriber receives. */
  readonly body: unknown;
  readonly raw: string;
}

export interface Inbox {
  /** Everything delivered since the last drain, oldest first. */
  drain(): Promise<Notification[]>;
}

export async function subscribeInbox(
  topicArn: string,
  queueName = 'key-lifecycle-inbox',
): Promise<Inbox> {
  const sqs = new SQSClient({});
  const sns = new SNSClient({});
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: Attributes!.QueueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  return { drain: () => drain(sqs, QueueUrl!) };
}

async function drain(sqs: SQSClient, queueUrl: string): Promise<Notification[]> {
  const out: Notification[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return out;
    for (const m of Messages) {
      const attr = (name: string) => m.MessageAttributes?.[name]?.StringValue ?? '';
      out.push({
        event: attr('event'),
        user: attr('user'),
        severity: attr('severity'),
        mode: attr('mode'),
        body: parseJson(m.Body ?? ''),
        raw: m.Body ?? '',
      });
    }
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
