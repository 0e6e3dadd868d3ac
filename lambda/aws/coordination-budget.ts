/**
 * The rolling 24-hour destructive-action budget as slot items: `pk=budget, sk=slot#<n>` for
 * n < maxDestructiveActions, each holding the epoch-ms `at` when a run claimed it (0: free) and, with
 * STATE_MAC_KEY_ID, a MAC over slot, `at` and owner (coordination-mac.ts). docs/lifecycle.md,
 * "Coordination table"; docs/threat-model.md, "The coordination table".
 *
 * Slot items are never deleted and never expire: the first run that claims writes every slot (free),
 * given back slots are written free again. So a slot item that is missing while others exist was
 * deleted by someone else; it counts as claimed now, and the next enforcing run writes it claimed, so
 * it is spent for 24 hours. A slot is claimed only when its item was read, looks free (claimed 24
 * hours ago or more) and its MAC verifies; the claim is a conditional write on exactly the item read,
 * so two runs can never hold the same slot. An item that looks free but does not verify (edited or
 * planted) is written claimed instead: deleting or editing items never enlarges the budget. Only
 * deleting every slot item at once reads as a new table (the residual risk the threat model names).
 *
 * Reading makes no KMS call (report mode reads the budget too); MACs are checked only on the way to a
 * claim, with one GenerateMac per run.
 */
