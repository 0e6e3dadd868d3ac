/**
 * The SecretStore port's contract (lambda/engine/ports.ts) on both implementations: the Secrets
 * Manager adapter (aws/secret-store.ts) over the SDK fake (aws-sdk-client-mock), and the in-memory
 * account the engine's unit tests run on. Which secrets are trusted is the adapter's alone
 * (secret-adapters.test.ts); here, storing, undoing and recording deletions.
 */
import { secretsManagerStore } from '../../../lambda/aws/secret-store';
import { SecretStoreError, type SecretStore } from '../../../lambda/engine/ports';
import * as memory from '../engine/support/fake-account';
import * as sdk from './support/sdk-account';

interface Account {
  addUser(name: string, keys?: Partial<sdk.FakeKey>[]): { keys: sdk.FakeKey[] };
  failOn(command: string, error: Error, nth?: number): void;
  seedSecret(name: string, userName: string, key: sdk.FakeKey): void;
  current(name: string): Record<string, unknown> | undefined;
}

const PREFIX = 'iam-access-key/';
const SECRET = `${PREFIX}alice`;
const TARGET = {
  secretName: SECRET,
  userName: 'alice',
  userArn: 'arn:aws:iam::123456789012:user/alice',
};
const NOW = new Date('2026-06-01T12:00:00Z');

const IMPLEMENTATIONS: readonly [
  string,
  () => { account: Account; store: SecretStore; fault: (name: string) => Error },
][] = [
  [
    'the Secrets Manager adapter',
    () => {
      const account = new sdk.FakeAccount();
      const store = secretsManagerStore(account.sm, {
        secretPrefix: PREFIX,
        adminPrincipalArns: [],
        enginePrincipalPatterns: async () => ['arn:aws:iam::123456789012:role/engine'],
      });
      return { account, store, fault: sdk.awsError };
    },
  ],
  [
    'the in-memory fake',
    () => {
      const account = new memory.FakeAccount();
      return { account, store: account.secretStore(PREFIX), fault: memory.awsError };
    },
  ],
];

/** A key as the IAM side would hand it over, made from a fake key (its secret is remembered material). */
const newKey = (k: sdk.FakeKey) => ({
  accessKeyId: k.accessKeyId,
  secretAccessKey: k.secret,
  createDate: NOW,
});

describe.each(IMPLEMENTATIONS)('SecretStore contract: %s', (_impl, make) => {
  it('names the secret SECRET_PREFIX + the user name', () => {
    expect(make().store.nameFor('alice')).toBe(SECRET);
  });

  it('stores a key into a secret it creates, readable back as AWSCURRENT', async () => {
    // Prepare
    const { account, store } = make();
    const key = account.addUser('alice', [{}]).keys[0]!;

    // Act
    await store.store(TARGET, newKey(key), true);

    // Assess
    expect(account.current(SECRET)?.AccessKeyId).toBe(key.accessKeyId);
    expect(account.current(SECRET)?.SecretAccessKey === key.secret).toBe(true);
    expect(await store.currentStoredKeyId(SECRET, ['AKIAOTHER', key.accessKeyId])).toBe(
      key.accessKeyId,
    );
  });

  it.each([
    ['CreateSecret', 'create-secret', false],
    ['PutSecretValue', 'put-secret-value', true],
    ['GetSecretValue', 'verify-secret', true],
  ])('names the step when %s fails (%s)', async (command, step, mayBeWritten) => {
    // Prepare
    const { account, store, fault } = make();
    const key = account.addUser('alice', [{}]).keys[0]!;
    account.failOn(command, fault('ServiceFailure'));

    // Act
    const failure = await store.store(TARGET, newKey(key), true).catch((e: unknown) => e);

    // Assess
    expect(failure).toBeInstanceOf(SecretStoreError);
    expect(failure).toEqual(expect.objectContaining({ step, valueMayBeWritten: mayBeWritten }));
  });

  it('undoes a store whose read-back failed: AWSCURRENT holds the previous key again', async () => {
    // Prepare
    const { account, store, fault } = make();
    const [old, fresh] = account.addUser('alice', [{}, {}]).keys;
    account.seedSecret(SECRET, 'alice', old!);
    account.failOn('GetSecretValue', fault('ServiceFailure'));
    const failure = (await store
      .store(TARGET, newKey(fresh!), false)
      .catch((e: unknown) => e)) as SecretStoreError;

    // Act
    const undo = await store.undoStore(failure);

    // Assess
    expect(undo).toBe('restored');
    expect(account.current(SECRET)?.AccessKeyId).toBe(old!.accessKeyId);
  });

  it.each([
    ['no secret', 'no-secret', false, 'AKIA-OF-THE-SECRET'],
    ['a secret holding another key', 'not-current', true, 'AKIAOTHER'],
    ['a secret holding the deleted key', 'recorded', true, 'AKIA-OF-THE-SECRET'],
  ])('records a deletion against %s as %s', async (_what, outcome, seeded, deleted) => {
    // Prepare
    const { account, store } = make();
    const key = account.addUser('alice', [{}]).keys[0]!;
    if (seeded) account.seedSecret(SECRET, 'alice', key);
    const id = deleted === 'AKIA-OF-THE-SECRET' ? key.accessKeyId : deleted;

    // Act
    const result = await store.recordDeletion(TARGET, id, NOW);

    // Assess
    expect(result).toBe(outcome);
    if (outcome === 'recorded') {
      expect(account.current(SECRET)).toEqual(
        expect.objectContaining({ AccessKeyId: key.accessKeyId, Status: 'Deleted' }),
      );
    }
  });

  it('trusts a secret that does not exist yet, saying it is absent', async () => {
    const trust = await make().store.trust(TARGET);
    expect(trust).toEqual(expect.objectContaining({ trusted: true, exists: false }));
    // Where a store names the secret it chose, it is the one the user's name gives.
    expect(trust.trusted && (trust.secretName ?? TARGET.secretName)).toBe(TARGET.secretName);
  });
});
