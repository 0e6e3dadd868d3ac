/**
 * Records every AWS call the engine's clients send, as IAM sees it: the action and the resource
 * ARN it touches (plus tag keys for TagUser/UntagUser), so the module's least-privilege policy can
 * be checked against exactly what the engine does. Only identifiers are kept, never values.
 */
import type { MiddlewareStack } from '@smithy/types';
import type { AwsClients } from '../../lambda/aws/clients';
import { ACCOUNT_ID, REGION } from './emulator';
import { CLIENT_SERVICES } from './faults';

export interface RecordedCall {
  readonly action: string;
  readonly resource: string;
  readonly tagKeys?: readonly string[];
  /**
   * True for the second and later items of one TransactWriteItems call: IAM authorizes each item as
   * its own action, but it is one API call (counts of calls skip these).
   */
  readonly sameCall?: true;
}

interface Input {
  readonly UserName?: string;
  readonly SecretId?: string;
  readonly Name?: string;
  readonly TopicArn?: string;
  readonly Tags?: ReadonlyArray<{ Key?: string }>;
  readonly TagKeys?: readonly string[];
  readonly TableName?: string;
  readonly RequestItems?: Readonly<Record<string, unknown>>;
  readonly TransactItems?: ReadonlyArray<Record<string, { TableName?: string }>>;
  readonly KeyId?: string;
}

const ACCOUNT_WIDE = '*';

export function recordCalls(clients: AwsClients, sink: RecordedCall[]): void {
  for (const [key, service] of CLIENT_SERVICES) {
    const client = clients[key] as unknown as {
      middlewareStack: Pick<MiddlewareStack<object, object>, 'add'>;
    };
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName).replace(/Command$/, '');
        const input = args.input as Input;
        if (command === 'TransactWriteItems') {
          // IAM authorizes a transaction item by item, as the single-item action on its table.
          (input.TransactItems ?? []).flatMap(Object.entries).forEach(([op, body], i) => {
            const call = describe(service, `${op}Item`, { TableName: body.TableName });
            sink.push(i === 0 ? call : { ...call, sameCall: true });
          });
          return next(args);
        }
        if (command !== 'GetAccessKeyLastUsed') {
          sink.push(describe(service, command, input));
          return next(args);
        }
        // IAM authorizes GetAccessKeyLastUsed on the key's user, which only the response names.
        const result = await next(args);
        const owner = (result.output as { UserName?: string }).UserName;
        sink.push(describe(service, command, { ...input, ...(owner ? { UserName: owner } : {}) }));
        return result;
      },
      { step: 'initialize', name: `harnessCallRecorder-${service}` },
    );
  }
}

function describe(service: string, command: string, input: Input): RecordedCall {
  const action = `${service}:${command}`;
  const tagKeys = input.TagKeys ?? input.Tags?.map((t) => t.Key ?? '');
  const base = { action, ...(service === 'iam' && tagKeys ? { tagKeys } : {}) };
  if (service === 'iam') {
    return {
      ...base,
      resource: input.UserName ? `arn:aws:iam::${ACCOUNT_ID}:user/${input.UserName}` : ACCOUNT_WIDE,
    };
  }
  if (service === 'secretsmanager') {
    const id = input.SecretId ?? input.Name ?? '';
    // ListSecrets names no secret: IAM evaluates it on `*`.
    if (id === '') return { ...base, resource: ACCOUNT_WIDE };
    return {
      ...base,
      resource: id.startsWith('arn:')
        ? id
        : `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${id}`,
    };
  }
  if (service === 'sns') return { ...base, resource: input.TopicArn ?? ACCOUNT_WIDE };
  if (service === 'dynamodb') {
    const table = input.TableName ?? Object.keys(input.RequestItems ?? {})[0] ?? '';
    return {
      ...base,
      resource: table.startsWith('arn:')
        ? table
        : `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/${table}`,
    };
  }
  if (service === 'kms') {
    const id = input.KeyId ?? '';
    return {
      ...base,
      resource: id.startsWith('arn:') ? id : `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${id}`,
    };
  }
  return { ...base, resource: ACCOUNT_WIDE };
}
