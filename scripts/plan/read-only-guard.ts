/**
 * Makes an SDK client read-only: a middleware at the very start of the stack (before serialization,
 * signing or sending) lets through only read calls and refuses everything else with an error.
 *
 * `npm run plan` may point at a real account, so safety must not depend on the engine honouring
 * report mode: even a bug that tried to write would be stopped here, before any request leaves.
 * Publish is not sent either (a plan must not notify key owners); it is captured for display.
 * GetSecretValue is refused although it is a read: a plan has no business holding key material.
 *
 * Every client the engine is given is guarded (makeAllReadOnly names each one by its AwsClients key, so a
 * new client cannot be added unguarded). Per service, what counts as a read:
 * - DynamoDB: Query, Scan, GetItem, BatchGetItem, TransactGetItems (PartiQL statements may write:
 *   refused).
 * - KMS: GenerateMac and VerifyMac are allowed. They compute with the key and change nothing in
 *   the account (no key, grant, policy or alias is created or altered); report mode needs them to check
 *   the state tags' MACs exactly as the Lambda does. Besides Get*, List*, Describe* (the secrets' key
 *   alias is resolved with them), every other KMS call is refused, including Decrypt and
 *   GenerateDataKey (they hand out material a plan has no use for).
 */
import type { MiddlewareStack } from '@smithy/types';
import type { AwsClients } from '../../lambda/aws/clients';

/** `Lookup`: CloudTrail LookupEvents, who uses a key. */
const READ_PREFIXES = ['Get', 'List', 'Describe', 'Lookup'];
/** Reads each service allows beyond Get*, List*, Describe* and Lookup*. */
const EXTRA_READS: Readonly<Record<string, readonly string[]>> = {
  // Only asks IAM to refresh the credential report.
  iam: ['GenerateCredentialReport'],
  dynamodb: ['Query', 'Scan', 'BatchGetItem', 'TransactGetItems'],
  kms: ['GenerateMac', 'VerifyMac'],
};
/** Reads a plan must still refuse. */
const REFUSED_READS = new Set(['GetSecretValue', 'BatchGetSecretValue']);

/** The service name of every client the engine uses: a client missing here does not type-check. */
export const GUARDED_SERVICES: Readonly<Record<keyof AwsClients, string>> = {
  iam: 'iam',
  secrets: 'secretsmanager',
  sns: 'sns',
  sts: 'sts',
  dynamodb: 'dynamodb',
  kms: 'kms',
  cloudtrail: 'cloudtrail',
};

export class ReadOnlyViolation extends Error {
  constructor(
    readonly service: string,
    readonly command: string,
  ) {
    super(
      `plan is read-only: refused ${service}:${command} before sending it. ` +
        'Only reads are allowed (Get*, List*, Describe*, CloudTrail LookupEvents, IAM ' +
        'GenerateCredentialReport, DynamoDB Query/Scan/GetItem, KMS GenerateMac/VerifyMac); this is a ' +
        "bug in the engine's report mode, please report it.",
    );
    this.name = 'ReadOnlyViolation';
  }
}

export interface SuppressedPublish {
  readonly subject?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** True when `command` of `service` is a read a plan may send (`iam` when no service is named). */
export function isAllowedRead(command: string, service = 'iam'): boolean {
  if (REFUSED_READS.has(command)) return false;
  return (
    READ_PREFIXES.some((p) => command.startsWith(p)) ||
    (EXTRA_READS[service] ?? []).includes(command)
  );
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
      if (!isAllowedRead(command, service)) throw new ReadOnlyViolation(service, command);
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: `planReadOnlyGuard-${service}` },
  );
}

/** Guards every client of `clients` (the plan hands all of them to the engine). */
export function makeAllReadOnly(clients: AwsClients, suppressed: SuppressedPublish[]): void {
  for (const [key, service] of Object.entries(GUARDED_SERVICES)) {
    makeReadOnly(clients[key as keyof AwsClients], service, suppressed);
  }
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
