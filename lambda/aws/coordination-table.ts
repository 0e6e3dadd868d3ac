/**
 * The coordination table (COORDINATION_TABLE): its item layout in one place, and the mapping of
 * DynamoDB's conditional-write refusals to plain `false` answers. The layout and why each write is
 * conditional are written down in docs/lifecycle.md, "Coordination table".
 *
 *   pk = `budget`, sk = `slot#<n>`      one unit of the rolling 24-hour destructive-action budget
 *   pk = `notice`, sk = <notice identity> one notice's claim, outbox entry and "sent" record
 *
 * With STATE_MAC_KEY_ID every item carries `mac` (coordination-mac.ts); an item that does not verify
 * is never acted on as written (docs/threat-model.md, "The coordination table").
 *
 * DynamoDB's TTL deletion is lazy (moto never deletes): every reader here judges `at`, `lease` and
 * `ttl` against the run's own clock and treats an expired item exactly as an absent one.
 */
import {
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { describeError } from '../engine/errors';
import type { UntrustedItem } from '../engine/ports';
import type { ItemSigner } from './coordination-mac';
import { engineFaultText } from '../notify/fault-words';
import { errorName } from './aws-errors';

export const BUDGET_PK = 'budget';
export const NOTICE_PK = 'notice';

/** The table plus the client that reaches it, its items' signer, and what this run did not trust. */
export interface CoordinationTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly signer: ItemSigner;
  readonly untrusted: UntrustedItem[];
}

/** A coordination call failed for a reason other than a refused condition. */
export class CoordinationError extends Error {
  constructor(operation: string, tableName: string, cause: unknown) {
    super(
      engineFaultText({
        kind: 'coordination-failed',
        operation,
        tableName,
        cause: describeError(cause),
      }),
      { cause },
    );
    this.name = 'CoordinationError';
  }
}

/** True when DynamoDB refused a write because its condition (or a transaction member's) was false. */
export function isConditionRefused(err: unknown): boolean {
  const name = errorName(err);
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
}

/**
 * Runs one call: a refused condition answers `false`, other failures become a CoordinationError.
 * The SDK's own retries (throttling, 5xx) have already happened inside `send`.
 */
export async function conditional(
  table: CoordinationTable,
  operation: string,
  call: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if (isConditionRefused(err)) return false;
    throw new CoordinationError(operation, table.tableName, err);
  }
}

export async function guarded<T>(
  table: CoordinationTable,
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new CoordinationError(operation, table.tableName, err);
  }
}

/** Every item a consistent Query of the table returns, all pages; a failure names `operation`. */
export async function queryAll(
  table: CoordinationTable,
  operation: string,
  input: Omit<QueryCommandInput, 'TableName' | 'ConsistentRead' | 'ExclusiveStartKey'>,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await guarded(table, operation, () =>
      table.client.send(
        new QueryCommand({
          ...input,
          TableName: table.tableName,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: number): AttributeValue => ({ N: String(Math.floor(value)) });

export function str(item: Record<string, AttributeValue>, name: string): string | undefined {
  return item[name]?.S;
}

export function num(item: Record<string, AttributeValue>, name: string): number | undefined {
  const text = item[name]?.N;
  return text === undefined ? undefined : Number(text);
}

/** DynamoDB TTL is in epoch seconds. */
export const epochSeconds = (ms: number): number => Math.floor(ms / 1000);
