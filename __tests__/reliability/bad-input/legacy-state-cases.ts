/**
 * State an earlier engine version or a person left behind (docs/lifecycle.md, "Upgrades and renames"): a
 * secret named the way version 0.1.0 named it (`svc__ci` for `svc_ci`), a user renamed in IAM (its secret
 * found by the UserId tag the engine writes), and a secret someone else made carrying a copied UserId tag.
 * The engine rotates into the secret the workload reads, or blocks the rotation (`secret-not-trusted`,
 * naming the secrets and the fix) and writes nothing — never silently into a new secret. The subject is
 * `svc_ci`, whose key is due on day 0.
 */
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { category, type BadInputCase } from './case';
import { actionsAre, hasBlock, versionsKept, writes, writesOnlyTo } from './checks';
import { probe, type Arranged } from './probe';

const ACCOUNT = '123456789012';
const USER = 'svc_ci';
const OWNER = `arn:aws:iam::${ACCOUNT}:user/${USER}`;
const STRANGER = `arn:aws:iam::${ACCOUNT}:role/auditor`;
const BY_NAME = 'iam-access-key/svc_ci';
const OLDER_NAME = 'iam-access-key/svc__ci';
const PLANTED = 'iam-access-key/zz-planted';

interface PlantedSecret {
  readonly name: string;
  /** Tags as version 0.1.0 wrote them (`created-by`, `user`). */
  readonly engineTags?: { readonly user: string };
  /** `own`: the subject's UserId; `other`: another user's. */
  readonly userIdTag?: 'own' | 'other';
  /** @default owner-only Deny (as the module and the engine write it) */
  readonly readers?: 'owner-only' | 'stranger-too';
}

interface Input {
  readonly secrets: readonly PlantedSecret[];
}

type Expected = { readonly rotatedInto: string } | { readonly blocked: readonly string[] };

type Row = BadInputCase<Input, Expected>;

export const LEGACY_STATE_CASES: readonly Row[] = [
  {
    name: 'a secret version 0.1.0 named svc__ci holds svc_ci’s key: rotated in place, no svc_ci secret made',
    input: { secrets: [{ name: OLDER_NAME, engineTags: { user: USER } }] },
    expected: { rotatedInto: OLDER_NAME },
  },
  {
    name: 'svc_ci has its own secret and the 0.1.0 svc__ci: blocked, naming both and the fix',
    input: { secrets: [{ name: BY_NAME }, { name: OLDER_NAME, engineTags: { user: USER } }] },
    expected: { blocked: [BY_NAME, OLDER_NAME, 'delete-secret --secret-id'] },
  },
  {
    name: 'svc__ci belongs to another user (its user tag): ignored, svc_ci’s own secret rotated',
    input: { secrets: [{ name: BY_NAME }, { name: OLDER_NAME, engineTags: { user: 'svc__ci' } }] },
    expected: { rotatedInto: BY_NAME },
  },
  {
    name: 'a renamed user: its engine secret under the old name, found by its UserId tag, rotated into',
    input: {
      secrets: [
        { name: 'iam-access-key/ops_ci', engineTags: { user: 'ops_ci' }, userIdTag: 'own' },
      ],
    },
    expected: { rotatedInto: 'iam-access-key/ops_ci' },
  },
  {
    name: 'a secret someone made with a copied UserId tag and a stranger reader: blocked, not written',
    input: { secrets: [{ name: PLANTED, userIdTag: 'own', readers: 'stranger-too' }] },
    expected: { blocked: ['does not deny reading the value'] },
  },
  {
    name: 'a copied UserId tag next to the user’s own secret: blocked, naming both',
    input: { secrets: [{ name: BY_NAME }, { name: PLANTED, userIdTag: 'own' }] },
    expected: { blocked: [BY_NAME, PLANTED, 'IAM user id tag'] },
  },
  {
    name: 'the secret under svc_ci’s name carries another user’s UserId: blocked, not overwritten',
    input: {
      secrets: [{ name: BY_NAME, engineTags: { user: USER }, userIdTag: 'other' }],
    },
    expected: { blocked: [BY_NAME, 'belongs to another IAM user'] },
  },
];

