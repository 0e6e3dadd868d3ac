/**
 * Planted coordination items as a fault kind (docs/threat-model.md, "The coordination table"): before a
 * faulted run, someone with write access to the table (and not to the state MAC key) plants a "sent"
 * record for a user's deactivation and deletion notices, plants a pending notice carrying foreign text,
 * deletes the claimed budget slots, or edits their claim times to look free. Drawn from its own PRNG
 * stream, so the seeds' stories and fault schedules stay as they were.
 *
 * Invariants it brings: no published notice carries the planted text (`no-foreign-notice-text`), every
 * deactivation of a user whose notices were planted as sent is announced by the end
 * (`notice-not-silenced`), and no 24-hour window sees more deactivations and deletions by the engine
 * than MAX_DESTRUCTIVE_ACTIONS (`destructive-within-budget`).
 */
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  deleteSlotItems,
  editSlotTime,
  plantPendingNotice,
  plantSentRecord,
} from '../../scripts/emulator/coordination-plant';
import { COORDINATION_TABLE_NAME } from '../../scripts/emulator/coordination-table';
import type { SnsNotification } from '../../scripts/emulator/emulator';
import type { Prng } from '../../scripts/emulator/faults-prng';
import { DAY_MS } from '../../scripts/emulator/seed';
import type { Violation } from './invariants';
import type { Observation } from './observe';

export type PlantKind = 'planted-sent' | 'planted-pending' | 'deleted-slots' | 'edited-slots';
export const PLANT_KINDS: readonly PlantKind[] = [
  'planted-sent',
  'planted-pending',
  'deleted-slots',
  'edited-slots',
];
/** Text no engine notice contains: if it is ever published, a planted body got through. */
export const FOREIGN_TEXT = 'PLANTED-COORDINATION-TEXT call 555-0100';
const PLANT_CHANCE = 0.4;
/** The engine's default MAX_DESTRUCTIVE_ACTIONS (the campaign does not set it). */
const MAX_DESTRUCTIVE = 20;

export interface Plant {
  readonly kind: PlantKind;
  readonly user: string;
}

export function randomPlant(rng: Prng, users: readonly string[]): Plant | undefined {
  if (!rng.chance(PLANT_CHANCE)) return undefined;
  return { kind: rng.pick(PLANT_KINDS), user: rng.pick(users) };
}

/** Carries the plant out against the table as it is now; returns a story line. */
export async function applyPlant(plant: Plant, at: Date, seen: Observation): Promise<string> {
  const keys = Object.keys(seen.users[plant.user]?.keys ?? {});
  switch (plant.kind) {
    case 'planted-sent':
      for (const id of keys) {
        await plantSentRecord(`KEY_DEACTIVATED#${plant.user}#${id}`, at);
        await plantSentRecord(`KEY_DELETED#${plant.user}#${id}`, at);
      }
      return `planted sent records for ${plant.user}'s ${keys.length} key(s)`;
    case 'planted-pending': {
      const id = keys[0] ?? 'AKIAPLANTEDPLANTED00';
      const body = {
        event: 'KEY_DEACTIVATED',
        user: plant.user,
        accessKeyId: id,
        reasons: [FOREIGN_TEXT],
        facts: {},
        mode: 'enforce',
      };
      await plantPendingNotice(`KEY_DEACTIVATED#${plant.user}#${id}`, body, at, 'outbox');
      await plantPendingNotice(`PLANTED#${plant.user}`, { ...body, event: 'RUN_FAILED' }, at);
      return `planted pending notices with foreign text for ${plant.user}`;
    }
    case 'deleted-slots':
    case 'edited-slots': {
      const claimed = await claimedSlots();
      if (plant.kind === 'deleted-slots') await deleteSlotItems(claimed);
      else for (const slot of claimed) await editSlotTime(slot, 0);
      return `${plant.kind === 'deleted-slots' ? 'deleted' : 'edited to look free'} ${claimed.length} claimed budget slot(s)`;
    }
  }
}

async function claimedSlots(): Promise<number[]> {
  const { Items = [] } = await new DynamoDBClient({}).send(
    new QueryCommand({
      TableName: COORDINATION_TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: 'budget' } },
    }),
  );
  return Items.filter((i) => Number(i.at?.N ?? '0') > 0).map((i) =>
    Number((i.sk?.S ?? '').replace('slot#', '')),
  );
}

/** Keys an engine run switched off or removed (its destructive actions), from before/after. */
export function destructiveChanges(before: Observation, after: Observation): string[] {
  const out: string[] = [];
  for (const [user, was] of Object.entries(before.users)) {
    const now = after.users[user]?.keys ?? {};
    for (const [id, status] of Object.entries(was.keys)) {
      if (!(id in now)) out.push(`${user}:${id}:deleted`);
      else if (status === 'Active' && now[id] === 'Inactive') out.push(`${user}:${id}:deactivated`);
    }
  }
  return out;
}

/** What the plants and the engine's destructive actions left to check at the end of a seed. */
export interface PlantLedger {
  readonly destructive: { at: number; what: string }[];
  readonly silencedUsers: Set<string>;
}

export const newPlantLedger = (): PlantLedger => ({ destructive: [], silencedUsers: new Set() });

export function checkPlants(
  ledger: PlantLedger,
  messages: readonly SnsNotification[],
): Violation[] {
  const out: Violation[] = [];
  for (const m of messages) {
    if (`${m.subject ?? ''}${m.message}`.includes('555-0100')) {
      out.push({
        invariant: 'no-foreign-notice-text',
        detail: `published ${m.subject ?? 'a notice'} carries text planted in the coordination table`,
      });
    }
  }
  const announced = new Set(
    messages.flatMap((m) => {
      const ids = m.message.match(/AKIA[A-Z0-9]{12,}/g) ?? [];
      return /KEY_DEACTIVATED/.test(`${m.message}${JSON.stringify(m.messageAttributes)}`)
        ? ids
        : [];
    }),
  );
  for (const d of ledger.destructive) {
    const [user, id, change] = d.what.split(':') as [string, string, string];
    if (change !== 'deactivated' || !ledger.silencedUsers.has(user)) continue;
    if (!announced.has(id)) {
      out.push({
        invariant: 'notice-not-silenced',
        detail: `${user}'s ${id} was deactivated with a planted sent record and never announced`,
      });
    }
  }
  const times = ledger.destructive.map((d) => d.at).sort((a, b) => a - b);
  for (let i = 0; i < times.length; i++) {
    const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + DAY_MS).length;
    if (inWindow > MAX_DESTRUCTIVE) {
      out.push({
        invariant: 'destructive-within-budget',
        detail: `${inWindow} deactivations/deletions within 24 hours from ${new Date(times[i]!).toISOString()}`,
      });
      break;
    }
  }
  return out;
}
