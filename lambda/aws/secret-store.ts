/** The SecretStore port over Secrets Manager (secrets.ts stores, secret-trust.ts judges). */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretStore } from '../engine/ports';
import { secretName } from './secret-name';
import { olderSecretOf, secretsByUserIdListing } from './secret-locate';
import { checkSecretTrust } from './secret-trust';
import {
  currentStoredKeyId,
  recordDeletion,
  storeKey,
  undoStore,
  type SecretSettings,
} from './secrets';

/** Everything the SecretStore port needs besides the client: the names and readers of the secrets. */
export interface SecretStoreSettings extends SecretSettings {
  readonly secretPrefix: string;
}

/** The SecretStore port over Secrets Manager. */
export function secretsManagerStore(
  sm: SecretsManagerClient,
  settings: SecretStoreSettings,
): SecretStore {
  // One listing per run (a store lives for one invocation), read only if a rotation needs it.
  const trustSettings = {
    ...settings,
    byUserId: secretsByUserIdListing(sm, settings.secretPrefix),
  };
  return {
    nameFor: (userName) => secretName(settings.secretPrefix, userName),
    trust: (target, mayWrite = false) => checkSecretTrust(sm, target, trustSettings, mayWrite),
    store: (target, key, knownAbsent) => storeKey(sm, target, settings, key, knownAbsent),
    undoStore: (failure) => undoStore(sm, failure),
    recordDeletion: (target, accessKeyId, deletedAt) =>
      recordDeletion(sm, target, accessKeyId, deletedAt),
    // A key stored in the 0.1.0-named secret the engine keeps rotating is stored too: never an orphan.
    currentStoredKeyId: async (name, accessKeyIds) => {
      const stored = await currentStoredKeyId(sm, name, accessKeyIds);
      if (stored !== undefined) return stored;
      const older = await olderSecretOf(sm, settings.secretPrefix, name);
      return older === undefined ? undefined : currentStoredKeyId(sm, older, accessKeyIds);
    },
  };
}
