/**
 * Counts the AWS API calls of one run (RunSummary.apiCalls) and records what each call touched, so the
 * integration suite can check the module's IAM policy against the exact (action, resource) pairs used.
 *
 * The middleware sits in the `initialize` step, which runs once per logical call: the SDK's retries
 * happen later in the stack, so a throttled call retried five times still counts once.
 */
import type { MiddlewareStack } from '@smithy/types';

/** Input fields that identify a resource. Nothing else is recorded: inputs may carry key material. */
const IDENTIFYING_FIELDS = [
  'UserName',
  'AccessKeyId',
  'SecretId',
  'Name',
  'TopicArn',
  'GroupName',
  'TableName',
  'KeyId',
];

export interface ApiCall {
  readonly service: string;
  readonly command: string;
  /** Only the identifying fields of the input (never SecretString or other values). */
  readonly identifiers: Readonly<Record<string, string>>;
}

export class ApiCallCounter {
  private readonly recorded: ApiCall[] = [];

  get count(): number {
    return this.recorded.length;
  }

  get calls(): readonly ApiCall[] {
    return [...this.recorded];
  }

  /** The counter lives at module scope (one per Lambda container): each run starts from zero. */
  reset(): void {
    this.recorded.length = 0;
  }

  record(service: string, command: string, input: unknown): void {
    this.recorded.push({ service, command, identifiers: identifiersOf(input) });
  }
}

function identifiersOf(input: unknown): Record<string, string> {
  if (typeof input !== 'object' || input === null) return {};
  const source = input as Record<string, unknown>;
  const picked: Record<string, string> = {};
  for (const field of IDENTIFYING_FIELDS) {
    if (typeof source[field] === 'string') picked[field] = source[field] as string;
  }
  return picked;
}

interface CountableClient {
  readonly middlewareStack: Pick<MiddlewareStack<object, object>, 'add'>;
}

/** Adds the counting middleware to one SDK client. `service` names it in the records, e.g. `iam`. */
export function countCalls(
  client: CountableClient,
  service: string,
  counter: ApiCallCounter,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counter.record(service, String(context.commandName ?? 'unknown'), args.input);
      return next(args);
    },
    { step: 'initialize', name: `iamKeyLifecycleApiCallCounter-${service}` },
  );
}
