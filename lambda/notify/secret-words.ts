/**
 * Why a user's secret may not receive a new key (aws/secret-trust.ts, aws/secret-locate.ts): the `because`
 * of a `secret-not-trusted` block (plan-words.ts). Each names the secret, what is wrong and the fix.
 */
export type SecretDistrust =
  | { readonly kind: 'scheduled-for-deletion'; readonly secretName: string }
  | {
      readonly kind: 'other-kms-key';
      readonly actual: string | undefined;
      readonly configured: string | undefined;
    }
  | { readonly kind: 'no-owner-only-deny' }
  | { readonly kind: 'stranger-readers'; readonly strangers: readonly string[] }
  | { readonly kind: 'replicated'; readonly regions: readonly string[] }
  | { readonly kind: 'rotation-configured'; readonly rotationLambdaArn: string | undefined }
  /** Several secrets belong to the user (its name, the older naming, its IAM user id). */
  | {
      readonly kind: 'several-secrets';
      readonly found: readonly { readonly secretName: string; readonly how: FoundBy }[];
    }
  /** The secret under the user's name carries another IAM user's id or name. */
  | {
      readonly kind: 'another-users-secret';
      readonly secretName: string;
      readonly owner: string;
    }
  /** The engine-created secret could not be moved to the configured KMS key. */
  | {
      readonly kind: 'kms-key-not-moved';
      readonly secretName: string;
      readonly from: string;
      readonly to: string;
      readonly cause: string;
    };

export type FoundBy = 'name' | 'older-name' | 'user-id';

const DEFAULT_KEY = 'aws/secretsmanager (the default)';

const HOW: Readonly<Record<FoundBy, string>> = {
  name: 'its name',
  'older-name': 'the name version 0.1.0 gave it',
  'user-id': 'its IAM user id tag',
};

export function secretDistrustText(d: SecretDistrust): string {
  switch (d.kind) {
    case 'scheduled-for-deletion':
      return `it is scheduled for deletion (restore it with "aws secretsmanager restore-secret --secret-id ${d.secretName}", or let the deletion finish)`;
    case 'other-kms-key':
      return `it is encrypted with KMS key ${d.actual ?? DEFAULT_KEY}, not the configured ${d.configured ?? DEFAULT_KEY}; whoever may decrypt with that key could read the access key`;
    case 'no-owner-only-deny':
      return 'its resource policy does not deny reading the value to every principal but the owner, the engine and the configured admins (the module and the engine write such a policy)';
    case 'stranger-readers':
      return `its resource policy lets ${d.strangers.join(', ')} read the value as well`;
    case 'replicated':
      return `it is replicated to ${d.regions.join(', ')}, where other keys and policies guard the copies; remove the replicas ("aws secretsmanager remove-regions-from-replication") or use another secret`;
    case 'rotation-configured':
      return `a rotation function (${d.rotationLambdaArn ?? 'unnamed'}) is configured on it, which reads the value and writes its own; cancel it ("aws secretsmanager cancel-rotate-secret") — the engine rotates this secret`;
    case 'several-secrets': {
      const [keep, ...others] = d.found;
      const list = d.found.map((f) => `${f.secretName} (by ${HOW[f.how]})`).join(' and ');
      return (
        `more than one secret belongs to the user: ${list}, and the engine cannot tell which one the ` +
        `workload reads, so it writes into neither; point every workload at one of them and delete ` +
        `the others (e.g. keep ${keep!.secretName}: "aws secretsmanager delete-secret --secret-id ` +
        `${others.map((o) => o.secretName).join(' / ')}")`
      );
    }
    case 'another-users-secret':
      return `secret ${d.secretName} belongs to another IAM user (${d.owner}; a user renamed or deleted and re-created), so this user's key is not written over it; move that secret aside (or delete it once nothing reads it)`;
    case 'kms-key-not-moved':
      return `the engine created it under KMS key ${d.from} and could not move it to the configured ${d.to} (${d.cause}); run "aws secretsmanager update-secret --secret-id ${d.secretName} --kms-key-id ${d.to}" as someone who may use both keys`;
  }
}
