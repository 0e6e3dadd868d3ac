import { execFileSync } from 'child_process';
import { venvPython } from '../../../scripts/emulator/python-venv';
/**
 * Reads from the emulator for services whose SDK client the project does not install (Lambda,
 * EventBridge). moto does not check signatures; the Authorization header only tells its single
 * endpoint which service a request is for.
 */
const REGION = 'us-east-1';

function authorization(service: string): string {
  return `AWS4-HMAC-SHA256 Credential=AKIAFAKEEMULATOR0000/20260101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

async function call(url: string, init: RequestInit, what: string): Promise<unknown> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} failed: HTTP ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

export interface FunctionConfiguration {
  readonly FunctionName: string;
  readonly Runtime: string;
  readonly Environment?: { readonly Variables?: Readonly<Record<string, string>> };
}

/** Lambda GetFunctionConfiguration. */
export async function getFunctionConfiguration(
  endpoint: string,
  functionName: string,
): Promise<FunctionConfiguration> {
  return (await call(
    `${endpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/configuration`,
    { headers: { Authorization: authorization('lambda') } },
    `GetFunctionConfiguration ${functionName}`,
  )) as FunctionConfiguration;
}

async function events(endpoint: string, operation: string, body: object): Promise<unknown> {
  return call(
    endpoint,
    {
      method: 'POST',
      headers: {
        Authorization: authorization('events'),
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSEvents.${operation}`,
      },
      body: JSON.stringify(body),
    },
    `EventBridge ${operation}`,
  );
}

/** The event pattern of an applied EventBridge rule (DescribeRule). */
export async function ruleEventPattern(endpoint: string, ruleName: string): Promise<string> {
  const rule = (await events(endpoint, 'DescribeRule', { Name: ruleName })) as {
    EventPattern: string;
  };
  return rule.EventPattern;
}

/**
 * Would a rule with `pattern` match `event`? moto implements no TestEventPattern, so this asks moto's
 * own rule matcher (the code that routes PutEvents) in the project's Python virtualenv.
 */
export function patternMatches(pattern: string, event: object): boolean {
  const script = [
    'import json, sys',
    'from moto.events.models import EventPattern',
    'print(json.dumps(EventPattern.load(sys.argv[1]).matches_event(json.loads(sys.argv[2]))))',
  ].join('\n');
  const out = execFileSync(venvPython(), ['-c', script, pattern, JSON.stringify(event)], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as boolean;
}
