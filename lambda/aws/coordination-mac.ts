/**
 * The coordination table's items are authenticated like state tags (docs/threat-model.md, "The
 * coordination table"): with STATE_MAC_KEY_ID set, every item the engine acts on carries `mac`, an
 * HMAC-SHA-256 under a key derived from the same KMS HMAC key (state-mac.ts). Whoever may write the
 * table but not GenerateMac with that key can plant or edit items, never sign them.
 *
 * Items are signed under one fixed derivation nonce rather than the run's own: a reader then needs one
 * GenerateMac per run for every item it meets, whichever run wrote them (the same derived key's
 * exposure as a run key's: verifiers accept any nonce, so a leaked run key signs forever too).
 *
 * Each message starts with its own first line, so no item's MAC is valid for another kind of item or
 * for a state tag (core/state-signature.ts macMessage starts with the state tags' domain).
 */
import type { StateMac } from '../engine/ports';

/** 16 base64url characters: the nonce field of a state-mac token. */
export const COORDINATION_NONCE = 'coordination-tbl';
const DOMAIN = 'iam-key-lifecycle/coordination-item/v1';

const message = (...fields: readonly (string | number)[]): string =>
  [DOMAIN, ...fields.map(String)].join('\n');

/** A budget slot: which slot, claimed when (epoch ms; 0 = free) and by which run. */
export const slotMessage = (slot: number, at: number, owner: string): string =>
  message('budget-slot', slot, at, owner);

/** A pending notice: its identity, kind, how long it stays taken once sent, and its body. */
export const pendingMessage = (
  identity: string,
  kind: string,
  keepMs: number,
  body: string,
): string => message('notice-pending', identity, kind, keepMs, body);

/** A sent record: its identity, when it was sent and until when it keeps the identity taken. */
export const sentMessage = (identity: string, at: number, ttlSeconds: number): string =>
  message('notice-sent', identity, at, ttlSeconds);

/** Signs and verifies the table's items; without a key, nothing is signed and every item verifies. */
export interface ItemSigner {
  readonly keyed: boolean;
  sign(message: string): Promise<string | undefined>;
  verify(message: string, mac: string | undefined): Promise<boolean>;
}

export function itemSigner(mac: StateMac | undefined): ItemSigner {
  if (mac === undefined) {
    return {
      keyed: false,
      sign: () => Promise.resolve(undefined),
      verify: () => Promise.resolve(true),
    };
  }
  return {
    keyed: true,
    sign: (m) => mac.sign(m),
    // A token under any other nonce was not made for the table: refused without a KMS call, so planted
    // items cannot make a run derive one key per item.
    verify: (m, token) =>
      token?.startsWith(`${COORDINATION_NONCE}.`) ? mac.verify(m, token) : Promise.resolve(false),
  };
}
