import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  claimNotice,
  OUTBOX_PENDING_KEEP_MS,
  duePendingNotices,
  expireNoticeLease,
  markNoticesSent,
} from '../../../lambda/aws/coordination-notices';
import { dynamoCoordination } from '../../../lambda/aws/coordination-store';
import { itemSigner } from '../../../lambda/aws/coordination-mac';
import { CoordinationError } from '../../../lambda/aws/coordination-table';
import { RunBudget } from '../../../lambda/engine/budget';
import type { KeyDecision } from '../../../lambda/core/model/types';

const NOW = new Date('2030-01-07T09:00:00.000Z');
const DAY = 86_400_000;
const ddb = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'us-east-1' });
/** The adapter's table without a MAC key (the emulator tests cover the signed items). */
const table = { client, tableName: 'coord', signer: itemSigner(undefined), untrusted: [] };
/** A fresh store per test: it remembers the slots it read. */
let store = dynamoCoordination(client, 'coord');

const refused = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const cancelled = () =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {} });

beforeEach(() => {
  ddb.reset();
  store = dynamoCoordination(client, 'coord');
});

const slotItem = (n: number, at: number, owner = 'x') => ({
  pk: { S: 'budget' },
  sk: { S: `slot#${n}` },
  at: { N: String(at) },
  owner: { S: owner },
});
/** Slots 0..n-1 written free, as a new table's first claim leaves them. */
const freeSlots = (n: number) => Array.from({ length: n }, (_, i) => slotItem(i, 0, 'free'));

