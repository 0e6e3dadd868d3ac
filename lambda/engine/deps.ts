/** What the engine needs from the outside world, injected by the handler (and by tests). */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { ApiCallCounter } from '../aws/api-calls';
import type { ReportWait } from '../aws/credential-report';
import type { AuditLog } from '../observability/audit-log';

export interface EngineDeps {
  readonly iam: IAMClient;
  readonly secrets: SecretsManagerClient;
  readonly sns: SNSClient;
  /** The coordination table's client; used only when COORDINATION_TABLE is set. @default - not used */
  readonly dynamodb?: DynamoDBClient;
  /** The state MAC key's client; used only when STATE_MAC_KEY_ID is set. @default - not used */
  readonly kms?: KMSClient;
  /** The only clock: read once per run; everything below takes `now` from it. */
  readonly clock: () => Date;
  readonly log: AuditLog;
  readonly counter: ApiCallCounter;
  /** ARN patterns of the engine's own principal, for the secrets' resource policies (aws/caller.ts). */
  readonly enginePrincipalPatterns: () => Promise<readonly string[]>;
  /** @default DEFAULT_REPORT_WAIT (8 checks over up to 78 s, backing off) */
  readonly reportWait?: ReportWait;
  /** Users read or acted on at the same time. @default 4 */
  readonly concurrency?: number;
  /**
   * Milliseconds left before the invocation times out (the Lambda context's getRemainingTimeInMillis):
   * the deadline guard stops starting users near it (deadline.ts).
   * @default - no deadline (tests, `npm run plan`)
   */
  readonly remainingTimeMs?: () => number;
}

export const DEFAULT_CONCURRENCY = 4;
