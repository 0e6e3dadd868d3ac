/** The CoordinationStore port over the coordination table (DynamoDB): the budget's and the notices' items. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CoordinationStore } from '../engine/ports';
import { claimSlot, claimSlots, liveBudgetClaims, releaseSlots } from './coordination-budget';
import {
  claimNotice,
  dropNotice,
  duePendingNotices,
  expireNoticeLease,
  markNoticesSent,
  takeOverNotice,
} from './coordination-notices';

export function dynamoCoordination(client: DynamoDBClient, tableName: string): CoordinationStore {
  const table = { client, tableName };
  return {
    liveBudgetClaims: (now) => liveBudgetClaims(table, now),
    claimSlot: (slot, now, owner) => claimSlot(table, slot, now, owner),
    claimSlots: (slots, now, owner) => claimSlots(table, slots, now, owner),
    releaseSlots: (slots) => releaseSlots(table, slots),
    claimNotice: (claim) => claimNotice(table, claim),
    markNoticesSent: (sent) => markNoticesSent(table, sent),
    expireNoticeLease: (identity, owner) => expireNoticeLease(table, identity, owner),
    dropNotice: (identity, owner) => dropNotice(table, identity, owner),
    duePendingNotices: (now) => duePendingNotices(table, now),
    takeOverNotice: (identity, owner, now, leaseMs) =>
      takeOverNotice(table, identity, owner, now, leaseMs),
  };
}
