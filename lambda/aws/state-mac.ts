/**
 * KMS adapter for the state tags' MAC: HMAC-SHA-256 with the `HMAC_256` key named by STATE_MAC_KEY_ID.
 * The key never leaves KMS; the engine role may only GenerateMac and VerifyMac with it. MACs travel as
 * base64url without padding (43 characters for 32 bytes), which IAM tag values allow.
 */
import { GenerateMacCommand, VerifyMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import { errorName } from './aws-errors';

export const MAC_ALGORITHM = 'HMAC_SHA_256';
const MAC_BYTES = 32;

/** The port the engine signs and verifies through. */
export interface StateMac {
  /** The MAC of `message`, base64url. */
  sign(message: string): Promise<string>;
  /** True when `mac` is the MAC of `message`; false for any wrong or malformed MAC. */
  verify(message: string, mac: string): Promise<boolean>;
}

export function kmsStateMac(kms: KMSClient, keyId: string): StateMac {
  return {
    async sign(message) {
      const { Mac } = await kms.send(
        new GenerateMacCommand({
          KeyId: keyId,
          MacAlgorithm: MAC_ALGORITHM,
          Message: bytes(message),
        }),
      );
      if (Mac?.length !== MAC_BYTES) {
        throw new Error(
          `KMS GenerateMac with key ${keyId} returned ${Mac?.length ?? 0} bytes, expected ${MAC_BYTES}: ` +
            `STATE_MAC_KEY_ID must name an HMAC_256 key with key usage GENERATE_VERIFY_MAC`,
        );
      }
      return Buffer.from(Mac).toString('base64url');
    },
    async verify(message, mac) {
      const decoded = Buffer.from(mac, 'base64url');
      // A value that cannot be a MAC is not sent to KMS: one call fewer per forged tag.
      if (decoded.length !== MAC_BYTES || decoded.toString('base64url') !== mac) return false;
      try {
        const { MacValid } = await kms.send(
          new VerifyMacCommand({
            KeyId: keyId,
            MacAlgorithm: MAC_ALGORITHM,
            Message: bytes(message),
            Mac: decoded,
          }),
        );
        return MacValid === true;
      } catch (err) {
        // KMS answers a MAC that does not match with this error; anything else (throttling, access) throws.
        if (errorName(err) === 'KMSInvalidMacException') return false;
        throw err;
      }
    },
  };
}

function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