function policy(readers: PlantedSecret['readers']): string {
  const allowed = readers === 'stranger-too' ? [OWNER, STRANGER] : [OWNER];
  const statements: object[] = [
    {
      Effect: 'Allow',
      Principal: { AWS: allowed },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    },
  ];
  if (readers !== 'stranger-too') {
    statements.push({
      Effect: 'Deny',
      Principal: '*',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalArn': [OWNER] } },
    });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

async function arrange(input: Input, a: Arranged): Promise<void> {
  const { User } = await new IAMClient({}).send(new GetUserCommand({ UserName: USER }));
  const sm = new SecretsManagerClient({});
  for (const s of input.secrets) {
    const tags = [
      ...(s.engineTags
        ? [
            { Key: 'iam-key-lifecycle:created-by', Value: 'engine' },
            { Key: 'iam-key-lifecycle:user', Value: s.engineTags.user },
          ]
        : []),
      ...(s.userIdTag
        ? [
            {
              Key: 'iam-key-lifecycle:user-id',
              Value: s.userIdTag === 'own' ? User!.UserId! : 'AIDAOTHERUSER00000000',
            },
          ]
        : []),
    ];
    await sm.send(
      new CreateSecretCommand({
        Name: s.name,
        Tags: tags,
        SecretString: JSON.stringify({ UserName: USER, AccessKeyId: a.keys[USER]![0] }),
      }),
    );
    await sm.send(
      new PutResourcePolicyCommand({ SecretId: s.name, ResourcePolicy: policy(s.readers) }),
    );
  }
}

async function currentKeyId(secretId: string): Promise<string> {
  const { SecretString = '' } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }),
  );
  return String((JSON.parse(SecretString) as { AccessKeyId?: unknown }).AccessKeyId);
}

export const LEGACY_STATE = category<Input, Expected>({
  category: 'legacy-state',
  tried:
    'secrets left by version 0.1.0 (svc__ci), a renamed user’s secret found by its UserId tag, and secrets someone else made with a copied UserId tag or under the name with another user’s, through the real handler',
  level: 'emulator',
  cases: LEGACY_STATE_CASES,
  async evaluate(row, emulator) {
    const r = await probe(emulator, {
      users: [
        { name: USER, keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }] },
        { name: 'calm', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] },
      ],
      arrange: (a) => arrange(row.input, a),
    });
    const e = row.expected;
    // The secret rotated into is the user's, whatever its name.
    const secretOwner = 'rotatedInto' in e ? [e.rotatedInto.slice('iam-access-key/'.length)] : [];
    const broken = [...writesOnlyTo(r, [USER, ...secretOwner]), ...versionsKept(r)];
    const namesBefore = r.before.secrets.map((s) => s.name).sort();
    const namesAfter = r.after.secrets.map((s) => s.name).sort();
    if (JSON.stringify(namesBefore) !== JSON.stringify(namesAfter))
      broken.push(`secrets were [${namesBefore.join(', ')}], now [${namesAfter.join(', ')}]`);
    if ('blocked' in e) {
      broken.push(...actionsAre(r, []), ...hasBlock(r, USER, 'secret-not-trusted', e.blocked));
      const secretWrites = writes(r.calls).filter(
        (c) => c.action.startsWith('secretsmanager:') || c.action === 'iam:CreateAccessKey',
      );
      if (secretWrites.length)
        broken.push(`wrote although blocked: ${secretWrites.map((c) => c.action).join(', ')}`);
      return broken;
    }
    broken.push(...actionsAre(r, [`${USER} create done`]));
    const created = r.summary?.actions.find((a) => a.action === 'create')?.newAccessKeyId;
    const current = await currentKeyId(e.rotatedInto);
    if (!created || current !== created)
      broken.push(`AWSCURRENT of ${e.rotatedInto} holds ${current}, not the new key ${created}`);
    return broken;
  },
});
