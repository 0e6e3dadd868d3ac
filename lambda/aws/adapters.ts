/**
 * The engine's ports over the SDK clients, for one invocation's configuration. The clients carry the
 * SDK middleware (API-call counter, IAM retry rules, and in tests the fault injector), so whatever
 * reaches AWS goes through them.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { EngineConfig } from '../config/types';
import type { EngineDeps } from '../engine/deps';
import { iamKeyStore } from './access-keys';
import { aliasTargetResolver, secretKeyResolver } from './kms-key-arn';
import { cloudTrailKeyUsage } from './cloudtrail-events';
import type { AwsClients } from './clients';
import { dynamoCoordination } from './coordination-store';
import type { ReportWait } from './credential-report';
import { secretsManagerStore } from './secret-store';
import { snsNotifier } from './sns-notifier';
import { COORDINATION_NONCE } from './coordination-mac';
import { kmsStateMac } from './state-mac';
import { iamUserDirectory } from './users';

export type EngineAdapters = Pick<
  EngineDeps,
  'users' | 'keys' | 'secrets' | 'notifier' | 'coordination' | 'stateMac' | 'keyUsage'
>;

export interface AdapterOptions {
  /** ARN patterns of the engine's own principal, for the secrets' resource policies (caller.ts). */
  readonly enginePrincipalPatterns: () => Promise<readonly string[]>;
  /** @default DEFAULT_REPORT_WAIT (8 checks over up to 78 s, backing off) */
  readonly reportWait?: ReportWait;
}

export function engineAdapters(
  clients: Omit<AwsClients, 'sts' | 'dynamodb' | 'kms' | 'cloudtrail'> & Partial<AwsClients>,
  config: EngineConfig,
  options: AdapterOptions,
): EngineAdapters {
  const { dynamodb, kms, cloudtrail } = clients;
  const table = config.coordinationTable;
  return {
    users: iamUserDirectory(clients.iam, options.reportWait),
    keys: iamKeyStore(clients.iam),
    secrets: secretsManagerStore(clients.secrets, {
      secretPrefix: config.secretPrefix,
      kmsKeyId: config.secretKmsKeyId,
      kmsKeyArn: aliasTargetResolver(kms, config.secretKmsKeyId),
      resolveKmsKey: secretKeyResolver(kms),
      adminPrincipalArns: config.secretAdminPrincipalArns,
      enginePrincipalPatterns: options.enginePrincipalPatterns,
    }),
    notifier: snsNotifier(clients.sns, config.snsTopicArn),
    coordination:
      table !== undefined && dynamodb
        ? dynamoCoordination(dynamodb, table, coordinationMac(kms, config.stateMacKeyId))
        : undefined,
    stateMac: kms ? (keyId) => kmsStateMac(kms, keyId) : undefined,
    keyUsage: cloudtrail ? cloudTrailKeyUsage(cloudtrail) : undefined,
  };
}

/** The coordination table's items are signed with the state MAC key when there is one. */
function coordinationMac(kms: KMSClient | undefined, keyId: string | undefined) {
  return kms && keyId !== undefined ? kmsStateMac(kms, keyId, COORDINATION_NONCE) : undefined;
}
