/**
 * Drives the real engine through its public handler (`createHandler` from lambda/index.ts) against
 * the emulator, the way Lambda would: configuration from environment variables, an event, and the
 * standard SDK clients. What the harness adds is only what Lambda cannot: an injected clock, a log
 * sink that keeps the audit lines, a record of every AWS call, and optional fault injection.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { ApiCallCounter, type ApiCall } from '../../lambda/aws/api-calls';
import { createClients, type AwsClients } from '../../lambda/aws/clients';
import { createHandler } from '../../lambda/index';
import type { RunSummary } from '../../lambda/engine/summary';

export const SCHEDULED_EVENT = {
  source: 'aws.events',
  'detail-type': 'Scheduled Event',
  detail: {},
} as const;

export interface EngineDriverOptions {
  /** Engine configuration (MODE, SNS_TOPIC_ARN, ...), merged over the SDK environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Make the credential report unavailable so the run takes the fallback path. */
  readonly failCredentialReport?: boolean;
  /** Adjust the clients before the handler gets them (e.g. the plan's read-only guard). */
  readonly prepareClients?: (clients: AwsClients) => void;
}

export interface EngineDriver {
  run(now: Date, event?: unknown): Promise<RunSummary>;
  /** Every AWS call of every run so far (service, command, identifying fields; never values). */
  readonly calls: readonly ApiCall[];
  /** Every line the handler logged (audit trail, EMF), for leak checks and debugging. */
  readonly logs: readonly string[];
}

export function engineDriver(options: EngineDriverOptions): EngineDriver {
  const counter = new ApiCallCounter();
  const clients = createClients(counter);
  if (options.failCredentialReport) failCredentialReport(clients.iam);
  options.prepareClients?.(clients);
  const calls: ApiCall[] = [];
  const logs: string[] = [];
  let now = new Date(0);
  const handle = createHandler({
    ...clients,
    counter,
    clock: () => now,
    env: () => ({ ...process.env, ...options.env }),
    sink: (line) => logs.push(line),
    // moto answers the first GenerateCredentialReport with STARTED: poll again at once.
    reportWait: { maxTries: 5, intervalMs: 0, sleep: async () => undefined },
  });
  return {
    calls,
    logs,
    async run(at: Date, event: unknown = SCHEDULED_EVENT): Promise<RunSummary> {
      now = at;
      try {
        return await handle(event);
      } finally {
        calls.push(...counter.calls);
      }
    },
  };
}

/**
 * IAM answers LimitExceeded when too many reports are requested; the engine must then fall back to
 * per-user reads. Thrown before sending, so no request reaches the emulator.
 */
function failCredentialReport(iam: IAMClient): void {
  iam.middlewareStack.add(
    (next, context) => async (args) => {
      if (/CredentialReport/.test(String(context.commandName))) {
        throw Object.assign(
          new Error('Rate exceeded for credential report (injected by the test harness)'),
          {
            name: 'LimitExceededException',
            $metadata: { httpStatusCode: 409 },
          },
        );
      }
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'harnessFailCredentialReport' },
  );
}
