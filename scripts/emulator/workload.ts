/**
 * Simulated workloads: programs that hold an access key and use it. A workload reads its key from
 * the user's secret (AWSCURRENT), or keeps the key it was given, and "uses" it by signing a real
 * request (STS GetCallerIdentity), which makes moto record last-used at the IAM clock's time.
 *
 * Key material stays in memory here; nothing in this file logs or returns a SecretAccessKey except
 * `readCurrentKey`, whose callers keep it in a Credentials object.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The key a reader of the user's secret gets: the AWSCURRENT version. */
export async function readCurrentKey(
  secretId: string,
  client = new SecretsManagerClient({}),
): Promise<(Credentials & { readonly userName: string }) | undefined> {
  try {
    // Always name the stage: moto can return a stale value without one (TESTING.md).
    const { SecretString } = await client.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }),
    );
    const value = JSON.parse(SecretString ?? '{}') as Record<string, unknown>;
    if (typeof value.AccessKeyId !== 'string' || typeof value.SecretAccessKey !== 'string')
      return undefined;
    return {
      userName: String(value.UserName),
      accessKeyId: value.AccessKeyId,
      secretAccessKey: value.SecretAccessKey,
    };
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

/**
 * Who a simulated workload is, as CloudTrail would record it: its user agent (`aws-cli/2.15.30 ...`)
 * and where it calls from. The emulator's event history (cloudtrail_events.py) takes the source
 * address from `X-Forwarded-For`, so a workload on one machine can stand for one anywhere.
 */
export interface WorkloadIdentity {
  readonly userAgent?: string;
  readonly sourceAddress?: string;
}

/** Signs GetCallerIdentity with the key (as `identity`, when given); returns the caller ARN. */
export async function callerArn(
  credentials: Credentials,
  identity: WorkloadIdentity = {},
): Promise<string> {
  const sts = new STSClient({ credentials: { ...credentials } });
  if (identity.userAgent !== undefined || identity.sourceAddress !== undefined) {
    // After signing (user-agent is not a signed header; moto does not check signatures).
    sts.middlewareStack.add(
      (next) => (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers) {
          if (identity.userAgent !== undefined) request.headers['user-agent'] = identity.userAgent;
          if (identity.sourceAddress !== undefined)
            request.headers['x-forwarded-for'] = identity.sourceAddress;
        }
        return next(args);
      },
      { step: 'deserialize', priority: 'low', name: 'simulatedWorkloadIdentity' },
    );
  }
  const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
  return Arn ?? '';
}
