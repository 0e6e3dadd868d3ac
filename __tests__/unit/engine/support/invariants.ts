/** The "never lose a key" invariant, checked against the fake account's final state. */
import type { FakeAccount } from './fake-account';

/** Every key the engine created is either stored (AWSCURRENT holds it, with its secret) or gone from IAM. */
export function expectNoOrphanKey(account: FakeAccount, secretName: string): void {
  for (const created of account.created) {
    const stillExists = [...account.users.values()].some((u) =>
      u.keys.some((k) => k.accessKeyId === created.accessKeyId),
    );
    if (!stillExists) continue;
    const current = account.current(secretName);
    expect(current?.AccessKeyId).toBe(created.accessKeyId);
    // Compared as a boolean so a failure message cannot print the secret.
    expect(current?.SecretAccessKey === created.secret).toBe(true);
  }
}
