/**
 * The run's own warnings and errors, worded in notify/run-words.ts from the data the engine returns:
 * each sentence names what it is about, the value and what happens next; the ones a person must act on
 * are critical and say what to do.
 */
import {
  runFailureRecord,
  runWarningRecord,
  runWarningText,
  type RunFailure,
  type RunWarning,
} from '../../../lambda/notify/run-words';
import { engineFaultText, type EngineFault } from '../../../lambda/notify/fault-words';

const CAUSE = 'ThrottlingException: Rate exceeded';

describe('run warnings', () => {
  it.each<[RunWarning, readonly (string | RegExp)[]]>([
    [{ code: 'user-name-not-found', user: 'alice' }, ['user alice', 'does not exist in IAM']],
    [
      {
        code: 'credential-report-row-malformed',
        user: 'bob',
        column: 'access_key_1_active',
        value: 'maybe',
      },
      ['user bob', 'column access_key_1_active', '"maybe"', 'read in detail instead'],
    ],
    [
      { code: 'credential-report-unavailable', reason: 'STATE_FAILED' },
      ['(STATE_FAILED)', 'every user in scope is read in detail'],
    ],
    [
      { code: 'run-deadline-reached', notRead: 4, notExecuted: 1 },
      ['5 user(s) deferred (4 not read, 1 read but not acted on)', 'next run'],
    ],
    [{ code: 'state-not-tamper-evident' }, ['STATE_MAC_KEY_ID is not set', 'docs/threat-model.md']],
    [
      { code: 'coordination-off' },
      [/rolling 24-hour budget.*more than once/s, 'COORDINATION_TABLE'],
    ],
  ])('words %o', (w, mentions) => {
    const text = runWarningText(w);
    for (const m of mentions) {
      if (typeof m === 'string') expect(text).toContain(m);
      else expect(text).toMatch(m);
    }
  });

  it('keeps the user a warning concerns on its summary line, and only then', () => {
    expect(runWarningRecord({ code: 'user-name-not-found', user: 'alice' })).toEqual({
      user: 'alice',
      code: 'user-name-not-found',
      message: runWarningText({ code: 'user-name-not-found', user: 'alice' }),
    });
    expect(Object.keys(runWarningRecord({ code: 'coordination-off' }))).toEqual([
      'code',
      'message',
    ]);
  });
});

describe('run failures', () => {
  const key = { user: 'alice', accessKeyId: 'AKIANEW0000000000001' };
  it.each<[RunFailure, string, boolean, readonly string[]]>([
    [
      { kind: 'budget-unread', cause: CAUSE },
      'read-budget',
      false,
      ['no key is deactivated or deleted'],
    ],
    [
      { kind: 'budget-short', claimed: 2, planned: 5, cause: CAUSE },
      'claim-budget',
      false,
      ['only 2 of 5 planned'],
    ],
    [
      { kind: 'budget-unreleased', unused: 3, cause: CAUSE },
      'release-budget',
      false,
      ['3 unused budget unit(s)'],
    ],
    [{ kind: 'pending-notices-unread', cause: CAUSE }, 'deliver-pending-notices', false, []],
    [
      { kind: 'notices-unrecorded', cause: CAUSE },
      'record-notices-sent',
      false,
      ['sent once more'],
    ],
    [
      { kind: 'notice-once-failed', event: 'KEY_DELETED', cause: CAUSE },
      'notice-once',
      false,
      ['KEY_DELETED'],
    ],
    [
      {
        kind: 'publish-failed',
        event: 'KEY_CREATED',
        topicArn: 'arn:aws:sns:us-east-1:1:t',
        cause: CAUSE,
      },
      'notify',
      false,
      ['publishing KEY_CREATED to arn:aws:sns:us-east-1:1:t failed'],
    ],
    [{ kind: 'run-failed', runId: 'r-1', cause: CAUSE }, 'run', true, ['run r-1 failed']],
    [{ kind: 'run-failed-unpublished', cause: CAUSE }, 'notify', false, ['RUN_FAILED']],
    [
      { kind: 'keys-unread', user: 'alice', cause: CAUSE },
      'read-keys',
      false,
      ['user alice', 'skipped this run'],
    ],
    [
      { kind: 'state-unwritten', user: 'alice', cause: CAUSE },
      'write-state',
      false,
      ['state tags of user alice', 'rewritten next run'],
    ],
    [
      { kind: 'action-failed', ...key, step: 'fresh-read', action: 'delete', cause: CAUSE },
      'fresh-read',
      false,
      ['delete of access key AKIANEW0000000000001 (user alice) failed'],
    ],
    [
      { kind: 'follow-up-failed', ...key, step: 'record-deletion', action: 'delete', cause: CAUSE },
      'record-deletion',
      false,
      ['record-deletion after delete of access key AKIANEW0000000000001'],
    ],
    [
      {
        kind: 'store-failed',
        ...key,
        step: 'put-secret-value',
        replacedKeyId: 'AKIAOLD',
        cause: CAUSE,
      },
      'put-secret-value',
      false,
      ['the new key is deleted again and AKIAOLD stays in use'],
    ],
    [
      { kind: 'secret-unrestored', ...key, secretName: 'iam-access-key/alice', cause: CAUSE },
      'restore-secret',
      false,
      ['AWSCURRENT of secret iam-access-key/alice back off access key AKIANEW0000000000001'],
    ],
    [
      { kind: 'new-key-orphaned', ...key, cause: CAUSE },
      'rollback-delete-key',
      true,
      ['aws iam delete-access-key --user-name alice --access-key-id AKIANEW0000000000001'],
    ],
    [
      {
        kind: 'secret-on-deleted-key',
        ...key,
        secretName: 'iam-access-key/alice',
        replacedKeyId: 'AKIAOLD',
        writtenVersionId: 'v-new',
        cause: CAUSE,
      },
      'restore-secret',
      true,
      [
        'while AKIAOLD is Active',
        '--move-to-version-id <previous version>',
        '--remove-from-version-id v-new',
      ],
    ],
    [
      { kind: 'create-refused', ...key, reason: 'LimitExceeded' },
      'create-key',
      false,
      ['CreateAccessKey was refused: LimitExceeded'],
    ],
    [
      { kind: 'create-unanswered-unread', ...key, reason: 'timeout', cause: CAUSE },
      'create-key',
      true,
      ['for user alice failed without a clear answer (timeout)', 'next run past 20 minutes'],
    ],
    [
      { kind: 'create-unanswered-none', ...key, reason: 'timeout' },
      'create-key',
      false,
      ['no key was created, the rotation is retried next run'],
    ],
    [
      {
        kind: 'create-unanswered-undeleted',
        ...key,
        reason: 'timeout',
        orphanKeyId: 'AKIAORPHAN',
        cause: CAUSE,
      },
      'create-key',
      true,
      ['--access-key-id AKIAORPHAN', 'could not be deleted'],
    ],
    [
      {
        kind: 'create-unanswered-deleted',
        ...key,
        reason: 'timeout',
        appeared: ['AKIAX', 'AKIAY'],
      },
      'create-key',
      false,
      ['access key AKIAX, AKIAY appeared without its secret and was deleted again'],
    ],
  ])(
    'words %o at its step, critical only when a person must act',
    (f, step, critical, mentions) => {
      const record = runFailureRecord(f);
      expect(record.step).toBe(step);
      expect(record.severity).toBe(critical ? 'critical' : undefined);
      for (const m of mentions) expect(record.message).toContain(m);
      if ('cause' in f) expect(record.message).toContain(f.cause);
    },
  );
});

