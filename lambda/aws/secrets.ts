/**
 * The secret store (docs/lifecycle.md, "Secret names" and "Safety rules"): one secret per user; AWSCURRENT is the newest key, AWSPREVIOUS the
 * one being retired. A key counts as stored only once it has been read back and compared.
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
  type DescribeSecretCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  SecretStoreError,
  type NewAccessKey,
  type SecretTarget,
  type UndoResult,
} from '../engine/ports';
import { errorName, isNotFound } from './aws-errors';
import { USER_ID_TAG_KEY, USER_TAG_KEY } from './secret-locate';
import { ownerOnlyPolicy } from './secret-policy';
import { versionToken } from './secret-version';
import { engineFaultText } from '../notify/fault-words';

/** Marks secrets the engine created (their policy is the engine's; Terraform-owned secrets keep theirs). */
export const CREATED_BY_TAG = { Key: 'iam-key-lifecycle:created-by', Value: 'engine' } as const;

export interface SecretSettings {
  readonly kmsKeyId?: string;
  /** When kmsKeyId is an alias: the ARN of the key it names, resolved once per run (kms-key-arn.ts). */
  readonly kmsKeyArn?: () => Promise<string>;
  /** The key ARN a secret's KmsKeyId names in this account, or undefined (kms-key-arn.ts). */
  readonly resolveKmsKey?: (keyId: string) => Promise<string | undefined>;
  readonly adminPrincipalArns: readonly string[];
  readonly enginePrincipalPatterns: () => Promise<readonly string[]>;
}

/**
 * `knownAbsent`: the secret-trust check of this run found no secret, so DescribeSecret is skipped and the
 * secret created at once; if one appeared meanwhile, the store fails (and the key is deleted again)
 * rather than write into a secret nobody checked.
 */
export async function storeKey(
  sm: SecretsManagerClient,
  target: SecretTarget,
  settings: SecretSettings,
  key: NewAccessKey,
  knownAbsent = false,
): Promise<void> {
  let step = 'describe-secret';
  let previousVersionId: string | undefined;
  let valueMayBeWritten = false;
  try {
    const existing = knownAbsent ? undefined : await describe(sm, target.secretName);
    previousVersionId = currentVersion(existing);
    if (!existing) {
      step = 'create-secret';
      await createSecret(sm, target, settings, !knownAbsent);
    }
    if (!existing || engineCreated(existing)) {
      step = 'put-resource-policy';
      await putPolicy(sm, target, settings);
    }
    if (existing && engineCreated(existing)) {
      step = 'tag-secret-owner';
      await tagOwner(sm, target, existing);
    }
    step = 'put-secret-value';
    valueMayBeWritten = true;
    const token = versionToken(key.accessKeyId, 'key');
    await sm.send(
      new PutSecretValueCommand({
        SecretId: target.secretName,
        ClientRequestToken: token,
        SecretString: JSON.stringify({
          UserName: target.userName,
          AccessKeyId: key.accessKeyId,
          SecretAccessKey: key.secretAccessKey,
          CreateDate: key.createDate.toISOString(),
        }),
      }),
    );
    step = 'verify-secret';
    await verify(sm, target.secretName, token, key);
  } catch (err) {
    throw new SecretStoreError(
      target.secretName,
      key.accessKeyId,
      step,
      valueMayBeWritten,
      previousVersionId,
      versionToken(key.accessKeyId, 'key'),
      err,
    );
  }
}

/** Moves AWSCURRENT back off a version a failed store wrote. Returns what it did (for the audit log). */
export async function undoStore(
  sm: SecretsManagerClient,
  failure: SecretStoreError,
): Promise<UndoResult> {
  if (!failure.valueMayBeWritten) return 'nothing-written';
  const token = versionToken(failure.accessKeyId, 'key');
  const described = await describe(sm, failure.secretName);
  if (!described?.VersionIdsToStages?.[token]?.includes('AWSCURRENT')) return 'nothing-written';
  if (!failure.previousVersionId) return 'no-previous-version';
  await sm.send(
    new UpdateSecretVersionStageCommand({
      SecretId: failure.secretName,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: failure.previousVersionId,
      RemoveFromVersionId: token,
    }),
  );
  return 'restored';
}

/**
 * When the engine deletes the key held in AWSCURRENT, a new current version records the deletion (no
 * SecretAccessKey), so a reader can tell the stored key is gone instead of failing on it later.
 */
export async function recordDeletion(
  sm: SecretsManagerClient,
  target: Pick<SecretTarget, 'secretName' | 'userName'>,
  accessKeyId: string,
  deletedAt: Date,
): Promise<'recorded' | 'no-secret' | 'not-current'> {
  let currentKeyId: string | undefined;
  try {
    const { SecretString } = await sm.send(
      new GetSecretValueCommand({ SecretId: target.secretName, VersionStage: 'AWSCURRENT' }),
    );
    currentKeyId = accessKeyIdOf(SecretString);
  } catch (err) {
    if (isNotFound(err)) return 'no-secret';
    throw err;
  }
  if (currentKeyId !== accessKeyId) return 'not-current';
  await sm.send(
    new PutSecretValueCommand({
      SecretId: target.secretName,
      ClientRequestToken: versionToken(accessKeyId, 'deleted'),
      SecretString: JSON.stringify({
        UserName: target.userName,
        AccessKeyId: accessKeyId,
        Status: 'Deleted',
        DeletedDate: deletedAt.toISOString(),
      }),
    }),
  );
  return 'recorded';
}

