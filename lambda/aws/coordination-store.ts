/** The CoordinationStore port over the coordination table (DynamoDB): the budget's and the notices' items. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CoordinationStore, StateMac, UntrustedItem } from '../engine/ports';
import { BudgetSlots } from './coordination-budget';
import { itemSigner } from './coordination-mac';
import {
  claimNotice,
  dropNotice,
  duePendingNotices,
  expireNoticeLease,
  markNoticesSent,
  takeOverNotice,
} from './coordination-notices';

/**
 * One per run. `mac`: the signer of the table's items (STATE_MAC_KEY_ID, coordination-mac.ts); without
 * it nothing is signed and nothing can be verified.
 */
export function dynamoCoordination(
  client: DynamoDBClient,
  tableName: string,
  mac?: StateMac,
): CoordinationStore {
  const untrusted: UntrustedItem[] = [];
  const table = { client, tableName, signer: itemSigner(mac), untrusted };
  const slots = new BudgetSlots(table);
  return {
    liveBudgetClaims: (now, max) => slots.live(now, max),
    settleSlots: (now, owner) => slots.settle(now, owner),
    claimSlot: (slot, now, owner) => slots.claimOne(slot, now, owner),
    claimSlots: (chosen, now, owner) => slots.claim(chosen, now, owner),
    releaseSlots: (given) => slots.release(given),
    claimNotice: (claim) => claimNotice(table, claim),
    markNoticesSent: (sent) => markNoticesSent(table, sent),
    expireNoticeLease: (identity, owner) => expireNoticeLease(table, identity, owner),
    dropNotice: (identity, owner) => dropNotice(table, identity, owner),
    duePendingNotices: (now) => duePendingNotices(table, now),
    takeOverNotice: (identity, owner, now, leaseMs) =>
      takeOverNotice(table, identity, owner, now, leaseMs),
    untrustedItems: () => [...untrusted],
  };
}
