import { FakeAccount, awsError } from './support/sdk-account';
import { storeKey, undoStore } from '../../../lambda/aws/secrets';
import { SecretStoreError } from '../../../lambda/engine/ports';
import { versionToken } from '../../../lambda/aws/secret-version';
import { rememberKeyMaterial, assertNoKeyMaterial } from '../../support/key-material';

const target = {
  secretName: 'iam-access-key/alice',
  userName: 'alice',
  userArn: 'arn:aws:iam::123456789012:user/alice',
};
const settings = {
  adminPrincipalArns: [],
  enginePrincipalPatterns: async () => ['arn:aws:iam::123456789012:role/engine'],
};
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';

describe('secret store', () => {
  beforeAll(() => rememberKeyMaterial(SECRET));

  it('derives the same UUID-shaped version token for the same key (idempotent stores)', () => {
    expect(versionToken('AKIA1', 'key')).toBe(versionToken('AKIA1', 'key'));
    expect(versionToken('AKIA1', 'key')).not.toBe(versionToken('AKIA1', 'deleted'));
    expect(versionToken('AKIA1', 'key')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('stores twice without a second version when retried with the same key', async () => {
    const account = new FakeAccount();
    const key = {
      accessKeyId: 'AKIA1',
      secretAccessKey: SECRET,
      createDate: new Date('2026-01-01T00:00:00Z'),
    };
    await storeKey(account.sm, target, settings, key);
    await storeKey(account.sm, target, settings, key);
    expect(account.secrets.get(target.secretName)!.versions).toHaveLength(1);
  });

  it('undoes a version PutSecretValue wrote before failing, and its errors carry no key material', async () => {
    // Prepare: the value was written, then the response was lost.
    const account = new FakeAccount();
    const previous = {
      accessKeyId: 'AKIA0',
      secretAccessKey: SECRET.replace('w', 'v'),
      createDate: new Date(0),
    };
    rememberKeyMaterial(previous.secretAccessKey);
    await storeKey(account.sm, target, settings, previous);
    account.failOn('GetSecretValue', awsError('InternalServiceError'));
    let failure: unknown;

    // Act
    try {
      await storeKey(account.sm, target, settings, {
        accessKeyId: 'AKIA1',
        secretAccessKey: SECRET,
        createDate: new Date(0),
      });
    } catch (err) {
      failure = err;
    }
    const undone = await undoStore(account.sm, failure as SecretStoreError);

    // Assess
    expect(failure).toBeInstanceOf(SecretStoreError);
    expect((failure as SecretStoreError).step).toBe('verify-secret');
    assertNoKeyMaterial(failure, 'store error');
    expect(undone).toBe('restored');
    expect(account.current(target.secretName)?.AccessKeyId).toBe('AKIA0');
  });
});
