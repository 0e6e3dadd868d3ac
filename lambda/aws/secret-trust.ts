/**
 * Which secrets the engine writes a new key into (docs/lifecycle.md, "Secrets"): one it will create
 * itself, one it created (its tag; it rewrites the policy before every write, and checks the KMS key
 * like any other), or one whose resource policy denies reading the value to everyone but the owner,
 * the engine and the configured admins and whose KMS key is the configured one — as the module's own
 * secrets are. Anything else (a secret someone pre-created under the prefix with another reader or
 * their own KMS key, or one scheduled for deletion) gets no key: the rotation is blocked before
 * CreateAccessKey, with reason `secret-not-trusted`.
 */
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  type DescribeSecretCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { isNotFound } from './aws-errors';
import type { SecretTarget, SecretTrust } from '../engine/ports';
import { engineCreated, type SecretSettings } from './secrets';

const TRUSTED: SecretTrust = { trusted: true, exists: true };

export async function checkSecretTrust(
  sm: SecretsManagerClient,
  target: SecretTarget,
  settings: SecretSettings,
): Promise<SecretTrust> {
  let described: DescribeSecretCommandOutput;
  try {
    described = await sm.send(new DescribeSecretCommand({ SecretId: target.secretName }));
  } catch (err) {
    // The engine creates it, with its own policy and key.
    if (isNotFound(err)) return { trusted: true, exists: false };
    throw err;
  }
  if (described.DeletedDate !== undefined) {
    return untrusted(
      `it is scheduled for deletion (restore it with "aws secretsmanager restore-secret --secret-id ${target.secretName}", or let the deletion finish)`,
    );
  }
  if (!(await usesConfiguredKey(settings, described.KmsKeyId))) {
    return untrusted(
      `it is encrypted with KMS key ${described.KmsKeyId ?? 'aws/secretsmanager (the default)'}, not the configured ${settings.kmsKeyId ?? 'aws/secretsmanager (the default)'}; whoever may decrypt with that key could read the access key`,
    );
  }
  if (engineCreated(described)) return TRUSTED; // its policy is rewritten before the value is written
  const { ResourcePolicy } = await sm.send(
    new GetResourcePolicyCommand({ SecretId: target.secretName }),
  );
  const allowed = new Set([
    target.userArn,
    ...settings.adminPrincipalArns,
    ...(await settings.enginePrincipalPatterns()),
  ]);
  const readers = deniedExcept(ResourcePolicy);
  if (readers === undefined) {
    return untrusted(
      'its resource policy does not deny reading the value to every principal but the owner, the engine and the configured admins (the module and the engine write such a policy)',
    );
  }
  const strangers = readers.filter((r) => !allowed.has(r));
  if (strangers.length > 0) {
    return untrusted(`its resource policy lets ${strangers.join(', ')} read the value as well`);
  }
  return TRUSTED;
}

function untrusted(why: string): SecretTrust {
  return { trusted: false, why };
}

/** The configured key in any spelling: as configured, or (an alias) the key ARN it names. */
async function usesConfiguredKey(
  settings: SecretSettings,
  actual: string | undefined,
): Promise<boolean> {
  if (sameKmsKey(settings.kmsKeyId, actual)) return true;
  if (actual === undefined || settings.kmsKeyArn === undefined) return false;
  return sameKmsKey(await settings.kmsKeyArn(), actual);
}

/** Key id, key ARN and alias forms of one configured key compare equal; the default key is "none". */
function sameKmsKey(configured: string | undefined, actual: string | undefined): boolean {
  const norm = (id: string | undefined) => {
    if (id === undefined || /(^|:)alias\/aws\/secretsmanager$/.test(id)) return 'default';
    const key = /(?:^|:key\/)([0-9a-f-]{36}|mrk-[0-9a-f]{32})$/.exec(id);
    if (key) return `key/${key[1]}`;
    const alias = /(?:^|:)(alias\/.+)$/.exec(id);
    return alias ? alias[1] : id;
  };
  return norm(configured) === norm(actual);
}

interface Statement {
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | string[]>>>>;
}

const NOT_EQUAL = ['StringNotEquals', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike'];

/**
 * The principals a Deny of GetSecretValue to `*` exempts (condition on aws:PrincipalArn), or undefined
 * when the policy has no such Deny. With it, no Allow anywhere can grant anyone else the value.
 */
function deniedExcept(policyText: string | undefined): string[] | undefined {
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
    const conditions = Object.entries(s.Condition ?? {});
    if (conditions.length !== 1) continue;
    const [operator, values] = conditions[0];
    const keys = Object.keys(values);
    if (!NOT_EQUAL.includes(operator) || keys.length !== 1) continue;
    if (keys[0].toLowerCase() !== 'aws:principalarn') continue;
    const arns = values[keys[0]];
    return Array.isArray(arns) ? [...arns] : [arns as string];
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
