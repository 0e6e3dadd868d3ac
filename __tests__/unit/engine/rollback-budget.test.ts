/**
 * Deleting a key the engine made but could not store is a destructive action like any other: it counts
 * toward MAX_DESTRUCTIVE_ACTIONS (and takes a rolling-budget slot with the coordination table) and is
 * announced. Without room the key stays, with its pending-create marker, for a later run's ordinary
 * rules; it is never mistaken for a person's.
 */
import { awsError, daysAgo, FakeAccount } from './support/fake-account';
import { run, testConfig } from './support/engine';

const markers = (tags: Readonly<Record<string, string>>) =>
  Object.keys(tags).filter((k) => k.startsWith('key-lifecycle:pending-create'));

function dueUser(account: FakeAccount) {
  return account.addUser('alice', [{ createDate: daysAgo(100), lastUsed: daysAgo(1) }]);
}

describe('the rollback of a key without its secret', () => {
  it.each([
    [
      'the secret store failed',
      (a: FakeAccount) => a.failOn('PutSecretValue', awsError('ServiceFailure')),
    ],
    [
      'the CreateAccessKey answer was lost',
      (a: FakeAccount) => a.lostResponses.add('CreateAccessKey'),
    ],
  ])('is announced with RUN_FAILED when %s', async (_n, fault) => {
    // Prepare
    const account = new FakeAccount();
    const alice = dueUser(account);
    fault(account);

    // Act
    const { summary } = await run(account);

    // Assess
    expect(summary.actions.map((a) => a.outcome)).toEqual(['rolled-back']);
    expect(alice.keys).toHaveLength(1);
    const failed = account.published.filter((p) => p.payload.event === 'RUN_FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.body).toContain(account.created[0]!.accessKeyId);
  });

  it.each([
    [
      'the secret store failed',
      (a: FakeAccount) => a.failOn('PutSecretValue', awsError('ServiceFailure')),
    ],
    [
      'the CreateAccessKey answer was lost',
      (a: FakeAccount) => a.lostResponses.add('CreateAccessKey'),
    ],
  ])('keeps the key and its marker when MAX_DESTRUCTIVE_ACTIONS is 0 and %s', async (_n, fault) => {
    // Prepare
    const account = new FakeAccount();
    const alice = dueUser(account);
    fault(account);

    // Act
    const { summary } = await run(account, testConfig({}, 0));

    // Assess
    expect(account.calls).not.toContain('DeleteAccessKey');
    expect(alice.keys).toHaveLength(2);
    expect(markers(alice.tags)).toHaveLength(1);
    expect(summary.errors).toContainEqual(
      expect.objectContaining({
        severity: 'critical',
        message: expect.stringContaining('destructive-action budget'),
      }),
    );
  });
});
