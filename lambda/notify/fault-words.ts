/**
 * The sentences of faults that stop a user or the run: the engine throws them as errors, and they reach a
 * person as a RunFailure's cause (run-words.ts). Each names what is wrong, the value and the fix.
 */
export type EngineFault =
  /** A step of an action failed (engine/errors.ts StepError); `cause` describes why. */
  | { readonly kind: 'step-failed'; readonly step: string; readonly cause: string }
  /** Storing a new key in its secret failed (engine/ports.ts SecretStoreError). */
  | {
      readonly kind: 'secret-store-failed';
      readonly accessKeyId: string;
      readonly secretName: string;
      readonly step: string;
      readonly cause: string;
    }
  /** The configuration asks for a port the handler did not wire. */
  | {
      readonly kind: 'port-not-wired';
      readonly variable: string;
      readonly value: string;
      readonly port: string;
      readonly client: string;
    }
  /** A coordination table call failed other than by a refused condition (aws/coordination-table.ts). */
  | {
      readonly kind: 'coordination-failed';
      readonly operation: string;
      readonly tableName: string;
      readonly cause: string;
    }
  /** STATE_MAC_KEY_ID names a key whose MACs are not HMAC_256's (aws/state-mac.ts). */
  | {
      readonly kind: 'state-mac-key-wrong';
      readonly keyId: string;
      readonly bytes: number;
      readonly expected: number;
    }
  /** SECRET_KMS_KEY_ID is an alias that kms:DescribeKey did not resolve (aws/kms-key-arn.ts). */
  | { readonly kind: 'kms-alias-unresolved'; readonly keyId: string; readonly cause?: string }
  /** GetCallerIdentity answered without an ARN (aws/caller.ts). */
  | { readonly kind: 'caller-without-arn' }
  /** A stored key read back differently (aws/secrets.ts): the store is undone. */
  | {
      readonly kind: 'secret-read-back-mismatch';
      readonly secretName: string;
      readonly accessKeyId: string;
    }
  /** Sent notices the coordination table did not record (aws/coordination-notices.ts). */
  | { readonly kind: 'notices-unrecorded'; readonly tableName: string; readonly count: number }
  | {
      readonly kind: 'state-tags-unverifiable';
      readonly user: string;
      readonly keyId?: string;
      readonly cause: string;
    }
  | {
      readonly kind: 'state-tag-too-long';
      readonly user: string;
      readonly tag: string;
      readonly length: number;
      readonly max: number;
    };

export function engineFaultText(f: EngineFault): string {
  switch (f.kind) {
    case 'step-failed':
      return `${f.step} failed: ${f.cause}`;
    case 'secret-store-failed':
      return `storing access key ${f.accessKeyId} in secret ${f.secretName} failed at ${f.step}: ${f.cause}`;
    case 'port-not-wired':
      return (
        `${f.variable} is set (${f.value}) but the engine was given no ${f.port}; pass ` +
        `${f.client} to createHandler (createClients builds one)`
      );
    case 'coordination-failed':
      return (
        `${f.operation} on coordination table ${f.tableName} failed: ${f.cause}. Check that ` +
        `COORDINATION_TABLE names the module's table and that the function's role may use it.`
      );
    case 'state-mac-key-wrong':
      return (
        `KMS GenerateMac with key ${f.keyId} returned ${f.bytes} bytes, expected ${f.expected}: ` +
        `STATE_MAC_KEY_ID must name an HMAC_256 key with key usage GENERATE_VERIFY_MAC`
      );
    case 'kms-alias-unresolved':
      return f.cause === undefined
        ? `kms:DescribeKey of SECRET_KMS_KEY_ID ${f.keyId} returned no key ARN`
        : `SECRET_KMS_KEY_ID ${f.keyId} could not be resolved to its key with kms:DescribeKey (${f.cause}): ` +
            'grant the engine role kms:DescribeKey on that key, or set SECRET_KMS_KEY_ID to the key ARN';
    case 'caller-without-arn':
      return 'GetCallerIdentity returned no Arn: cannot write the secret policy';
    case 'secret-read-back-mismatch':
      return `secret ${f.secretName} read back does not hold access key ${f.accessKeyId} with its secret as AWSCURRENT`;
    case 'notices-unrecorded':
      return (
        `recording notices as sent on coordination table ${f.tableName} left ${f.count} ` +
        'unprocessed after a retry; they may be delivered once more after their lease'
      );
    case 'state-tags-unverifiable':
      return (
        `verifying the state tags of user ${f.user} with KMS key ${f.keyId} failed, so the user ` +
        `is not planned this run and its state is left as it is: ${f.cause}`
      );
    case 'state-tag-too-long':
      return (
        `state tag ${f.tag} of user ${f.user} would be ${f.length} characters before its MAC; ` +
        `at most ${f.max} fit IAM's 256-character tag value with the MAC ` +
        `field. This is a bug in the engine's state retention: report it with this message.`
      );
  }
}
