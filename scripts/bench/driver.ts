/**
 * Runs the real handler (`createHandler`) in-process against the emulator, like the harness's
 * engine driver, but keeps only counts of what it sees: the harness driver stores every log line,
 * which at 5,000 users would weigh on the very heap this benchmark measures.
 *
 * Three views of the AWS traffic are kept apart: the engine's own count (summary.apiCalls), the
 * harness call recorder (one record per logical call, by IAM action) and HTTP attempts (below the
 * SDK's retry loop, so a throttled-and-retried call counts once per attempt).
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { MiddlewareStack } from '@smithy/types';
import { ApiCallCounter } from '../../lambda/aws/api-calls';
import { createClients, type AwsClients } from '../../lambda/aws/clients';
import type { RunSummary } from '../../lambda/engine/summary';
import { createHandler } from '../../lambda/index';
import { recordCalls, type RecordedCall } from '../emulator/call-recorder';
import { SCHEDULED_EVENT } from '../emulator/engine';

export interface BenchRunTraffic {
  readonly summary: RunSummary;
  /** Logical calls by IAM action, e.g. `iam:ListAccessKeys` → 52 (harness call recorder). */
  readonly byAction: Readonly<Record<string, number>>;
  readonly recordedCalls: number;
  /** HTTP requests sent, retries included. */
  readonly httpAttempts: number;
  readonly logLines: number;
  readonly logBytes: number;
}

export interface BenchDriver {
  run(now: Date, options: { readonly failCredentialReport: boolean }): Promise<BenchRunTraffic>;
}

export async function createTopic(): Promise<string> {
  const { TopicArn } = await new SNSClient({}).send(new CreateTopicCommand({ Name: 'bench' }));
  return TopicArn!;
}

/** `env` is the engine's configuration (MODE, SNS_TOPIC_ARN, ...) over the SDK environment. */
export function benchDriver(env: Readonly<Record<string, string>>): BenchDriver {
  const counter = new ApiCallCounter();
  const clients = createClients(counter);
  const recorded: RecordedCall[] = [];
  recordCalls(clients, recorded);
  const attempts = { count: 0 };
  countAttempts(clients, attempts);
  const failReport = { on: false };
  failCredentialReport(clients.iam, failReport);
  const logs = { lines: 0, bytes: 0 };
  let now = new Date(0);
  const handle = createHandler({
    ...clients,
    counter,
    clock: () => now,
    env: () => ({ ...process.env, ...env }),
    sink: (line) => {
      logs.lines++;
      logs.bytes += Buffer.byteLength(line) + 1;
    },
    // moto answers the first GenerateCredentialReport with STARTED: poll again at once.
    reportWait: { maxTries: 5, intervalMs: 0, sleep: async () => undefined },
  });
  return {
    async run(at, options) {
      now = at;
      failReport.on = options.failCredentialReport;
      recorded.length = 0;
      attempts.count = 0;
      logs.lines = 0;
      logs.bytes = 0;
      const summary = await handle(SCHEDULED_EVENT);
      const byAction: Record<string, number> = {};
      for (const call of recorded) byAction[call.action] = (byAction[call.action] ?? 0) + 1;
      return {
        summary,
        byAction,
        recordedCalls: recorded.filter((c) => !c.sameCall).length,
        httpAttempts: attempts.count,
        logLines: logs.lines,
        logBytes: logs.bytes,
      };
    },
  };
}

type Stackable = { middlewareStack: Pick<MiddlewareStack<object, object>, 'add'> };

function countAttempts(clients: AwsClients, attempts: { count: number }): void {
  for (const client of Object.values(clients) as Stackable[]) {
    client.middlewareStack.add(
      (next) => async (args) => {
        attempts.count++;
        return next(args);
      },
      // The deserialize step runs inside the retry loop: once per attempt.
      { step: 'deserialize', name: 'benchAttemptCounter' },
    );
  }
}

/** As the harness does: IAM refuses the report (LimitExceeded), so the engine takes its fallback. */
function failCredentialReport(iam: IAMClient, state: { on: boolean }): void {
  iam.middlewareStack.add(
    (next, context) => async (args) => {
      if (state.on && /CredentialReport/.test(String(context.commandName))) {
        throw Object.assign(new Error('Rate exceeded for credential report (injected by bench)'), {
          name: 'LimitExceededException',
          $metadata: { httpStatusCode: 409 },
        });
      }
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'benchFailCredentialReport' },
  );
}
