/**
 * The rolling 24-hour destructive-action budget as slot items: `pk=budget, sk=slot#<n>` for
 * n < maxDestructiveActions, each holding the epoch-ms `at` when a run claimed it. A slot is free when
 * absent or claimed 24 hours ago or more; claiming is a conditional write on exactly that, so two runs
 * can never hold the same slot, and the number of live slots (claims in the last 24 hours) never
 * exceeds the number of slots. docs/lifecycle.md, "Coordination table".
 */
import {
  BatchWriteItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  BUDGET_PK,
  conditional,
  epochSeconds,
  guarded,
  N,
  num,
  queryAll,
  S,
  str,
  type CoordinationTable,
} from './coordination-table';
import { DAY_MS } from '../core/model/time';
import { MAX_SLOTS_PER_CLAIM, type BudgetClaim } from '../engine/ports';

export const BUDGET_WINDOW_MS = DAY_MS;
/** DynamoDB allows 100 items per transaction (the port's MAX_SLOTS_PER_CLAIM). */
export const MAX_SLOTS_PER_TRANSACTION = MAX_SLOTS_PER_CLAIM;
const BATCH_WRITE_LIMIT = 25;

const slotKey = (slot: number) => ({ pk: S(BUDGET_PK), sk: S(`slot#${slot}`) });

/** Claims made in the 24 hours before `now`, across all runs (one Query, paginated). */
export async function liveBudgetClaims(
  table: CoordinationTable,
  now: Date,
): Promise<BudgetClaim[]> {
  const cutoff = now.getTime() - BUDGET_WINDOW_MS;
  const items = await queryAll(table, 'reading the destructive-action budget', {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': S(BUDGET_PK) },
  });
  return items.flatMap((item) => {
    const slot = Number((str(item, 'sk') ?? '').replace(/^slot#/, ''));
    const at = num(item, 'at');
    const live = Number.isInteger(slot) && at !== undefined && at > cutoff;
    return live ? [{ slot, at, owner: str(item, 'owner') ?? '' }] : [];
  });
}

function slotPut(table: CoordinationTable, slot: number, now: Date, owner: string) {
  const at = now.getTime();
  return {
    TableName: table.tableName,
    Item: {
      ...slotKey(slot),
      at: N(at),
      owner: S(owner),
      ttl: N(epochSeconds(at + BUDGET_WINDOW_MS)),
    },
    // Free = never claimed, or claimed a full window ago (TTL deletion is lazy: judge `at` here).
    ConditionExpression: 'attribute_not_exists(sk) OR #at <= :cutoff',
    ExpressionAttributeNames: { '#at': 'at' },
    ExpressionAttributeValues: { ':cutoff': N(at - BUDGET_WINDOW_MS) },
  };
}

/** Claims one slot; false when it is held (a concurrent run took it). */
export function claimSlot(
  table: CoordinationTable,
  slot: number,
  now: Date,
  owner: string,
): Promise<boolean> {
  return conditional(table, `claiming budget slot ${slot}`, () =>
    table.client.send(new PutItemCommand(slotPut(table, slot, now, owner))),
  );
}

/**
 * Claims up to MAX_SLOTS_PER_TRANSACTION slots all at once, or none: false when any of them is held.
 */
export function claimSlots(
  table: CoordinationTable,
  slots: readonly number[],
  now: Date,
  owner: string,
): Promise<boolean> {
  if (slots.length === 0) return Promise.resolve(true);
  if (slots.length > MAX_SLOTS_PER_TRANSACTION) {
    throw new RangeError(
      `claimSlots takes at most ${MAX_SLOTS_PER_TRANSACTION} slots per call, got ${slots.length}`,
    );
  }
  return conditional(table, `claiming ${slots.length} budget slots`, () =>
    table.client.send(
      new TransactWriteItemsCommand({
        TransactItems: slots.map((slot) => ({ Put: slotPut(table, slot, now, owner) })),
      }),
    ),
  );
}

/**
 * Gives back slots this run claimed but did not use. Unconditional deletes are safe: a slot this run
 * claimed stays its own for 24 hours, far longer than a run lives. Best effort: a slot left behind
 * only makes the budget smaller until it expires.
 */
export async function releaseSlots(
  table: CoordinationTable,
  slots: readonly number[],
): Promise<void> {
  for (let i = 0; i < slots.length; i += BATCH_WRITE_LIMIT) {
    const chunk = slots.slice(i, i + BATCH_WRITE_LIMIT);
    await guarded(table, `releasing ${chunk.length} budget slots`, () =>
      table.client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table.tableName]: chunk.map((slot) => ({ DeleteRequest: { Key: slotKey(slot) } })),
          },
        }),
      ),
    );
  }
}
