/**
 * The SDK clients the engine uses, built once per Lambda container (module scope in the handler).
 * Endpoint, region and credentials come from the standard SDK environment (AWS_REGION,
 * AWS_ENDPOINT_URL, the credential chain): there is deliberately no endpoint code here.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { ApiCallCounter, countCalls } from './api-calls';
import { IamRetryStrategy, neverRetryCreates } from './iam-retry';

export interface AwsClients {
  readonly iam: IAMClient;
  readonly secrets: SecretsManagerClient;
  readonly sns: SNSClient;
  /** Only for GetCallerIdentity: the engine's own role must stay able to read back the secrets it writes. */
  readonly sts: STSClient;
  /** Only for the coordination table (COORDINATION_TABLE): rolling budget and notices-once. */
  readonly dynamodb: DynamoDBClient;
  /** Only GenerateMac/VerifyMac on the state MAC key (STATE_MAC_KEY_ID). */
  readonly kms: KMSClient;
  /** Only LookupEvents, for who uses a key (KEY_USAGE_LOOKUPS). */
  readonly cloudtrail: CloudTrailClient;
}

/**
 * Adaptive retry mode backs off on throttling and rate-limits the client itself; 10 attempts ride out
 * the IAM throttling a 5,000-user account sees, well inside the 15-minute Lambda limit.
 */
export const RETRY_SETTINGS = { retryMode: 'adaptive', maxAttempts: 10 } as const;

export function createClients(counter: ApiCallCounter): AwsClients {
  const clients = {
    iam: new IAMClient({ retryStrategy: new IamRetryStrategy(RETRY_SETTINGS.maxAttempts) }),
    secrets: new SecretsManagerClient({ ...RETRY_SETTINGS }),
    sns: new SNSClient({ ...RETRY_SETTINGS }),
    sts: new STSClient({ ...RETRY_SETTINGS }),
    dynamodb: new DynamoDBClient({ ...RETRY_SETTINGS }),
    kms: new KMSClient({ ...RETRY_SETTINGS }),
    // One attempt: the engine paces its lookups itself, and a throttled lookup ends them for the run.
    cloudtrail: new CloudTrailClient({ maxAttempts: 1 }),
  };
  neverRetryCreates(clients.iam);
  countCalls(clients.iam, 'iam', counter);
  countCalls(clients.secrets, 'secretsmanager', counter);
  countCalls(clients.sns, 'sns', counter);
  countCalls(clients.sts, 'sts', counter);
  countCalls(clients.dynamodb, 'dynamodb', counter);
  countCalls(clients.kms, 'kms', counter);
  countCalls(clients.cloudtrail, 'cloudtrail', counter);
  return clients;
}
