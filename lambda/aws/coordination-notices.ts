/**
 * Notices-once: one item per notice identity, `pk=notice, sk=<identity>`. The item is at the same time
 * the claim (only one run may publish), the outbox entry (`status=pending` with the notice's body, so a
 * later run can deliver it if the claiming run dies) and, once published, the "sent" record.
 * docs/lifecycle.md, "Coordination table".
 *
 * A claim succeeds when the identity is absent, its record has expired (`ttl` passed: a repeatable
 * notice such as CIRCUIT_BREAKER_TRIPPED, or housekeeping), or it is pending under a lease that has
 * run out (the claiming run died or gave it up).
 *
 * With STATE_MAC_KEY_ID each pending entry carries a MAC over identity, kind, keep and body, and each
 * sent record one over identity, time and ttl (coordination-mac.ts). A refused claim is looked at: an
 * item that does not verify, or holds the identity longer than any run could have asked (a lease
 * beyond this run's, a ttl beyond the identity's keep), was written by someone else, and this run claims
 * over it (on exactly the item read). So a planted "sent" or "pending" item silences nothing. Without
 * the key only the length check applies (docs/threat-model.md, "The coordination table").
 */
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { pendingMessage, sentMessage } from './coordination-mac';
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
/** Clock difference tolerated between runs when judging a lease or ttl another run wrote. */
const SKEW_MS = 5 * 60 * 1000;
const noticeKey = (identity: string) => ({ pk: S(NOTICE_PK), sk: S(identity) });

/** True when this run now owns the identity; false when another run sent it or holds a live claim. */
export async function claimNotice(table: CoordinationTable, claim: NoticeClaim): Promise<boolean> {
  const now = claim.now.getTime();
  const mac = await table.signer.sign(
    pendingMessage(claim.identity, claim.kind, claim.keepMs, claim.body),
  );
  const item = {
    ...noticeKey(claim.identity),
    status: S('pending'),
    kind: S(claim.kind),
    owner: S(claim.owner),
    at: N(now),
    lease: N(now + claim.leaseMs),
    ttl: N(
      epochSeconds(
        now +
          (claim.kind === 'outbox' ? Math.max(claim.keepMs, OUTBOX_PENDING_KEEP_MS) : claim.keepMs),
      ),
    ),
    keep: N(claim.keepMs),
    body: S(claim.body),
    ...(mac !== undefined ? { mac: S(mac) } : {}),
  };
  const claimed = await conditional(table, `claiming notice ${claim.identity}`, () =>
    table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: item,
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
  if (claimed) return true;
  // Refused: another run holds or sent it — or someone else wrote the item. Look.
  const { Item: held } = await guarded(table, `reading notice ${claim.identity}`, () =>
    table.client.send(
      new GetItemCommand({
        TableName: table.tableName,
        Key: noticeKey(claim.identity),
        ConsistentRead: true,
      }),
    ),
  );
  if (held === undefined) {
    return conditional(table, `claiming notice ${claim.identity}`, () =>
      table.client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      ),
    );
  }
  const problem = await foreignProblem(table, claim, held);
  if (problem === undefined) return false;
  const sent = str(held, 'status') === 'sent';
  table.untrusted.push({
    item: sent ? 'sent-record' : 'pending-notice',
    key: claim.identity,
    problem,
    treatment: 'overridden',
  });
  return conditional(table, `claiming notice ${claim.identity} over a foreign item`, () =>
    table.client.send(
      new PutItemCommand({ TableName: table.tableName, Item: item, ...unchanged(held) }),
    ),
  );
}

/** Why a held notice item was not written by an engine run, or undefined when it was. */
async function foreignProblem(
  table: CoordinationTable,
  claim: NoticeClaim,
  held: Record<string, AttributeValue>,
): Promise<'forged' | 'implausible' | undefined> {
  const now = claim.now.getTime();
  const status = str(held, 'status');
  if (status === 'sent') {
    const at = num(held, 'at');
    const ttl = num(held, 'ttl');
    if (at === undefined || ttl === undefined) return 'forged';
    if (at > now + SKEW_MS || ttl * 1000 > at + claim.keepMs + SKEW_MS) return 'implausible';
    const ok = await table.signer.verify(sentMessage(claim.identity, at, ttl), str(held, 'mac'));
    return ok ? undefined : 'forged';
  }
  if (status === 'pending') {
    const lease = num(held, 'lease');
    const keep = num(held, 'keep');
    const kind = str(held, 'kind');
    const body = str(held, 'body');
    if (lease === undefined || keep === undefined || kind === undefined || body === undefined) {
      return 'forged';
    }
    if (lease > now + claim.leaseMs + SKEW_MS) return 'implausible';
    const ok = await table.signer.verify(
      pendingMessage(claim.identity, kind, keep, body),
      str(held, 'mac'),
    );
    return ok ? undefined : 'forged';
  }
  return 'forged';
}

/** A write's condition: the item is exactly as read (its time, status and MAC, or their absence). */
function unchanged(held: Record<string, AttributeValue>) {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const parts = (['at', 'status', 'mac'] as const).map((field) => {
    names[`#${field}`] = field;
    const value = held[field];
    if (value === undefined) return `attribute_not_exists(#${field})`;
    values[`:${field}`] = value;
    return `#${field} = :${field}`;
  });
  return {
    ConditionExpression: parts.join(' AND '),
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
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
    let requests = await Promise.all(
      sent.slice(i, i + BATCH_WRITE_LIMIT).map(async (s) => {
        const at = Math.floor(s.at.getTime());
        const ttl = epochSeconds(at + s.keepMs);
        const mac = await table.signer.sign(sentMessage(s.identity, at, ttl));
        return {
          PutRequest: {
            Item: {
              ...noticeKey(s.identity),
              status: S('sent'),
              at: N(at),
              ttl: N(ttl),
              ...(mac !== undefined ? { mac: S(mac) } : {}),
            },
          },
        };
      }),
    );
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
  const due: PendingNotice[] = [];
  for (const item of items) {
    const identity = str(item, 'sk');
    const body = str(item, 'body');
    const storedKind = str(item, 'kind');
    const kind = storedKind === 'outbox' ? 'outbox' : 'notice';
    const keepMs = num(item, 'keep');
    if (identity === undefined || body === undefined || keepMs === undefined) continue;
    let trust: PendingNotice['trust'] = 'unsigned';
    if (table.signer.keyed) {
      const message = pendingMessage(identity, storedKind ?? '', keepMs, body);
      trust = (await table.signer.verify(message, str(item, 'mac'))) ? 'signed' : 'forged';
    }
    if (trust === 'forged') {
      table.untrusted.push({
        item: 'pending-notice',
        key: identity,
        problem: 'forged',
        treatment: 'not-published',
      });
    }
    due.push({ identity, kind, body, keepMs, trust });
  }
  return due;
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