/**
 * Which of `accessKeyIds` the engine stored in the secret as its AWSCURRENT version, or undefined. The
 * engine writes each key under a version id derived from its AccessKeyId (secret-version.ts), so one
 * DescribeSecret answers without reading any secret value (the read-only plan may call it too).
 */
export async function currentStoredKeyId(
  sm: SecretsManagerClient,
  secretName: string,
  accessKeyIds: readonly string[],
): Promise<string | undefined> {
  const current = currentVersion(await describe(sm, secretName));
  if (current === undefined) return undefined;
  return accessKeyIds.find((id) => versionToken(id, 'key') === current);
}

async function describe(sm: SecretsManagerClient, secretName: string) {
  try {
    return await sm.send(new DescribeSecretCommand({ SecretId: secretName }));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function currentVersion(described: DescribeSecretCommandOutput | undefined): string | undefined {
  const stages = described?.VersionIdsToStages ?? {};
  return Object.keys(stages).find((id) => stages[id]?.includes('AWSCURRENT'));
}

/** A secret the engine created carries its tag (the engine owns and rewrites its policy). */
export function engineCreated(described: DescribeSecretCommandOutput): boolean {
  return (described.Tags ?? []).some(
    (t) => t.Key === CREATED_BY_TAG.Key && t.Value === CREATED_BY_TAG.Value,
  );
}

async function createSecret(
  sm: SecretsManagerClient,
  target: SecretTarget,
  settings: SecretSettings,
  existsIsFine: boolean,
) {
  try {
    await sm.send(
      new CreateSecretCommand({
        Name: target.secretName,
        Description: `IAM access key of user ${target.userName}, rotated by iam-key-lifecycle`,
        KmsKeyId: settings.kmsKeyId,
        Tags: [{ ...CREATED_BY_TAG }, ...ownerTags(target)],
      }),
    );
  } catch (err) {
    // A concurrent run created it between our DescribeSecret and CreateSecret: same outcome.
    if (!existsIsFine || errorName(err) !== 'ResourceExistsException') throw err;
  }
}

/** Who owns the secret: the user name, and the immutable IAM UserId that survives a rename. */
function ownerTags(target: SecretTarget): { Key: string; Value: string }[] {
  return [
    { Key: USER_TAG_KEY, Value: target.userName },
    ...(target.userId === undefined ? [] : [{ Key: USER_ID_TAG_KEY, Value: target.userId }]),
  ];
}

/**
 * An engine secret written before secrets carried the UserId, or found after a rename, gets the owner's
 * tags now, so the next rename finds it (secret-locate.ts). Terraform's secrets are left to Terraform.
 */
async function tagOwner(
  sm: SecretsManagerClient,
  target: SecretTarget,
  existing: DescribeSecretCommandOutput,
) {
  const has = (t: { Key: string; Value: string }) =>
    (existing.Tags ?? []).some((e) => e.Key === t.Key && e.Value === t.Value);
  const missing = ownerTags(target).filter((t) => !has(t));
  if (missing.length === 0) return;
  await sm.send(new TagResourceCommand({ SecretId: target.secretName, Tags: missing }));
}

async function putPolicy(sm: SecretsManagerClient, target: SecretTarget, settings: SecretSettings) {
  const policy = ownerOnlyPolicy({
    ownerArn: target.userArn,
    adminPrincipalArns: settings.adminPrincipalArns,
    enginePrincipalPatterns: await settings.enginePrincipalPatterns(),
  });
  await sm.send(
    new PutResourcePolicyCommand({ SecretId: target.secretName, ResourcePolicy: policy }),
  );
}

async function verify(
  sm: SecretsManagerClient,
  secretName: string,
  token: string,
  key: NewAccessKey,
) {
  // moto returns a stale value without VersionStage after stage moves: always name the stage.
  const { SecretString } = await sm.send(
    new GetSecretValueCommand({
      SecretId: secretName,
      VersionId: token,
      VersionStage: 'AWSCURRENT',
    }),
  );
  const stored = parse(SecretString);
  const matches =
    key.secretAccessKey !== '' &&
    stored?.AccessKeyId === key.accessKeyId &&
    stored?.SecretAccessKey === key.secretAccessKey;
  if (!matches) {
    throw new Error(
      engineFaultText({
        kind: 'secret-read-back-mismatch',
        secretName,
        accessKeyId: key.accessKeyId,
      }),
    );
  }
}

function accessKeyIdOf(secretString: string | undefined): string | undefined {
  const value = parse(secretString)?.AccessKeyId;
  return typeof value === 'string' ? value : undefined;
}

function parse(secretString: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(secretString ?? '');
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined; // never echo the text: it may be key material
  }
}