describe('engine faults', () => {
  it.each<[EngineFault, readonly string[]]>([
    [{ kind: 'step-failed', step: 'fresh-read', cause: CAUSE }, [`fresh-read failed: ${CAUSE}`]],
    [
      {
        kind: 'secret-store-failed',
        accessKeyId: 'AKIANEW',
        secretName: 'iam-access-key/alice',
        step: 'put-secret-value',
        cause: CAUSE,
      },
      [
        'storing access key AKIANEW in secret iam-access-key/alice failed at put-secret-value',
        CAUSE,
      ],
    ],
    [
      {
        kind: 'port-not-wired',
        variable: 'COORDINATION_TABLE',
        value: 't',
        port: 'coordination store',
        client: 'dynamodb',
      },
      ['COORDINATION_TABLE is set (t)', 'no coordination store', 'pass dynamodb to createHandler'],
    ],
    [
      { kind: 'state-tags-unverifiable', user: 'alice', keyId: 'k-1', cause: CAUSE },
      ['user alice', 'KMS key k-1', 'not planned this run', CAUSE],
    ],
    [
      { kind: 'state-tag-too-long', user: 'alice', tag: 'kl:key:AKIA', length: 300, max: 190 },
      ['state tag kl:key:AKIA of user alice would be 300 characters', 'at most 190', 'report it'],
    ],
    [
      { kind: 'coordination-failed', operation: 'claiming 2 slots', tableName: 't', cause: CAUSE },
      ['claiming 2 slots on coordination table t failed', CAUSE, 'COORDINATION_TABLE names'],
    ],
    [
      { kind: 'state-mac-key-wrong', keyId: 'k-1', bytes: 64, expected: 32 },
      ['key k-1 returned 64 bytes, expected 32', 'must name an HMAC_256 key'],
    ],
    [
      { kind: 'kms-alias-unresolved', keyId: 'alias/x', cause: 'AccessDeniedException' },
      ['SECRET_KMS_KEY_ID alias/x', '(AccessDeniedException)', 'grant the engine role'],
    ],
    [
      { kind: 'kms-alias-unresolved', keyId: 'alias/x' },
      ['SECRET_KMS_KEY_ID alias/x returned no key ARN'],
    ],
    [{ kind: 'caller-without-arn' }, ['GetCallerIdentity returned no Arn']],
    [
      { kind: 'secret-read-back-mismatch', secretName: 's/alice', accessKeyId: 'AKIANEW' },
      ['secret s/alice read back does not hold access key AKIANEW'],
    ],
    [
      { kind: 'notices-unrecorded', tableName: 't', count: 3 },
      ['coordination table t left 3 unprocessed', 'delivered once more'],
    ],
  ])('words %o: what is wrong, the value and the fix', (f, mentions) => {
    const text = engineFaultText(f);
    for (const m of mentions) expect(text).toContain(m);
  });
});
