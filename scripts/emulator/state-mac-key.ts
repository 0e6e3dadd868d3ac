/**
 * The state-tag MAC key as the module creates it (KMS `HMAC_256`, `GENERATE_VERIFY_MAC`), made directly
 * in the emulator for integration tests. Returns its ARN, the form the module puts in STATE_MAC_KEY_ID.
 */
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';

export async function createStateMacKey(): Promise<string> {
  const { KeyMetadata } = await new KMSClient({}).send(
    new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
  );
  return KeyMetadata!.Arn!;
}