import {
  BatchWriteItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  type AttributeValue,
  type Put,
} from '@aws-sdk/client-dynamodb';
import { slotMessage } from './coordination-mac';
import {
  BUDGET_PK,
  conditional,
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
/** The owner a deleted slot is counted under. */
export const MISSING_SLOT_OWNER = 'missing';
/** The owner of a slot written free (a new table's slots, slots given back). */
const FREE_OWNER = 'free';

const slotKey = (slot: number) => ({ pk: S(BUDGET_PK), sk: S(`slot#${slot}`) });

/** A slot item as read: `at` undefined when the item has no readable time. */
interface SeenSlot {
  readonly at?: number;
  readonly owner: string;
  readonly mac?: string;
}

/** One run's view of the slots: what it read, so that each claim is conditional on exactly that. */
export class BudgetSlots {
  private seen = new Map<number, SeenSlot>();
  private max = 0;
  /** No slot item at all: the table is new (or every item was deleted at once). */
  private fresh = false;
  private settledAt?: number;

  constructor(private readonly table: CoordinationTable) {}

  /** Claims made in the 24 hours before `now` (one Query, paginated); a deleted slot counts as one. */
  async live(now: Date, max: number): Promise<BudgetClaim[]> {
    const items = await queryAll(this.table, 'reading the destructive-action budget', {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': S(BUDGET_PK) },
    });
    this.remember(items, max);
    const cutoff = now.getTime() - BUDGET_WINDOW_MS;
    const live: BudgetClaim[] = [];
    for (let slot = 0; slot < max; slot++) {
      const item = this.seen.get(slot);
      if (item === undefined) {
        if (this.fresh) continue;
        live.push({ slot, at: now.getTime(), owner: MISSING_SLOT_OWNER });
        this.distrust(slot, 'missing');
      } else if (item.at === undefined || item.at > cutoff) {
        live.push({ slot, at: item.at ?? now.getTime(), owner: item.owner });
      }
    }
    return live;
  }

  private remember(items: readonly Record<string, AttributeValue>[], max: number): void {
    this.max = max;
    this.seen = new Map();
    this.settledAt = undefined;
    let slotItems = 0;
    for (const item of items) {
      const m = /^slot#(\d+)$/.exec(str(item, 'sk') ?? '');
      if (!m) continue;
      slotItems++;
      const slot = Number(m[1]);
      if (slot >= max) continue;
      const at = num(item, 'at');
      this.seen.set(slot, {
        at: at !== undefined && Number.isFinite(at) ? at : undefined,
        owner: str(item, 'owner') ?? '',
        mac: str(item, 'mac'),
      });
    }
    this.fresh = slotItems === 0;
  }

  private readonly reported = new Set<string>();

  /** Reports an untrusted slot once per run. */
  private distrust(slot: number, problem: 'missing' | 'forged'): void {
    if (this.reported.has(`${slot}`)) return;
    this.reported.add(`${slot}`);
    this.table.untrusted.push({
      item: 'budget-slot',
      key: String(slot),
      problem,
      treatment: 'counted-spent',
    });
  }

  /** Claims one slot; false when it is held, was not read free, or does not verify. */
  async claimOne(slot: number, now: Date, owner: string): Promise<boolean> {
    return this.claim([slot], now, owner);
  }

  /** Claims up to MAX_SLOTS_PER_TRANSACTION slots all at once, or none. */
  async claim(slots: readonly number[], now: Date, owner: string): Promise<boolean> {
    if (slots.length === 0) return true;
    if (slots.length > MAX_SLOTS_PER_TRANSACTION) {
      throw new RangeError(
        `claimSlots takes at most ${MAX_SLOTS_PER_TRANSACTION} slots per call, got ${slots.length}`,
      );
    }
    await this.settle(now, owner);
    const verdicts = await Promise.all(slots.map((slot) => this.claimable(slot, now, owner)));
    if (verdicts.includes(false)) return false;
    const puts = await Promise.all(
      slots.map((slot) => this.put(slot, now.getTime(), owner, this.seen.get(slot))),
    );
    const ok = await conditional(this.table, `claiming ${slots.length} budget slot(s)`, () =>
      puts.length === 1
        ? this.table.client.send(new PutItemCommand(puts[0]!))
        : this.table.client.send(
            new TransactWriteItemsCommand({ TransactItems: puts.map((Put) => ({ Put })) }),
          ),
    );
    if (ok) for (const slot of slots) this.seen.set(slot, { at: now.getTime(), owner });
    return ok;
  }

  /**
   * Once per read, in enforce mode (and before the first claim): a new table gets every slot written
   * free; a deleted slot is written claimed now (spent for 24 hours, then free again).
   */
  async settle(now: Date, owner: string): Promise<void> {
    if (this.settledAt !== undefined) return;
    this.settledAt = now.getTime();
    if (this.fresh) {
      const all = Array.from({ length: this.max }, (_, slot) => slot);
      for (let i = 0; i < all.length; i += MAX_SLOTS_PER_TRANSACTION) {
        const chunk = await Promise.all(
          all.slice(i, i + MAX_SLOTS_PER_TRANSACTION).map((slot) => this.put(slot, 0, FREE_OWNER)),
        );
        await conditional(this.table, `writing ${chunk.length} budget slots`, () =>
          this.table.client.send(
            new TransactWriteItemsCommand({ TransactItems: chunk.map((Put) => ({ Put })) }),
          ),
        );
      }
      // Whether this run or a concurrent one wrote them, claims go by what the table now holds.
      await this.live(now, this.max);
      this.settledAt = now.getTime();
      return;
    }
    for (let slot = 0; slot < this.max; slot++) {
      if (this.seen.has(slot)) continue;
      await this.spend(slot, now, owner, undefined, 'missing');
    }
  }

  /** True when the slot was read free and verifies; a free-looking slot that does not is spent. */
  private async claimable(slot: number, now: Date, owner: string): Promise<boolean> {
    const item = this.seen.get(slot);
    const cutoff = now.getTime() - BUDGET_WINDOW_MS;
    if (item === undefined || item.at === undefined) {
      if (item !== undefined) await this.spend(slot, now, owner, item, 'forged');
      return false;
    }
    if (item.at > cutoff) return false;
    if (await this.table.signer.verify(slotMessage(slot, item.at, item.owner), item.mac)) {
      return true;
    }
    await this.spend(slot, now, owner, item, 'forged');
    return false;
  }

  /** Writes the slot claimed at `now` by this run, on exactly the item read (or none). */
  private async spend(
    slot: number,
    now: Date,
    owner: string,
    item: SeenSlot | undefined,
    problem: 'missing' | 'forged',
  ): Promise<void> {
    this.seen.set(slot, { at: now.getTime(), owner });
    this.distrust(slot, problem);
    const put = await this.put(slot, now.getTime(), owner, item);
    // Refused: the item changed since it was read; it is counted spent this run all the same.
    await conditional(this.table, `counting budget slot ${slot} spent`, () =>
      this.table.client.send(new PutItemCommand(put)),
    );
  }

  /** The slot's item, conditional on the item read being unchanged (absent when none was read). */
  private async put(slot: number, at: number, owner: string, read?: SeenSlot): Promise<Put> {
    const mac = await this.table.signer.sign(slotMessage(slot, at, owner));
    let names: Record<string, string> = { '#sk': 'sk' };
    const values: Record<string, AttributeValue> = {};
    let condition = 'attribute_not_exists(#sk)';
    if (read !== undefined) {
      // DynamoDB refuses names an expression does not use.
      names = { '#at': 'at', '#mac': 'mac' };
      condition = read.at === undefined ? 'attribute_not_exists(#at)' : '#at = :seenAt';
      if (read.at !== undefined) values[':seenAt'] = N(read.at);
      if (read.mac === undefined) condition += ' AND attribute_not_exists(#mac)';
      else {
        condition += ' AND #mac = :seenMac';
        values[':seenMac'] = S(read.mac);
      }
    }
    return {
      TableName: this.table.tableName,
      Item: {
        ...slotKey(slot),
        at: N(at),
        owner: S(owner),
        ...(mac !== undefined ? { mac: S(mac) } : {}),
      },
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
    };
  }

  /**
   * Gives back slots this run claimed but did not use: written free again (never deleted, so a missing
   * item keeps meaning deletion). Unconditional: a slot this run claimed stays its own for 24 hours,
   * far longer than a run lives. Best effort: a slot left behind only makes the budget smaller until
   * its claim is 24 hours old.
   */
  async release(slots: readonly number[]): Promise<void> {
    const owner = FREE_OWNER;
    for (let i = 0; i < slots.length; i += BATCH_WRITE_LIMIT) {
      const chunk = slots.slice(i, i + BATCH_WRITE_LIMIT);
      const items = await Promise.all(
        chunk.map(async (slot) => {
          const mac = await this.table.signer.sign(slotMessage(slot, 0, owner));
          return {
            PutRequest: {
              Item: {
                ...slotKey(slot),
                at: N(0),
                owner: S(owner),
                ...(mac !== undefined ? { mac: S(mac) } : {}),
              },
            },
          };
        }),
      );
      await guarded(this.table, `releasing ${chunk.length} budget slots`, () =>
        this.table.client.send(
          new BatchWriteItemCommand({ RequestItems: { [this.table.tableName]: items } }),
        ),
      );
      for (const slot of chunk) this.seen.set(slot, { at: 0, owner });
    }
  }
}
