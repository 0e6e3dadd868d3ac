/**
 * The MAC that makes the engine's state tags tamper-evident (docs/lifecycle.md, "State kept in IAM
 * user tags"). A signed value is the payload (the unsigned value the rest of the core reads) followed
 * by ` mac=<run nonce>.<base64url of the 32-byte HMAC-SHA-256>` (aws/state-mac.ts: the run key is derived
 * from the KMS key once per run). The MAC covers a message that binds the user,
 * the tag key and the payload, so a signed value copied to another user or another key's tag does not
 * verify. IAM user names and tag keys are unique case-insensitively, so both are bound lowercased.
 * The key never leaves KMS: the edge (engine/state-trust.ts) asks KMS to generate and verify MACs.
 */

/** IAM's limit on a tag value. */
export const MAX_TAG_VALUE_CHARS = 256;
/** `<nonce>.<mac>`: a 12-byte run nonce and a 32-byte HMAC, base64url without padding (aws/state-mac.ts). */
export const MAC_CHARS = 16 + 1 + 43;
const MAC_SUFFIX = ' mac=';
/** The longest payload whose signed value still fits in an IAM tag value. */
export const MAX_SIGNED_PAYLOAD_CHARS = MAX_TAG_VALUE_CHARS - MAC_SUFFIX.length - MAC_CHARS;
/** Versioned, so a future format can never be confused with this one. */
const DOMAIN = 'iam-key-lifecycle/state-tag/v2';
const SIGNED = /^(.*?) ?mac=([A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43})$/;

/** The payload and, when the value carries one well-formed MAC field at its end, the MAC. */
export function splitSignature(value: string): { readonly payload: string; readonly mac?: string } {
  const m = SIGNED.exec(value);
  return m === null ? { payload: value } : { payload: m[1], mac: m[2] };
}

export function appendSignature(payload: string, mac: string): string {
  return payload === '' ? `mac=${mac}` : `${payload}${MAC_SUFFIX}${mac}`;
}

/** What the MAC covers: purpose and version, user, tag key and payload, one per line. */
export function macMessage(userName: string, tagKey: string, payload: string): string {
  return [DOMAIN, userName.toLowerCase(), tagKey.toLowerCase(), payload].join('\n');
}