describe('budget slots', () => {
  it('claims a slot on exactly the item it read free (its time, and no MAC without a key)', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: freeSlots(4) });
    ddb.on(PutItemCommand).resolves({});
    await store.liveBudgetClaims(NOW, 4);

    // Act
    const claimed = await store.claimSlot(3, NOW, 'run-a');

    // Assess
    expect(claimed).toBe(true);
    const input = ddb.commandCalls(PutItemCommand)[0]!.args[0].input;
    expect(input.Item).toEqual({
      pk: { S: 'budget' },
      sk: { S: 'slot#3' },
      at: { N: String(NOW.getTime()) },
      owner: { S: 'run-a' },
    });
    expect(input.ConditionExpression).toBe('#at = :seenAt AND attribute_not_exists(#mac)');
    expect(input.ExpressionAttributeValues).toEqual({ ':seenAt': { N: '0' } });
  });

  it.each([
    ['a refused condition', refused(), false],
    ['a cancelled transaction', cancelled(), false],
  ])('answers false on %s', async (_label, error, expected) => {
    ddb.on(QueryCommand).resolves({ Items: freeSlots(2) });
    ddb.on(PutItemCommand).rejects(error);
    ddb.on(TransactWriteItemsCommand).rejects(error);
    await store.liveBudgetClaims(NOW, 2);
    expect(await store.claimSlot(0, NOW, 'run-a')).toBe(expected);
    expect(await store.claimSlots([0, 1], NOW, 'run-a')).toBe(expected);
  });

  it('turns any other failure into a CoordinationError naming the table', async () => {
    ddb.on(QueryCommand).resolves({ Items: freeSlots(1) });
    ddb
      .on(PutItemCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await store.liveBudgetClaims(NOW, 1);
    await expect(store.claimSlot(0, NOW, 'run-a')).rejects.toThrow(CoordinationError);
    await expect(store.claimSlot(0, NOW, 'run-a')).rejects.toThrow(/coordination table coord/);
  });

  it('claims several slots in one transaction of conditional puts', async () => {
    ddb.on(QueryCommand).resolves({ Items: freeSlots(10) });
    ddb.on(TransactWriteItemsCommand).resolves({});
    await store.liveBudgetClaims(NOW, 10);
    expect(await store.claimSlots([4, 9], NOW, 'run-a')).toBe(true);
    const items = ddb.commandCalls(TransactWriteItemsCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => i.Put?.Item?.sk?.S)).toEqual(['slot#4', 'slot#9']);
    expect(items.every((i) => i.Put?.ConditionExpression?.startsWith('#at = :seenAt'))).toBe(true);
  });

  it('does not claim a slot it did not read free', async () => {
    ddb.on(QueryCommand).resolves({ Items: [...freeSlots(2), slotItem(2, NOW.getTime())] });
    await store.liveBudgetClaims(NOW, 3);
    expect(await store.claimSlot(2, NOW, 'run-a')).toBe(false);
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it('counts only claims made in the last 24 hours, across pages', async () => {
    // Prepare: slot items never expire, so a claim 24 hours old is still in the table.
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [slotItem(0, NOW.getTime() - DAY), slotItem(1, NOW.getTime() - DAY + 1)],
        LastEvaluatedKey: { pk: { S: 'budget' } },
      })
      .resolvesOnce({ Items: [slotItem(2, NOW.getTime())] });

    // Act
    const live = await store.liveBudgetClaims(NOW, 3);

    // Assess
    expect(live.map((c) => c.slot)).toEqual([1, 2]);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
  });

  it('counts a deleted slot (missing while others exist) as claimed now, and writes it so', async () => {
    // Prepare: slot 1 of 3 is gone.
    ddb.on(QueryCommand).resolves({ Items: [slotItem(0, 0, 'free'), slotItem(2, 0, 'free')] });
    ddb.on(PutItemCommand).resolves({});

    // Act
    const live = await store.liveBudgetClaims(NOW, 3);
    await store.claimSlot(0, NOW, 'run-a');

    // Assess
    expect(live).toEqual([{ slot: 1, at: NOW.getTime(), owner: 'missing' }]);
    const spent = ddb
      .commandCalls(PutItemCommand)
      .map((c) => c.args[0].input)
      .find((i) => i.Item?.sk?.S === 'slot#1');
    expect(spent?.Item?.at).toEqual({ N: String(NOW.getTime()) });
    expect(spent?.ConditionExpression).toBe('attribute_not_exists(#sk)');
    expect(store.untrustedItems()).toEqual([
      { item: 'budget-slot', key: '1', problem: 'missing', treatment: 'counted-spent' },
    ]);
  });

  it('on a new table writes every slot free before its first claim', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [] })
      .resolves({ Items: freeSlots(3) });
    ddb.on(TransactWriteItemsCommand).resolves({});
    ddb.on(PutItemCommand).resolves({});
    expect(await store.liveBudgetClaims(NOW, 3)).toEqual([]);
    expect(await store.claimSlot(2, NOW, 'run-a')).toBe(true);
    const first = ddb.commandCalls(TransactWriteItemsCommand)[0]!.args[0].input.TransactItems!;
    expect(first.map((i) => [i.Put?.Item?.sk?.S, i.Put?.Item?.at?.N])).toEqual([
      ['slot#0', '0'],
      ['slot#1', '0'],
      ['slot#2', '0'],
    ]);
    expect(store.untrustedItems()).toEqual([]);
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
    ddb
      .on(QueryCommand)
      .resolves({ Items: [slotItem(0, NOW.getTime()), ...freeSlots(3).slice(1)] });
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

  it('gives back the slots it claimed but did not use, written free (never deleted)', async () => {
    ddb.on(QueryCommand).resolves({ Items: freeSlots(5) });
    ddb.on(TransactWriteItemsCommand).resolves({});
    ddb.on(BatchWriteItemCommand).resolves({});
    const budget = new RunBudget(store, 5, 'run-a', NOW, (s) => s);
    await budget.read();
    await budget.reserve(3);
    budget.take(decision('AKIA1'));
    await budget.release();
    const puts = ddb.commandCalls(BatchWriteItemCommand)[0]!.args[0].input.RequestItems!.coord!;
    expect(puts.map((d) => [d.PutRequest?.Item?.sk?.S, d.PutRequest?.Item?.at?.N])).toEqual([
      ['slot#1', '0'],
      ['slot#2', '0'],
    ]);
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
    ddb.on(GetItemCommand).resolves({
      Item: {
        sk: { S: claim.identity },
        status: { S: 'sent' },
        at: { N: String(NOW.getTime() - DAY) },
        ttl: { N: String((NOW.getTime() - DAY + claim.keepMs) / 1000) },
      },
    });
    expect(await claimNotice(table, claim)).toBe(false);
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(1);
  });

  it.each([
    ['a sent record kept longer than the identity keeps', 'sent', { ttl: 4_000_000_000 }],
    ['a pending claim leased longer than any run leases', 'pending', { lease: 9e15 }],
  ])('claims over %s, on exactly that item', async (_label, status, extra) => {
    // Prepare
    const held = {
      sk: { S: claim.identity },
      status: { S: status },
      at: { N: String(NOW.getTime() - 1000) },
      ttl: { N: String((NOW.getTime() + DAY) / 1000) },
      kind: { S: 'outbox' },
      keep: { N: String(claim.keepMs) },
      body: { S: '{}' },
      lease: { N: String(NOW.getTime() + 60_000) },
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, { N: String(v) }])),
    };
    ddb.on(PutItemCommand).rejectsOnce(refused()).resolves({});
    ddb.on(GetItemCommand).resolves({ Item: held });

    // Act
    const claimed = await claimNotice(table, claim);

    // Assess
    expect(claimed).toBe(true);
    const second = ddb.commandCalls(PutItemCommand)[1]!.args[0].input;
    expect(second.ConditionExpression).toBe(
      '#at = :at AND #status = :status AND attribute_not_exists(#mac)',
    );
    expect(table.untrusted.pop()).toEqual(
      expect.objectContaining({ key: claim.identity, problem: 'implausible' }),
    );
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
      {
        identity: 'KEY_DELETED#alice#AKIA1',
        kind: 'outbox',
        body: '{}',
        keepMs: DAY,
        trust: 'unsigned',
      },
    ]);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.FilterExpression).toBe(
      '#status = :pending AND #lease <= :now AND #ttl > :nowSeconds',
    );
  });
});
