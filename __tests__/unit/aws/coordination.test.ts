import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { claimSlot, claimSlots, liveBudgetClaims } from '../../../lambda/aws/coordination-budget';
import {
  claimNotice,
  OUTBOX_PENDING_KEEP_MS,
  duePendingNotices,
  expireNoticeLease,
  markNoticesSent,
} from '../../../lambda/aws/coordination-notices';
import { dynamoCoordination } from '../../../lambda/aws/coordination-store';
import { CoordinationError } from '../../../lambda/aws/coordination-table';
import { RunBudget } from '../../../lambda/engine/budget';
import type { KeyDecision } from '../../../lambda/core/model/types';

const NOW = new Date('2030-01-07T09:00:00.000Z');
const DAY = 86_400_000;
const ddb = mockClient(DynamoDBClient);
const table = { client: new DynamoDBClient({ region: 'us-east-1' }), tableName: 'coord' };
/** RunBudget (the engine's) over the DynamoDB adapter. */
const store = dynamoCoordination(table.client, table.tableName);

const refused = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const cancelled = () =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {} });

beforeEach(() => ddb.reset());

describe('budget slots', () => {
  it('claims a slot only when it is absent or its claim is 24 hours old', async () => {
    // Prepare
    ddb.on(PutItemCommand).resolves({});

    // Act
    const claimed = await claimSlot(table, 3, NOW, 'run-a');

    // Assess
    expect(claimed).toBe(true);
    const input = ddb.commandCalls(PutItemCommand)[0]!.args[0].input;
    expect(input.Item).toEqual({
      pk: { S: 'budget' },
      sk: { S: 'slot#3' },
      at: { N: String(NOW.getTime()) },
      owner: { S: 'run-a' },
      ttl: { N: String((NOW.getTime() + DAY) / 1000) },
    });
    expect(input.ConditionExpression).toBe('attribute_not_exists(sk) OR #at <= :cutoff');
    expect(input.ExpressionAttributeValues).toEqual({
      ':cutoff': { N: String(NOW.getTime() - DAY) },
    });
  });

  it.each([
    ['a refused condition', refused(), false],
    ['a cancelled transaction', cancelled(), false],
  ])('answers false on %s', async (_label, error, expected) => {
    ddb.on(PutItemCommand).rejects(error);
    ddb.on(TransactWriteItemsCommand).rejects(error);
    expect(await claimSlot(table, 0, NOW, 'run-a')).toBe(expected);
    expect(await claimSlots(table, [0, 1], NOW, 'run-a')).toBe(expected);
  });

  it('turns any other failure into a CoordinationError naming the table', async () => {
    ddb
      .on(PutItemCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(claimSlot(table, 0, NOW, 'run-a')).rejects.toThrow(CoordinationError);
    await expect(claimSlot(table, 0, NOW, 'run-a')).rejects.toThrow(/coordination table coord/);
  });

  it('claims several slots in one transaction of conditional puts', async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    expect(await claimSlots(table, [4, 9], NOW, 'run-a')).toBe(true);
    const items = ddb.commandCalls(TransactWriteItemsCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => i.Put?.Item?.sk?.S)).toEqual(['slot#4', 'slot#9']);
    expect(items.every((i) => i.Put?.ConditionExpression?.includes('attribute_not_exists'))).toBe(
      true,
    );
  });

  it('counts only claims made in the last 24 hours, across pages', async () => {
    // Prepare: TTL deletion is lazy, so an expired claim is still in the table.
    const slot = (n: number, at: number) => ({
      pk: { S: 'budget' },
      sk: { S: `slot#${n}` },
      at: { N: String(at) },
      owner: { S: 'x' },
    });
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [slot(0, NOW.getTime() - DAY), slot(1, NOW.getTime() - DAY + 1)],
        LastEvaluatedKey: { pk: { S: 'budget' } },
      })
      .resolvesOnce({ Items: [slot(2, NOW.getTime())] });

    // Act
    const live = await liveBudgetClaims(table, NOW);

    // Assess
    expect(live.map((c) => c.slot)).toEqual([1, 2]);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
  });
});

