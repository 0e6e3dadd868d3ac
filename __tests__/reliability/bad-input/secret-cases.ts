/**
 * Secrets in unexpected states (lambda/aws/secret-trust.ts, docs/lifecycle.md "Secrets"): the engine
 * writes a new key only into a secret it trusts. A secret scheduled for deletion, readable by a stranger,
 * without the owner-only Deny, or encrypted with another KMS key gets no key — the rotation is blocked
 * before CreateAccessKey (`ROTATION_BLOCKED`, `secret-not-trusted`, naming why and the fix) and the secret
 * is left exactly as it was. A trusted secret holding an unexpected value (not JSON, another user's key)
 * is rotated into, and nothing in it is lost. The subject is `due`, whose key is due for rotation on day 0.
 */
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { category, type BadInputCase } from './case';
import { actionsAre, hasBlock, versionsKept, writes, writesOnlyTo } from './checks';
import { probe, STANDARD_USERS, type Arranged } from './probe';
import { CREATED_BY_TAG as CREATED_BY } from '../../../lambda/aws/secrets';

const ACCOUNT = '123456789012';
const OWNER = `arn:aws:iam::${ACCOUNT}:user/due`;
const STRANGER = `arn:aws:iam::${ACCOUNT}:role/auditor`;
const SECRET = 'iam-access-key/due';
/** A CMK made for each case; the engine is configured with it only where a row says so. */
const OWN_KEY = 'alias/bad-input-own-key';

interface SecretSetup {
  /** KMS key: `own` creates a CMK the engine was not configured with. @default the default key */
  readonly kms?: 'own';
  /** A KmsKeyId spelled as given (moto stores it unchecked). */
  readonly kmsKeyId?: string;
  /** @default no resource policy */
  readonly policy?: object;
  readonly value?: string | ((a: Arranged) => string);
  readonly scheduledForDeletion?: boolean;
  readonly engineTag?: boolean;
}

interface Input {
  readonly secret: SecretSetup;
  readonly env?: Readonly<Record<string, string>>;
}

type Expected =
  | { readonly blocked: readonly string[] }
  | { readonly rotated: true; readonly strangerRemoved?: boolean };

type Row = BadInputCase<Input, Expected>;

const statement = (effect: 'Allow' | 'Deny', principal: unknown, extra: object = {}) => ({
  Effect: effect,
  Principal: principal,
  Action: 'secretsmanager:GetSecretValue',
  Resource: '*',
  ...extra,
});
const onlyOwnerDeny = (readers: readonly string[], key = 'aws:PrincipalArn') =>
  statement('Deny', '*', { Condition: { StringNotEquals: { [key]: [OWNER, ...readers] } } });
const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
/** Shaped like the module's own secrets: the owner may read, every other principal is denied. */
const MODULE_LIKE = policy(statement('Allow', { AWS: OWNER }), onlyOwnerDeny([]));

