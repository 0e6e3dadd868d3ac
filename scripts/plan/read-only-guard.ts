/**
 * Makes an SDK client read-only: a middleware at the very start of the stack (before serialization,
 * signing or sending) lets through only read calls and refuses everything else with an error.
 *
 * `npm run plan` may point at a real account, so safety must not depend on the engine honouring
 * report mode: even a bug that tried to write would be stopped here, before any request leaves.
 * Publish is not sent either (a plan must not notify key owners); it is captured for display.
 * GetSecretValue is refused although it is a read: a plan has no business holding key material.
 */
import type { MiddlewareStack } from '@smithy/types';

/** `Lookup`: CloudTrail LookupEvents, who uses a key. */
const READ_PREFIXES = ['Get', 'List', 'Describe', 'Generate', 'Lookup'];
/** Reads a plan must still refuse. GenerateCredentialReport only asks IAM to refresh a report. */
const REFUSED_READS = new Set(['GetSecretValue', 'BatchGetSecretValue']);

export class ReadOnlyViolation extends Error {
  constructor(
    readonly service: string,
    readonly command: string,
  ) {
    super(
      `plan is read-only: refused ${service}:${command} before sending it. ` +
        "Only Get*/List*/Describe*/Lookup*/GenerateCredentialReport calls are allowed; this is a bug in the engine's report mode, please report it.",
    );
    this.name = 'ReadOnlyViolation';
  }
}

export interface SuppressedPublish {
  readonly subject?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export function isAllowedRead(command: string): boolean {
  return READ_PREFIXES.some((p) => command.startsWith(p)) && !REFUSED_READS.has(command);
}

interface GuardableClient {
  readonly middlewareStack: Pick<MiddlewareStack<object, object>, 'add'>;
}

export function makeReadOnly(
  client: GuardableClient,
  service: string,
  suppressed: SuppressedPublish[],
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? '').replace(/Command$/, '');
      if (service === 'sns' && command === 'Publish') {
        suppressed.push(describePublish(args.input as PublishInput));
        return { output: { MessageId: 'suppressed-by-plan', $metadata: {} }, response: {} };
      }
      if (!isAllowedRead(command)) throw new ReadOnlyViolation(service, command);
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: `planReadOnlyGuard-${service}` },
  );
}

interface PublishInput {
  readonly Subject?: string;
  readonly MessageAttributes?: Record<string, { StringValue?: string }>;
}

function describePublish(input: PublishInput): SuppressedPublish {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.MessageAttributes ?? {})) {
    if (value.StringValue !== undefined) attributes[name] = value.StringValue;
  }
  return { ...(input.Subject ? { subject: input.Subject } : {}), attributes };
}
