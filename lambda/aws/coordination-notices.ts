/**
 * Notices-once: one item per notice identity, `pk=notice, sk=<identity>`. The item is at the same time
 * the claim (only one run may publish), the outbox entry (`status=pending` with the notice's body, so a
 * later run can deliver it if the claiming run dies) and, once published, the "sent" record.
 * docs/lifecycle.md, "Coordination table".
 *
 * A claim succeeds when the identity is absent, its record has expired (`ttl` passed: a repeatable
 * notice such as CIRCUIT_BREAKER_TRIPPED, or housekeeping), or it is pending under a lease that has
 * run out (the claiming run died or gave it up).
 */
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  conditional,
  epochSeconds,
  guarded,
  N,
  NOTICE_PK,
  num,
  queryAll,
  S,
  str,
  type CoordinationTable,
} from './coordination-table';
import type { NoticeClaim, PendingNotice, SentNotice } from '../engine/ports';
import { engineFaultText } from '../notify/fault-words';

const BATCH_WRITE_LIMIT = 25;
/**
 * How long a pending outbox entry (the notice of an action already taken) waits for a run to deliver
 * it: longer than any sane schedule interval (EventBridge allows `rate(30 days)`), so it never expires
 * unsent before the next run. Marked sent, it keeps its identity for the notice's own keepMs.
 */
export const OUTBOX_PENDING_KEEP_MS = 400 * 86_400_000;
const noticeKey = (identity: string) => ({ pk: S(NOTICE_PK), sk: S(identity) });

/** True when this run now owns the identity; false when another run sent it or holds a live claim. */
export function claimNotice(table: CoordinationTable, claim: NoticeClaim): Promise<boolean> {
  const now = claim.now.getTime();
  return conditional(table, `claiming notice ${claim.identity}`, () =>
    table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: {
          ...noticeKey(claim.identity),
          status: S('pending'),
          kind: S(claim.kind),
          owner: S(claim.owner),
          at: N(now),
          lease: N(now + claim.leaseMs),
          ttl: N(
            epochSeconds(
              now +
                (claim.kind === 'outbox'
                  ? Math.max(claim.keepMs, OUTBOX_PENDING_KEEP_MS)
                  : claim.keepMs),
            ),
          ),
          keep: N(claim.keepMs),
          body: S(claim.body),
        },
        ConditionExpression:
          'attribute_not_exists(sk) OR #ttl <= :nowSeconds OR (#status = :pending AND #lease <= :now)',
        ExpressionAttributeNames: { '#ttl': 'ttl', '#status': 'status', '#lease': 'lease' },
        ExpressionAttributeValues: {
          ':nowSeconds': N(epochSeconds(now)),
          ':pending': S('pending'),
          ':now': N(now),
        },
      }),
    ),
  );
}

/**
 * Records published notices as sent (the body is dropped: nothing more to deliver). Unconditional:
 * whoever published it, it is out. Chunks of 25; items DynamoDB leaves unprocessed are retried once.
 */
export async function markNoticesSent(
  table: CoordinationTable,
  sent: readonly SentNotice[],
): Promise<void> {
  for (let i = 0; i < sent.length; i += BATCH_WRITE_LIMIT) {
    let requests = sent.slice(i, i + BATCH_WRITE_LIMIT).map((s) => ({
      PutRequest: {
        Item: {
          ...noticeKey(s.identity),
          status: S('sent'),
          at: N(s.at.getTime()),
          ttl: N(epochSeconds(s.at.getTime() + s.keepMs)),
        },
      },
    }));
    for (let attempt = 0; attempt < 2 && requests.length > 0; attempt++) {
      const answer = await guarded(table, `recording ${requests.length} notices as sent`, () =>
        table.client.send(
          new BatchWriteItemCommand({ RequestItems: { [table.tableName]: requests } }),
        ),
      );
      requests = (answer.UnprocessedItems?.[table.tableName] ?? []) as typeof requests;
    }
    if (requests.length > 0) {
      throw new Error(
        engineFaultText({
          kind: 'notices-unrecorded',
          tableName: table.tableName,
          count: requests.length,
        }),
      );
    }
  }
}

/** Publishing failed: end this run's lease at once, so the next run delivers it. */
export function expireNoticeLease(
  table: CoordinationTable,
  identity: string,
  owner: string,
): Promise<boolean> {
  return conditional(table, `giving up notice ${identity}`, () =>
    table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: noticeKey(identity),
        UpdateExpression: 'SET #lease = :zero',
        ConditionExpression: '#owner = :me AND #status = :pending',
        ExpressionAttributeNames: { '#lease': 'lease', '#owner': 'owner', '#status': 'status' },
        ExpressionAttributeValues: { ':zero': N(0), ':me': S(owner), ':pending': S('pending') },
      }),
    ),
  );
}

/** The action the notice announced did not happen: withdraw this run's entry. */
export function dropNotice(
  table: CoordinationTable,
  identity: string,
  owner: string,
): Promise<boolean> {
  return conditional(table, `withdrawing notice ${identity}`, () =>
    table.client.send(
      new DeleteItemCommand({
        TableName: table.tableName,
        Key: noticeKey(identity),
        ConditionExpression: '#owner = :me AND #status = :pending',
        ExpressionAttributeNames: { '#owner': 'owner', '#status': 'status' },
        ExpressionAttributeValues: { ':me': S(owner), ':pending': S('pending') },
      }),
    ),
  );
}

/** Pending notices whose lease has run out: their run died or gave up (one Query, paginated). */
export async function duePendingNotices(
  table: CoordinationTable,
  now: Date,
): Promise<PendingNotice[]> {
  const items = await queryAll(table, 'reading pending notices', {
    KeyConditionExpression: 'pk = :pk',
    FilterExpression: '#status = :pending AND #lease <= :now AND #ttl > :nowSeconds',
    ExpressionAttributeNames: { '#status': 'status', '#lease': 'lease', '#ttl': 'ttl' },
    ExpressionAttributeValues: {
      ':pk': S(NOTICE_PK),
      ':pending': S('pending'),
      ':now': N(now.getTime()),
      ':nowSeconds': N(epochSeconds(now.getTime())),
    },
  });
  return items.flatMap((item): PendingNotice[] => {
    const identity = str(item, 'sk');
    const body = str(item, 'body');
    const kind = str(item, 'kind') === 'outbox' ? 'outbox' : 'notice';
    const keepMs = num(item, 'keep');
    const whole = identity !== undefined && body !== undefined && keepMs !== undefined;
    return whole ? [{ identity, kind, body, keepMs }] : [];
  });
}

/** Takes over a pending notice whose lease ran out; false when another run got there first. */
export function takeOverNotice(
  table: CoordinationTable,
  identity: string,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  return conditional(table, `taking over notice ${identity}`, () =>
    table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: noticeKey(identity),
        UpdateExpression: 'SET #owner = :me, #lease = :lease',
        ConditionExpression: '#status = :pending AND #lease <= :now',
        ExpressionAttributeNames: { '#owner': 'owner', '#lease': 'lease', '#status': 'status' },
        ExpressionAttributeValues: {
          ':me': S(owner),
          ':lease': N(now.getTime() + leaseMs),
          ':now': N(now.getTime()),
          ':pending': S('pending'),
        },
      }),
    ),
  );
}
