/**
 * KMS adapter for the state tags' MAC, rooted in the `HMAC_256` key named by STATE_MAC_KEY_ID. The key
 * never leaves KMS. Asking KMS for one MAC per tag value would cost one GenerateMac per state write and
 * one VerifyMac per state value read, every run; instead each run derives a run key from KMS once —
 * `GenerateMac(key, "iam-key-lifecycle/state-tag-run-key/v2\n" + nonce)`, a fresh random nonce per run —
 * and MACs its values locally with HMAC-SHA-256 under that run key. A signed value carries the nonce, so
 * a reader re-derives that run's key (one GenerateMac per distinct nonce it meets, cached for the run)
 * and checks the MAC locally, in constant time.
 *
 * The run key is a derived key in the function's memory for one run only, never stored or logged; the
 * engine role may only GenerateMac (and VerifyMac) with the KMS key. Whoever could read the function's
 * memory mid-run already holds the role itself. Tokens travel as `<nonce>.<mac>`, base64url without
 * padding (16 + 1 + 43 characters), which IAM tag values allow.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { StateMac } from '../engine/ports';
import { engineFaultText } from '../notify/fault-words';

export const MAC_ALGORITHM = 'HMAC_SHA_256';
const MAC_BYTES = 32;
const NONCE_BYTES = 12;
const DERIVE_DOMAIN = 'iam-key-lifecycle/state-tag-run-key/v2';
const TOKEN = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

/** Tokens are `<nonce>.<mac>`; `verify` is false for a malformed token or a wrong MAC. */
/** One instance per run: it holds the run's nonce and the run keys derived so far. */
export function kmsStateMac(
  kms: KMSClient,
  keyId: string,
  nonce: string = randomBytes(NONCE_BYTES).toString('base64url'),
): StateMac {
  const derived = new Map<string, Promise<Buffer>>();
  const runKey = (n: string): Promise<Buffer> => {
    let key = derived.get(n);
    if (key === undefined) {
      key = deriveRunKey(kms, keyId, n);
      derived.set(n, key);
      key.catch(() => derived.delete(n)); // a failed call is not a key: the next reader asks again
    }
    return key;
  };
  return {
    async sign(message) {
      return `${nonce}.${hmac(await runKey(nonce), message)}`;
    },
    async verify(message, token) {
      const m = TOKEN.exec(token);
      // A value that cannot be a token costs no KMS call.
      if (m === null) return false;
      const [, n, mac] = m;
      const expected = Buffer.from(hmac(await runKey(n), message), 'base64url');
      const given = Buffer.from(mac, 'base64url');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

async function deriveRunKey(kms: KMSClient, keyId: string, nonce: string): Promise<Buffer> {
  const { Mac } = await kms.send(
    new GenerateMacCommand({
      KeyId: keyId,
      MacAlgorithm: MAC_ALGORITHM,
      Message: new TextEncoder().encode(`${DERIVE_DOMAIN}\n${nonce}`),
    }),
  );
  if (Mac?.length !== MAC_BYTES) {
    throw new Error(
      engineFaultText({
        kind: 'state-mac-key-wrong',
        keyId,
        bytes: Mac?.length ?? 0,
        expected: MAC_BYTES,
      }),
    );
  }
  return Buffer.from(Mac);
}

function hmac(key: Buffer, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('base64url');
}
