/**
 * After each integration test: learn every SecretAccessKey moto has issued, then prove none reached
 * the test's captured output, an SNS message moto recorded, or a value the test handed to `seen`
 * (handler return values, thrown errors). Secrets Manager is the one place key material belongs.
 */
import {
  assertNoKeyMaterial,
  capturedOutput,
  rememberKeyMaterial,
} from '../../support/key-material';
import type { Emulator } from '../../../scripts/emulator/emulator';

export async function assertNoLeaks(emulator: Emulator, seen: readonly unknown[]): Promise<void> {
  for (const secret of await emulator.issuedSecrets()) rememberKeyMaterial(secret);
  assertNoKeyMaterial(capturedOutput().join('\n'), 'test output (logs)');
  for (const message of await emulator.snsMessages()) {
    assertNoKeyMaterial(
      message,
      `SNS message ${message.messageId} (${message.subject ?? 'no subject'})`,
    );
  }
  seen.forEach((value, i) =>
    assertNoKeyMaterial(value, `value #${i + 1} the test saw (handler result or error)`),
  );
}
