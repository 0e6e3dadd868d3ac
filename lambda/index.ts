/**
 * The Lambda handler: the imperative shell. Configuration is validated before any AWS call; clients and
 * the API call counter are built once per container; each invocation wires the engine's ports over them
 * (aws/adapters.ts) and injects everything.
 */
import { randomUUID } from 'node:crypto';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { STSClient } from '@aws-sdk/client-sts';
import { ApiCallCounter } from './aws/api-calls';
import { callerPatternsResolver } from './aws/caller';
import { engineAdapters } from './aws/adapters';
import { createClients } from './aws/clients';
import type { ReportWait } from './aws/credential-report';
import { loadConfig } from './config/env';
import { parseEvent, runConfig } from './config/event';
import type { EngineConfig } from './config/types';
import { describeError } from './engine/errors';
import { runEngine } from './engine/run';
import type { RunSummary } from './engine/summary';
import { runFailedNotice } from './notify/notice';
import { runFailureRecord } from './notify/run-words';
import { AuditLog, stdoutSink, type LogSink } from './observability/audit-log';
import { emfLine } from './observability/metrics';

export interface HandlerDeps {
  readonly iam: IAMClient;
  readonly secrets: SecretsManagerClient;
  readonly sns: SNSClient;
  readonly sts: STSClient;
  /** Needed when COORDINATION_TABLE is set. @default - none */
  readonly dynamodb?: DynamoDBClient;
  /** Needed when STATE_MAC_KEY_ID is set. @default - none */
  readonly kms?: KMSClient;
  /** For who uses a key (KEY_USAGE_LOOKUPS). @default - none: notices go out without the fingerprint */
  readonly cloudtrail?: CloudTrailClient;
  /** Waits between two LookupEvents requests. @default - setTimeout */
  readonly pause?: (ms: number) => Promise<void>;
  readonly counter: ApiCallCounter;
  /** @default the system clock */
  readonly clock?: () => Date;
  /** @default process.env, read at each invocation */
  readonly env?: () => Readonly<Record<string, string | undefined>>;
  /** @default stdout (CloudWatch Logs parses JSON lines and EMF there) */
  readonly sink?: LogSink;
  readonly reportWait?: ReportWait;
}

interface LambdaContext {
  readonly awsRequestId?: string;
  readonly functionName?: string;
  /** Lambda's own: the engine stops starting users near the timeout (engine/deadline.ts). */
  readonly getRemainingTimeInMillis?: () => number;
}

export function createHandler(deps: HandlerDeps) {
  const clock = deps.clock ?? (() => new Date());
  const sink = deps.sink ?? stdoutSink;
  const enginePrincipalPatterns = callerPatternsResolver(deps.sts);
  return async (event: unknown, context?: LambdaContext): Promise<RunSummary> => {
    const env = deps.env ? deps.env() : process.env;
    let config: EngineConfig;
    let request;
    try {
      const loaded = loadConfig(env);
      request = parseEvent(event);
      config = runConfig(loaded, request);
    } catch (err) {
      // ConfigError / EventError: fail the invocation before any AWS call; one JSON line says why.
      sink(
        JSON.stringify({
          level: 'ERROR',
          type: 'invocation-rejected',
          timestamp: clock().toISOString(),
          error: describeError(err),
        }),
      );
      throw err;
    }
    const mode = config.mode;
    const runId = context?.awsRequestId ?? randomUUID();
    const log = new AuditLog(sink, { mode, runId }, { clock });
    const adapters = engineAdapters(deps, config, {
      enginePrincipalPatterns,
      reportWait: deps.reportWait,
    });
    try {
      const remaining = context?.getRemainingTimeInMillis;
      const summary = await runEngine(
        {
          ...adapters,
          counter: deps.counter,
          clock,
          log,
          ...(deps.pause ? { pause: deps.pause } : {}),
          // Called through the context: the runtime's implementation may rely on `this`.
          remainingTimeMs: remaining ? () => remaining.call(context) : undefined,
        },
        config,
        request,
      );
      log.summary(summary);
      const functionName =
        context?.functionName ?? env.AWS_LAMBDA_FUNCTION_NAME ?? 'iam-key-lifecycle';
      sink(emfLine(summary, { functionName, timestamp: clock() }));
      return summary;
    } catch (err) {
      const failed = runFailureRecord({ kind: 'run-failed', runId, cause: describeError(err) });
      log.error(failed);
      // Through the same Notifier port the engine publishes with.
      await adapters.notifier
        .publish(runFailedNotice(mode, { message: failed.message, runId }))
        .catch((publishErr: unknown) =>
          log.error(
            runFailureRecord({ kind: 'run-failed-unpublished', cause: describeError(publishErr) }),
          ),
        );
      throw err;
    }
  };
}

const counter = new ApiCallCounter();
export const handler = createHandler({ ...createClients(counter), counter });