export const SECRET_CASES: readonly Row[] = [
  {
    name: 'a secret scheduled for deletion gets no key',
    input: { secret: { policy: MODULE_LIKE, scheduledForDeletion: true } },
    expected: { blocked: ['scheduled for deletion', `restore-secret --secret-id ${SECRET}`] },
  },
  {
    name: 'a secret a stranger may read (no Deny) gets no key',
    input: { secret: { policy: policy(statement('Allow', { AWS: [OWNER, STRANGER] })) } },
    expected: { blocked: ['does not deny reading the value to every principal but the owner'] },
  },
  {
    name: 'a secret whose Deny exempts a stranger gets no key',
    input: { secret: { policy: policy(onlyOwnerDeny([STRANGER])) } },
    expected: { blocked: [`lets ${STRANGER} read the value`] },
  },
  {
    name: 'a secret whose Deny names a principal, not everyone, gets no key',
    input: {
      secret: {
        policy: policy(
          statement(
            'Deny',
            { AWS: STRANGER },
            { Condition: { StringNotEquals: { 'aws:PrincipalArn': [OWNER] } } },
          ),
        ),
      },
    },
    expected: { blocked: ['does not deny reading'] },
  },
  {
    name: 'a secret whose Deny is keyed on aws:username (spoofable by name) gets no key',
    input: { secret: { policy: policy(onlyOwnerDeny([], 'aws:username')) } },
    expected: { blocked: ['does not deny reading'] },
  },
  {
    name: 'a secret without any resource policy gets no key',
    input: { secret: {} },
    expected: { blocked: ['does not deny reading'] },
  },
  {
    name: 'a secret encrypted with another KMS key gets no key',
    input: { secret: { kms: 'own', policy: MODULE_LIKE } },
    expected: {
      blocked: ['is encrypted with KMS key arn:aws:kms:', 'not the configured aws/secretsmanager'],
    },
  },
  {
    name: 'a secret on the default key while SECRET_KMS_KEY_ID names a CMK gets no key',
    input: { secret: { policy: MODULE_LIKE }, env: { SECRET_KMS_KEY_ID: OWN_KEY } },
    expected: { blocked: [`aws/secretsmanager (the default), not the configured ${OWN_KEY}`] },
  },
  {
    name: 'an engine-created secret on another KMS key (a switched key): moved to the configured key, its policy rewritten, then rotated into',
    input: {
      secret: {
        kms: 'own',
        engineTag: true,
        policy: policy(statement('Allow', { AWS: STRANGER })),
      },
    },
    expected: { rotated: true, strangerRemoved: true },
  },
  {
    name: 'an engine-created secret with a stranger in its policy: the policy is rewritten before the key is written',
    input: {
      secret: { engineTag: true, policy: policy(statement('Allow', { AWS: [OWNER, STRANGER] })) },
    },
    expected: { rotated: true, strangerRemoved: true },
  },
  {
    name: 'a secret whose only Deny covers another secret, with an Allow for a stranger, gets no key',
    input: {
      secret: {
        policy: policy(
          statement('Allow', { AWS: [OWNER, STRANGER] }),
          statement('Deny', '*', {
            Resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:iam-access-key/calm-*`,
            Condition: { StringNotEquals: { 'aws:PrincipalArn': [OWNER] } },
          }),
        ),
      },
    },
    expected: { blocked: ['does not deny reading'] },
  },
  {
    name: 'a secret under another account’s alias of the configured alias name gets no key',
    input: {
      secret: {
        kmsKeyId: `arn:aws:kms:us-east-1:999999999999:${OWN_KEY}`,
        policy: MODULE_LIKE,
      },
      env: { SECRET_KMS_KEY_ID: OWN_KEY },
    },
    expected: { blocked: ['999999999999', `not the configured ${OWN_KEY}`] },
  },
  {
    name: 'a trusted secret holding a non-JSON value: rotated into, the old value kept',
    input: { secret: { policy: MODULE_LIKE, value: 'hunter2 (pasted by hand)' } },
    expected: { rotated: true },
  },
  {
    name: 'a trusted secret holding another user’s key: rotated into, the other user’s key untouched',
    input: {
      secret: {
        policy: MODULE_LIKE,
        value: ({ keys }) =>
          JSON.stringify({
            UserName: 'calm',
            AccessKeyId: keys.calm![0],
            CreateDate: '2029-12-28T09:00:00Z',
          }),
      },
    },
    expected: { rotated: true },
  },
];

/** The AccessKeyId in AWSCURRENT (only that field is kept: the test never holds key material). */
async function currentKeyId(): Promise<string> {
  const { SecretString = '' } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT' }),
  );
  try {
    return String((JSON.parse(SecretString) as { AccessKeyId?: unknown }).AccessKeyId);
  } catch {
    return 'a value that is not JSON';
  }
}

async function arrangeSecret(setup: SecretSetup, a: Arranged): Promise<void> {
  const kms = new KMSClient({});
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
  await kms.send(new CreateAliasCommand({ AliasName: OWN_KEY, TargetKeyId: KeyMetadata!.KeyId }));
  const sm = new SecretsManagerClient({});
  const value = typeof setup.value === 'function' ? setup.value(a) : setup.value;
  await sm.send(
    new CreateSecretCommand({
      Name: SECRET,
      ...(setup.kms === 'own' ? { KmsKeyId: KeyMetadata!.Arn } : {}),
      ...(setup.kmsKeyId === undefined ? {} : { KmsKeyId: setup.kmsKeyId }),
      ...(value === undefined ? {} : { SecretString: value }),
      ...(setup.engineTag ? { Tags: [{ ...CREATED_BY }] } : {}),
    }),
  );
  if (setup.policy) {
    const ResourcePolicy = JSON.stringify(setup.policy);
    await sm.send(new PutResourcePolicyCommand({ SecretId: SECRET, ResourcePolicy }));
  }
  if (setup.scheduledForDeletion)
    await sm.send(new DeleteSecretCommand({ SecretId: SECRET, RecoveryWindowInDays: 7 }));
}

export const SECRETS = category<Input, Expected>({
  category: 'secrets',
  tried:
    'a due user’s secret pre-created scheduled for deletion, with foreign or missing resource policies, another KMS key, a non-JSON value or another user’s key, through the real handler',
  level: 'emulator',
  cases: SECRET_CASES,
  async evaluate(row, emulator) {
    const r = await probe(emulator, {
      users: STANDARD_USERS.filter((u) => u.name !== 'idle'),
      env: row.input.env ?? {},
      arrange: (a) => arrangeSecret(row.input.secret, a),
    });
    const e = row.expected;
    const broken = [...writesOnlyTo(r, ['due']), ...versionsKept(r)];
    const dueKeys = r.after.users.find((u) => u.userName === 'due')?.keys.map((k) => k.accessKeyId);
    if ('blocked' in e) {
      broken.push(...actionsAre(r, []), ...hasBlock(r, 'due', 'secret-not-trusted', e.blocked));
      const secretWrites = writes(r.calls).filter(
        (c) => c.action.startsWith('secretsmanager:') || c.action === 'iam:CreateAccessKey',
      );
      if (secretWrites.length)
        broken.push(`wrote although blocked: ${secretWrites.map((c) => c.action).join(', ')}`);
      if (JSON.stringify(dueKeys) !== JSON.stringify(r.keys.due))
        broken.push(`due's keys are ${JSON.stringify(dueKeys)}, expected only ${r.keys.due![0]}`);
      return broken;
    }
    broken.push(...actionsAre(r, ['due create done']));
    const created = r.summary?.actions.find((a) => a.action === 'create')?.newAccessKeyId;
    const current = await currentKeyId();
    if (!created || current !== created)
      broken.push(`AWSCURRENT holds ${current}, not the new key ${created}`);
    const calm = r.after.users.find((u) => u.userName === 'calm')?.keys;
    if (
      JSON.stringify(calm?.map((k) => [k.accessKeyId, k.status])) !==
      JSON.stringify([[r.keys.calm![0], 'Active']])
    )
      broken.push(`calm's keys changed: ${JSON.stringify(calm)}`);
    if (e.strangerRemoved) {
      const policyAfter = r.after.secrets.find((x) => x.name === SECRET)?.policy ?? '';
      if (policyAfter.includes(STRANGER))
        broken.push(`the secret's policy still names ${STRANGER}`);
    }
    return broken;
  },
});
