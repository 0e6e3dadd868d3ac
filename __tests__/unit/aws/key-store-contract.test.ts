/**
 * The KeyStore port's contract (lambda/engine/ports.ts), checked on both of its implementations: the
 * IAM adapter (aws/access-keys.ts) over the SDK fake (aws-sdk-client-mock), and the in-memory account
 * the engine's unit tests run on. The same faults must give the same named outcomes, so what the
 * engine tests prove on the fake holds for the adapter.
 */
import { iamKeyStore } from '../../../lambda/aws/access-keys';
import { NotFoundError, type KeyStore } from '../../../lambda/engine/ports';
import * as memory from '../engine/support/fake-account';
import * as sdk from './support/sdk-account';

interface Account {
  addUser(name: string, keys?: Partial<sdk.FakeKey>[]): { keys: sdk.FakeKey[] };
  failOn(command: string, error: Error, nth?: number): void;
  readonly lostResponses: Set<string>;
  readonly calls: string[];
}

const IMPLEMENTATIONS: readonly [string, () => { account: Account; store: KeyStore }][] = [
  [
    'the IAM adapter',
    () => {
      const account = new sdk.FakeAccount();
      return { account, store: iamKeyStore(account.iam) };
    },
  ],
  [
    'the in-memory fake',
    () => {
      const account = new memory.FakeAccount();
      return { account, store: account.keys };
    },
  ],
];

const awsError = (name: string) => sdk.awsError(name);
const memoryError = (name: string) => memory.awsError(name);
/** Each implementation's own way of raising a service error (its SDK fake's or its in-memory one's). */
const errorFor = (impl: string, name: string) =>
  impl === 'the IAM adapter' ? awsError(name) : memoryError(name);

describe.each(IMPLEMENTATIONS)('KeyStore contract: %s', (impl, make) => {
  const NOW = new Date('2026-06-01T12:00:00Z');

  it('creates a key and hands back its id and secret', async () => {
    // Prepare
    const { account, store } = make();
    account.addUser('alice', [{}]);

    // Act
    const result = await store.createKey('alice', NOW);

    // Assess
    expect(result.kind).toBe('created');
    if (result.kind === 'created') expect(result.key.secretAccessKey).not.toBe('');
  });

  it.each([
    ['LimitExceededException', 'refused', true],
    ['AccessDenied', 'refused', false],
    ['ServiceFailure', 'unanswered', undefined],
  ])('answers CreateAccessKey failing with %s as %s', async (name, kind, limitExceeded) => {
    // Prepare
    const { account, store } = make();
    account.addUser('alice', [{}]);
    account.failOn('CreateAccessKey', errorFor(impl, name));

    // Act
    const result = await store.createKey('alice', NOW);

    // Assess
    expect(result.kind).toBe(kind);
    if (result.kind === 'refused') expect(result.limitExceeded).toBe(limitExceeded);
    if (result.kind !== 'created') expect(result.reason).toContain(name);
  });

  it('answers the two-key limit as refused with limitExceeded', async () => {
    // Prepare
    const { account, store } = make();
    account.addUser('alice', [{}, {}]);

    // Act
    const result = await store.createKey('alice', NOW);

    // Assess
    expect(result).toEqual(expect.objectContaining({ kind: 'refused', limitExceeded: true }));
  });

  it('answers a create whose response was lost as unanswered (the key may exist)', async () => {
    // Prepare
    const { account, store } = make();
    account.addUser('alice', [{}]);
    account.lostResponses.add('CreateAccessKey');

    // Act
    const result = await store.createKey('alice', NOW);

    // Assess
    expect(result.kind).toBe('unanswered');
    expect(await store.listKeys('alice')).toHaveLength(2);
  });

  it.each([
    ['deactivating', (s: KeyStore) => s.setKeyStatus('alice', 'AKIAGONE000000000001', 'Inactive')],
    ['deleting', (s: KeyStore) => s.deleteKey('alice', 'AKIAGONE000000000001')],
  ])('answers %s a key that is gone as not-found', async (_what, write) => {
    // Prepare
    const { account, store } = make();
    account.addUser('alice', [{}]);

    // Act / Assess
    await expect(write(store)).resolves.toBe('not-found');
  });

  it('throws other failures of a key write', async () => {
    // Prepare
    const { account, store } = make();
    const alice = account.addUser('alice', [{}]);
    account.failOn('DeleteAccessKey', errorFor(impl, 'ServiceUnavailable'));

    // Act / Assess
    await expect(store.deleteKey('alice', alice.keys[0]!.accessKeyId)).rejects.toThrow(
      /ServiceUnavailable/,
    );
  });

  it('throws NotFoundError when listing the keys of a user that does not exist', async () => {
    // Prepare
    const { store } = make();

    // Act / Assess
    await expect(store.listKeys('nobody')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reads last use key by key, in the order listed', async () => {
    // Prepare
    const { account, store } = make();
    const used = new Date('2026-05-30T00:00:00Z');
    account.addUser('alice', [{ lastUsed: used }, {}]);

    // Act
    const keys = await store.withLastUsed(await store.listKeys('alice'));

    // Assess
    expect(keys.map((k) => k.lastUsedDate)).toEqual([used, undefined]);
    expect(account.calls.filter((c) => c === 'GetAccessKeyLastUsed')).toHaveLength(2);
  });

  it('writes and removes tags in chunks of 50 (IAM’s limit per call)', async () => {
    // Prepare
    const { account, store } = make();
    account.addUser('alice', [{}]);
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, 'x']));

    // Act
    await store.tagUser('alice', tags);
    await store.untagUser('alice', Object.keys(tags));

    // Assess
    expect(account.calls.filter((c) => c === 'TagUser')).toHaveLength(1);
    expect(account.calls.filter((c) => c === 'UntagUser')).toHaveLength(1);
  });
});
