/**
 * What someone allowed to write the coordination table (and not to use the state MAC key) can do to it:
 * plant notice items, delete budget slot items, edit their times. Used by the integration tests, the
 * fault campaign and the bad-input catalogue (docs/threat-model.md, "The coordination table").
 */
import {
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { COORDINATION_TABLE_NAME } from './coordination-table';

const DAY_MS = 86_400_000;
const db = () => new DynamoDBClient({});
const key = (pk: string, sk: string) => ({ pk: { S: pk }, sk: { S: sk } });

/** A "sent" record for `identity` that would keep it taken for `keepMs` from `at`. */
export async function plantSentRecord(
  identity: string,
  at: Date,
  keepMs = 7 * DAY_MS,
  tableName = COORDINATION_TABLE_NAME,
): Promise<void> {
  await db().send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        ...key('notice', identity),
        status: { S: 'sent' },
        at: { N: String(at.getTime()) },
        ttl: { N: String(Math.floor((at.getTime() + keepMs) / 1000)) },
      },
    }),
  );
}

/** A pending entry whose lease has run out, holding `body` as the notice to deliver. */
export async function plantPendingNotice(
  identity: string,
  body: unknown,
  at: Date,
  kind: 'outbox' | 'notice' = 'notice',
  tableName = COORDINATION_TABLE_NAME,
): Promise<void> {
  await db().send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        ...key('notice', identity),
        status: { S: 'pending' },
        kind: { S: kind },
        owner: { S: 'planted' },
        at: { N: String(at.getTime() - 60 * 60_000) },
        lease: { N: String(at.getTime() - 30 * 60_000) },
        ttl: { N: String(Math.floor((at.getTime() + 7 * DAY_MS) / 1000)) },
        keep: { N: String(7 * DAY_MS) },
        body: { S: JSON.stringify(body) },
      },
    }),
  );
}

/** Deletes budget slot items (as one would to reset the 24-hour budget). */
export async function deleteSlotItems(
  slots: readonly number[],
  tableName = COORDINATION_TABLE_NAME,
): Promise<void> {
  for (const slot of slots) {
    await db().send(
      new DeleteItemCommand({ TableName: tableName, Key: key('budget', `slot#${slot}`) }),
    );
  }
}

/** Moves a slot item's claim time (keeping its MAC), e.g. to 0 to make it look free. */
export async function editSlotTime(
  slot: number,
  at: number,
  tableName = COORDINATION_TABLE_NAME,
): Promise<void> {
  await db().send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: key('budget', `slot#${slot}`),
      UpdateExpression: 'SET #at = :at',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: { ':at': { N: String(at) } },
    }),
  );
}