describe('RunBudget', () => {
  const decision = (id: string): KeyDecision => ({
    userName: 'alice',
    accessKeyId: id,
    action: 'deactivate',
    reasons: ['unused'],
    destructive: true,
    facts: {},
  });

  it('falls back to slot-by-slot claims when a concurrent run holds one, and blocks what it could not get', async () => {
    // Prepare: 3 slots, slot 0 already live; the transaction loses a race, slot 1 is then taken too.
    ddb.on(QueryCommand).resolves({
      Items: [{ pk: { S: 'budget' }, sk: { S: 'slot#0' }, at: { N: String(NOW.getTime()) } }],
    });
    ddb.on(TransactWriteItemsCommand).rejects(cancelled());
    ddb.on(PutItemCommand).rejectsOnce(refused()).resolves({});
    const budget = new RunBudget(store, 3, 'run-a', NOW, (s) => s);

    // Act
    const used = await budget.read();
    await budget.reserve(2);
    const takes = [budget.take(decision('AKIA1')), budget.take(decision('AKIA2'))];

    // Assess
    expect(used).toBe(1);
    expect(ddb.commandCalls(PutItemCommand).map((c) => c.args[0].input.Item?.sk?.S)).toEqual([
      'slot#1',
      'slot#2',
    ]);
    expect(takes).toEqual([true, false]);
    expect(budget.exhausted).toBe(true);
    expect(budget.blocked).toEqual([
      expect.objectContaining({ accessKeyId: 'AKIA2', reason: 'circuit-breaker' }),
    ]);
  });

  it('gives back the slots it claimed but did not use', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteItemsCommand).resolves({});
    ddb.on(BatchWriteItemCommand).resolves({});
    const budget = new RunBudget(store, 5, 'run-a', NOW, (s) => s);
    await budget.read();
    await budget.reserve(3);
    budget.take(decision('AKIA1'));
    await budget.release();
    const deletes = ddb.commandCalls(BatchWriteItemCommand)[0]!.args[0].input.RequestItems!.coord!;
    expect(deletes.map((d) => d.DeleteRequest?.Key?.sk?.S)).toEqual(['slot#1', 'slot#2']);
  });

  it('counts the whole budget as used when it cannot be read', async () => {
    ddb.on(QueryCommand).rejects(new Error('network down'));
    const budget = new RunBudget(store, 5, 'run-a', NOW);
    expect(await budget.read()).toBe(5);
    expect(budget.errors).toEqual([expect.objectContaining({ step: 'read-budget' })]);
  });
});

describe('notice claims', () => {
  const claim = {
    identity: 'KEY_DELETED#alice#AKIA1',
    kind: 'outbox' as const,
    body: '{"event":"KEY_DELETED"}',
    owner: 'run-a',
    now: NOW,
    leaseMs: 20 * 60_000,
    keepMs: 7 * DAY,
  };

  it('claims an identity that is absent, expired, or pending under a lease that ran out', async () => {
    ddb.on(PutItemCommand).resolves({});
    expect(await claimNotice(table, claim)).toBe(true);
    const input = ddb.commandCalls(PutItemCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe(
      'attribute_not_exists(sk) OR #ttl <= :nowSeconds OR (#status = :pending AND #lease <= :now)',
    );
    expect(input.Item).toEqual(
      expect.objectContaining({
        sk: { S: claim.identity },
        status: { S: 'pending' },
        lease: { N: String(NOW.getTime() + claim.leaseMs) },
        // Pending, an outbox entry waits for the next run whatever the schedule interval.
        ttl: { N: String((NOW.getTime() + OUTBOX_PENDING_KEEP_MS) / 1000) },
        keep: { N: String(claim.keepMs) },
        body: { S: claim.body },
      }),
    );
  });

  it('answers false when another run sent it or holds it', async () => {
    ddb.on(PutItemCommand).rejects(refused());
    expect(await claimNotice(table, claim)).toBe(false);
  });

  it('ends only its own lease after a failed publish', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    await expireNoticeLease(table, claim.identity, 'run-a');
    const input = ddb.commandCalls(UpdateItemCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('#owner = :me AND #status = :pending');
    expect(input.ExpressionAttributeValues![':me']).toEqual({ S: 'run-a' });
  });

  it('records sent notices in batches of 25, dropping their bodies', async () => {
    ddb.on(BatchWriteItemCommand).resolves({});
    const sent = Array.from({ length: 30 }, (_, i) => ({
      identity: `N#${i}`,
      at: NOW,
      keepMs: DAY,
    }));
    await markNoticesSent(table, sent);
    const calls = ddb.commandCalls(BatchWriteItemCommand);
    expect(calls.map((c) => c.args[0].input.RequestItems!.coord!.length)).toEqual([25, 5]);
    const item = calls[0]!.args[0].input.RequestItems!.coord![0]!.PutRequest!.Item!;
    expect(item.status).toEqual({ S: 'sent' });
    expect(item.body).toBeUndefined();
  });

  it('lists only pending notices whose lease ran out and whose record has not expired', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          pk: { S: 'notice' },
          sk: { S: 'KEY_DELETED#alice#AKIA1' },
          kind: { S: 'outbox' },
          body: { S: '{}' },
          keep: { N: String(DAY) },
        },
      ],
    });
    const due = await duePendingNotices(table, NOW);
    expect(due).toEqual([
      { identity: 'KEY_DELETED#alice#AKIA1', kind: 'outbox', body: '{}', keepMs: DAY },
    ]);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.FilterExpression).toBe(
      '#status = :pending AND #lease <= :now AND #ttl > :nowSeconds',
    );
  });
});
