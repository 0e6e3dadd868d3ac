/**
 * The reasons a secret gets no key (lambda/notify/secret-words.ts): each names the secret or the value
 * that is wrong, and what to do about it.
 */
import { secretDistrustText, type SecretDistrust } from '../../../lambda/notify/secret-words';

const CASES: readonly [string, SecretDistrust, readonly string[]][] = [
  [
    'replicated',
    { kind: 'replicated', regions: ['eu-west-1', 'ap-south-1'] },
    ['eu-west-1, ap-south-1', 'remove-regions-from-replication'],
  ],
  [
    'rotation-configured',
    {
      kind: 'rotation-configured',
      rotationLambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:r',
    },
    ['function:r', 'cancel-rotate-secret'],
  ],
  [
    'several-secrets',
    {
      kind: 'several-secrets',
      found: [
        { secretName: 'iam-access-key/svc_ci', how: 'name' },
        { secretName: 'iam-access-key/svc__ci', how: 'older-name' },
      ],
    },
    [
      'iam-access-key/svc_ci (by its name)',
      'iam-access-key/svc__ci (by the name version 0.1.0 gave it)',
      'delete-secret --secret-id iam-access-key/svc__ci',
    ],
  ],
  [
    'another-users-secret',
    {
      kind: 'another-users-secret',
      secretName: 'iam-access-key/alice',
      owner: 'IAM user id AIDAX',
    },
    ['iam-access-key/alice', 'AIDAX', 'move that secret aside'],
  ],
  [
    'kms-key-not-moved',
    {
      kind: 'kms-key-not-moved',
      secretName: 'iam-access-key/alice',
      from: 'alias/old',
      to: 'alias/new',
      cause: 'AccessDeniedException',
    },
    [
      'alias/old',
      'AccessDeniedException',
      'update-secret --secret-id iam-access-key/alice --kms-key-id alias/new',
    ],
  ],
  [
    'other-kms-key',
    {
      kind: 'other-kms-key',
      actual: 'arn:aws:kms:us-east-1:999999999999:alias/k',
      configured: 'alias/k',
    },
    ['999999999999:alias/k', 'not the configured alias/k'],
  ],
];

describe('why a secret gets no key', () => {
  it.each(CASES)('%s names the secret or value and the fix', (_kind, distrust, mentions) => {
    // Act
    const text = secretDistrustText(distrust);

    // Assess
    for (const m of mentions) expect(text).toContain(m);
  });
});
