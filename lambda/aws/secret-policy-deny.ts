/**
 * Reading a secret's resource policy for the trust check (secret-trust.ts): the principals a Deny of
 * GetSecretValue to everyone exempts. With such a Deny no Allow anywhere grants anyone else the value —
 * but only if the Deny applies to this secret: a statement whose Resource names another secret, or that
 * uses NotResource, NotAction or NotPrincipal, or carries any other condition, is not counted.
 */

interface Statement {
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: string | readonly string[];
  readonly NotAction?: unknown;
  readonly Resource?: string | readonly string[];
  readonly NotResource?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | string[]>>>>;
}

const NOT_EQUAL = ['StringNotEquals', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike'];

/**
 * The principals exempted by the first Deny that covers reading this secret (`secretArn`), or undefined
 * when there is none (or the policy is not JSON).
 */
export function denyCoversAllBut(
  policyText: string | undefined,
  secretArn: string | undefined,
): string[] | undefined {
  let statements: Statement[];
  try {
    const doc = JSON.parse(policyText ?? '') as { Statement?: Statement | Statement[] };
    statements = Array.isArray(doc.Statement)
      ? doc.Statement
      : doc.Statement
        ? [doc.Statement]
        : [];
  } catch {
    return undefined;
  }
  for (const s of statements) {
    if (s.Effect !== 'Deny' || !toEveryone(s.Principal) || !coversRead(s.Action)) continue;
    if (s.NotPrincipal !== undefined || s.NotAction !== undefined || s.NotResource !== undefined)
      continue;
    if (!coversSecret(s.Resource, secretArn)) continue;
    const conditions = Object.entries(s.Condition ?? {});
    if (conditions.length !== 1) continue;
    const [operator, values] = conditions[0]!;
    const keys = Object.keys(values);
    if (!NOT_EQUAL.includes(operator) || keys.length !== 1) continue;
    if (keys[0]!.toLowerCase() !== 'aws:principalarn') continue;
    const arns = values[keys[0]!]!;
    return Array.isArray(arns) ? [...arns] : [arns];
  }
  return undefined;
}

function toEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  const aws = (principal as { AWS?: unknown } | undefined)?.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

function coversRead(action: Statement['Action']): boolean {
  const actions = typeof action === 'string' ? [action] : (action ?? []);
  return actions.some((a) =>
    ['secretsmanager:getsecretvalue', 'secretsmanager:*', '*'].includes(a.toLowerCase()),
  );
}

/**
 * A resource policy's Resource is `*` or this secret's ARN (wildcards `*` and `?` as IAM matches them).
 * Without the secret's ARN only `*` is known to cover it.
 */
function coversSecret(resource: Statement['Resource'], secretArn: string | undefined): boolean {
  if (resource === undefined) return false;
  const patterns = typeof resource === 'string' ? [resource] : resource;
  return patterns.some((p) => p === '*' || (secretArn !== undefined && arnMatches(p, secretArn)));
}

function arnMatches(pattern: string, arn: string): boolean {
  const regex = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(arn);
}
