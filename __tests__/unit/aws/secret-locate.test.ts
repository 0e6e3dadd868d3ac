/**
 * Which secret is the user's (lambda/aws/secret-locate.ts, docs/lifecycle.md "Upgrades and renames"), on
 * the Secrets Manager adapter over the SDK fake: the name, the name version 0.1.0 gave it (with tag
 * evidence), the owner's UserId tag (one listing per run), and the key stored there counting as stored.
 */
import { secretsManagerStore } from '../../../lambda/aws/secret-store';
import { olderSecretName } from '../../../lambda/aws/secret-locate';
import { versionToken } from '../../../lambda/aws/secret-version';
import { FakeAccount, moduleSecretPolicy } from './support/sdk-account';

const PREFIX = 'iam-access-key/';
const USER_ID = 'AIDAEXAMPLEUSERID0001';
const target = (userName: string, userId: string | undefined = USER_ID) => ({
  secretName: `${PREFIX}${userName.split(',').join('/')}`,
  userName,
  userArn: `arn:aws:iam::123456789012:user/${userName}`,
  ...(userId === undefined ? {} : { userId }),
});

function storeOver(account: FakeAccount) {
  return secretsManagerStore(account.sm, {
    secretPrefix: PREFIX,
    adminPrincipalArns: [],
    enginePrincipalPatterns: async () => ['arn:aws:iam::123456789012:role/engine'],
  });
}

/** A secret holding `keyId` as AWSCURRENT, under the version id the engine derives from it. */
function secretWith(
  account: FakeAccount,
  name: string,
  owner: string,
  tags: Record<string, string>,
  keyId = 'AKIAOLDKEY0000000001',
) {
  account.secrets.set(name, {
    name,
    tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    versions: [],
    policy: moduleSecretPolicy(owner),
  });
  account.secrets.get(name)!.versions.push({
    id: versionToken(keyId, 'key'),
    stages: ['AWSCURRENT'],
    value: JSON.stringify({ UserName: owner, AccessKeyId: keyId }),
  });
}

const ENGINE = { 'iam-key-lifecycle:created-by': 'engine' };

describe('the name version 0.1.0 gave a secret', () => {
  it.each([
    ['svc_ci', 'iam-access-key/svc__ci'],
    ['a,b', 'iam-access-key/a_cb'],
    ['x_,y', 'iam-access-key/x___cy'],
    ['alice', 'iam-access-key/alice'],
  ])('of %s is %s', (user, name) => {
    expect(olderSecretName(PREFIX, user)).toBe(name);
  });
});

describe('locating the user’s secret', () => {
  it('chooses the 0.1.0 secret whose user tag names the user', async () => {
    // Prepare
    const account = new FakeAccount();
    secretWith(account, 'iam-access-key/svc__ci', 'svc_ci', {
      ...ENGINE,
      'iam-key-lifecycle:user': 'svc_ci',
    });

    // Act
    const trust = await storeOver(account).trust(target('svc_ci'));

    // Assess
    expect(trust).toEqual({ trusted: true, exists: true, secretName: 'iam-access-key/svc__ci' });
  });

  it('ignores a secret at the 0.1.0 name that another user owns', async () => {
    // Prepare: svc__ci is also the current name of a user called svc__ci
    const account = new FakeAccount();
    secretWith(account, 'iam-access-key/svc__ci', 'svc__ci', {
      ...ENGINE,
      'iam-key-lifecycle:user': 'svc__ci',
    });

    // Act
    const trust = await storeOver(account).trust(target('svc_ci'));

    // Assess
    expect(trust).toEqual({ trusted: true, exists: false, secretName: 'iam-access-key/svc_ci' });
  });

  it('finds a renamed user’s secret by its UserId tag, listing once for all users', async () => {
    // Prepare
    const account = new FakeAccount();
    secretWith(account, 'iam-access-key/alice', 'alice', {
      ...ENGINE,
      'iam-key-lifecycle:user': 'alice',
      'iam-key-lifecycle:user-id': USER_ID,
    });
    const store = storeOver(account);

    // Act
    const renamed = await store.trust(target('alicia'));
    const other = await store.trust(target('bob', 'AIDAEXAMPLEUSERID0002'));

    // Assess
    expect(renamed).toEqual({ trusted: true, exists: true, secretName: 'iam-access-key/alice' });
    expect(other).toEqual({ trusted: true, exists: false, secretName: 'iam-access-key/bob' });
    expect(account.calls.filter((c) => c === 'ListSecrets')).toHaveLength(1);
  });

  it('refuses the name when its UserId tag names another user (a deleted and re-created user)', async () => {
    // Prepare
    const account = new FakeAccount();
    secretWith(account, 'iam-access-key/alice', 'alice', {
      ...ENGINE,
      'iam-key-lifecycle:user-id': 'AIDAFORMERALICE000001',
    });

    // Act
    const trust = await storeOver(account).trust(target('alice'));

    // Assess
    expect(trust).toEqual({
      trusted: false,
      why: expect.stringContaining(
        'belongs to another IAM user (IAM user id AIDAFORMERALICE000001',
      ),
    });
  });

  it('tags an engine secret it writes with the owner’s UserId and current name', async () => {
    // Prepare
    const account = new FakeAccount();
    secretWith(account, 'iam-access-key/svc__ci', 'svc_ci', {
      ...ENGINE,
      'iam-key-lifecycle:user': 'old_name',
    });

    // Act
    await storeOver(account).store(
      { ...target('svc_ci'), secretName: 'iam-access-key/svc__ci' },
      {
        accessKeyId: 'AKIANEWKEY0000000001',
        secretAccessKey: 'material-of-the-test',
        createDate: new Date(),
      },
      false,
    );

    // Assess
    expect(account.secrets.get('iam-access-key/svc__ci')!.tags).toEqual(
      expect.arrayContaining([
        { Key: 'iam-key-lifecycle:user-id', Value: USER_ID },
        { Key: 'iam-key-lifecycle:user', Value: 'svc_ci' },
      ]),
    );
  });
});

describe('a key stored in the 0.1.0 secret counts as stored (never an orphan)', () => {
  it('answers the AWSCURRENT key of svc__ci when asked about svc_ci', async () => {
    // Prepare
    const account = new FakeAccount();
    secretWith(
      account,
      'iam-access-key/svc__ci',
      'svc_ci',
      { ...ENGINE, 'iam-key-lifecycle:user': 'svc_ci' },
      'AKIASTORED0000000001',
    );

    // Act
    const stored = await storeOver(account).currentStoredKeyId('iam-access-key/svc_ci', [
      'AKIAOTHER00000000001',
      'AKIASTORED0000000001',
    ]);

    // Assess
    expect(stored).toBe('AKIASTORED0000000001');
  });

  it('does not take svc__ci for svc_ci’s when its user tag names someone else', async () => {
    // Prepare
    const account = new FakeAccount();
    secretWith(
      account,
      'iam-access-key/svc__ci',
      'svc__ci',
      { ...ENGINE, 'iam-key-lifecycle:user': 'svc__ci' },
      'AKIASTORED0000000001',
    );

    // Act
    const stored = await storeOver(account).currentStoredKeyId('iam-access-key/svc_ci', [
      'AKIASTORED0000000001',
    ]);

    // Assess
    expect(stored).toBeUndefined();
  });
});
