/**
 * Which secrets the engine writes a new key into (docs/lifecycle.md, "Secrets"): first the user's secret
 * is located (secret-locate.ts: by name, the older name or the owner's IAM UserId); then it is trusted if
 * the engine will create it itself, or it is not scheduled for deletion, not replicated to other regions,
 * has no rotation function, is encrypted with the configured KMS key (compared by full key ARN), and
 * either the engine created it (its tag; the policy is rewritten before every write) or its resource
 * policy has a Deny of reading the value, covering this secret, to every principal but the owner, the
 * engine and the configured admins — as the module's own secrets have. Anything else gets no key: the
 * rotation is blocked before CreateAccessKey, with reason `secret-not-trusted`.
 */
import {
  GetResourcePolicyCommand,
  UpdateSecretCommand,
  type DescribeSecretCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretTarget, SecretTrust } from '../engine/ports';
import { secretDistrustText, type SecretDistrust } from '../notify/secret-words';
import { errorName } from './aws-errors';
import { locateSecret, type SecretsByUserId } from './secret-locate';
import { denyCoversAllBut } from './secret-policy-deny';
import { engineCreated, type SecretSettings } from './secrets';

export interface TrustSettings extends SecretSettings {
  readonly secretPrefix: string;
  readonly byUserId: SecretsByUserId;
}

export async function checkSecretTrust(
  sm: SecretsManagerClient,
  target: SecretTarget,
  settings: TrustSettings,
  mayWrite: boolean,
): Promise<SecretTrust> {
  const located = await locateSecret(sm, target, settings.secretPrefix, settings.byUserId);
  // The engine creates it, with its own policy and key.
  if (located.kind === 'none')
    return { trusted: true, exists: false, secretName: target.secretName };
  if (located.kind === 'refused') return untrusted(located.why);
  const described = located.described;
  const secretName = described.Name ?? target.secretName;
  const trusted: SecretTrust = { trusted: true, exists: true, secretName };
  if (described.DeletedDate !== undefined) {
    return untrusted({ kind: 'scheduled-for-deletion', secretName });
  }
  const regions = (described.ReplicationStatus ?? []).map((r) => r.Region ?? '?');
  if (regions.length > 0) return untrusted({ kind: 'replicated', regions });
  if (described.RotationEnabled === true || described.RotationLambdaARN !== undefined) {
    return untrusted({
      kind: 'rotation-configured',
      rotationLambdaArn: described.RotationLambdaARN,
    });
  }
  if (!(await usesConfiguredKey(settings, described.KmsKeyId))) {
    if (!engineCreated(described)) {
      return untrusted({
        kind: 'other-kms-key',
        actual: described.KmsKeyId,
        configured: settings.kmsKeyId,
      });
    }
    const moved = mayWrite ? await moveToConfiguredKey(sm, described, settings) : undefined;
    if (moved !== undefined) return untrusted(moved);
  }
  if (engineCreated(described)) return trusted; // its policy is rewritten before the value is written
  const { ResourcePolicy } = await sm.send(new GetResourcePolicyCommand({ SecretId: secretName }));
  const allowed = new Set([
    target.userArn,
    ...settings.adminPrincipalArns,
    ...(await settings.enginePrincipalPatterns()),
  ]);
  const readers = denyCoversAllBut(ResourcePolicy, described.ARN);
  if (readers === undefined) return untrusted({ kind: 'no-owner-only-deny' });
  const strangers = readers.filter((r) => !allowed.has(r));
  if (strangers.length > 0) return untrusted({ kind: 'stranger-readers', strangers });
  return trusted;
}

function untrusted(why: SecretDistrust): SecretTrust {
  return { trusted: false, why: secretDistrustText(why) };
}

/**
 * A secret the engine created under another key (the configured key was switched): UpdateSecret names the
 * configured key, Secrets Manager re-encrypts the AWSCURRENT, AWSPENDING and AWSPREVIOUS versions with it
 * (and keeps the old encryption too, so nothing becomes unreadable meanwhile), and every later write is
 * under it. Undefined when moved; otherwise why not (the rotation is blocked, naming the command).
 */
async function moveToConfiguredKey(
  sm: SecretsManagerClient,
  described: DescribeSecretCommandOutput,
  settings: SecretSettings,
): Promise<SecretDistrust | undefined> {
  const to = settings.kmsKeyId ?? DEFAULT_KEY_ALIAS;
  try {
    await sm.send(new UpdateSecretCommand({ SecretId: described.Name, KmsKeyId: to }));
    return undefined;
  } catch (err) {
    return {
      kind: 'kms-key-not-moved',
      secretName: described.Name ?? '',
      from: described.KmsKeyId ?? DEFAULT_KEY_ALIAS,
      to,
      cause: errorName(err),
    };
  }
}

const DEFAULT_KEY_ALIAS = 'alias/aws/secretsmanager';

function isDefaultKey(keyId: string | undefined): boolean {
  return keyId === undefined || /(^|:)alias\/aws\/secretsmanager$/.test(keyId);
}

/**
 * The configured key, compared by full key ARN: both sides are resolved in this account (kms-key-arn.ts),
 * so another account's alias of the same name, or a key id that merely ends the same, is not it. Without
 * a KMS client (unit tests over other ports) only the same spelling compares equal.
 */
async function usesConfiguredKey(
  settings: SecretSettings,
  actual: string | undefined,
): Promise<boolean> {
  const configured = settings.kmsKeyId;
  if (isDefaultKey(configured) || isDefaultKey(actual)) {
    return isDefaultKey(configured) && isDefaultKey(actual);
  }
  const configuredArn = settings.kmsKeyArn ? await settings.kmsKeyArn() : undefined;
  if (configuredArn === undefined || settings.resolveKmsKey === undefined) {
    return configured === actual;
  }
  // An ARN naming another account is not this account's key, whatever DescribeKey would answer.
  const account = accountOf(actual!);
  if (account !== undefined && account !== accountOf(configuredArn)) return false;
  return (await settings.resolveKmsKey(actual!)) === configuredArn;
}

function accountOf(arn: string): string | undefined {
  return /^arn:[a-z-]+:kms:[a-z0-9-]*:(\d{12}):/.exec(arn)?.[1];
}
