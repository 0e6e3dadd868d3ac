import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Fn } from 'cdktf';
import { conditionBlock, type PolicyStatement } from './permissions';

export interface DocumentStatement extends PolicyStatement {
  /** Resource policies only: `{ AWS: [...] }` or `{ Service: [...] }`. */
  readonly principals?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Policies are emitted as aws_iam_policy_document data sources rather than JSON strings: checkov's IAM
 * checks evaluate these, while a raw JSON string can be skipped silently.
 */
export function policyDocument(
  scope: Construct,
  logicalId: string,
  statements: readonly DocumentStatement[],
  count?: number,
): DataAwsIamPolicyDocument {
  const doc = new DataAwsIamPolicyDocument(scope, logicalId, {
    count,
    statement: statements.map((s) => ({
      sid: s.sid,
      effect: s.effect,
      actions: [...s.actions],
      resources: nonEmpty([...s.resources]),
      condition: nonEmpty(
        (s.conditions ?? []).map((c) => ({
          test: c.test,
          variable: c.variable,
          values: [...c.values],
        })),
      ),
      principals: nonEmpty(
        Object.entries(s.principals ?? {}).map(([type, ids]) => ({ type, identifiers: [...ids] })),
      ),
    })),
  });
  doc.overrideLogicalId(logicalId);
  return doc;
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/**
 * Resource policies (key policy, secret policies) are rendered with jsonencode instead: there
 * `Resource: "*"` means "this key/secret", which checkov's identity-policy checks would misread as a
 * wildcard grant.
 */
export function resourcePolicyJson(statements: readonly DocumentStatement[]): string {
  return Fn.jsonencode({ Version: '2012-10-17', Statement: statements.map(resourceStatement) });
}

/** Just the statements (a JSON list), for callers who add them to a policy of their own. */
export function resourcePolicyStatementsJson(statements: readonly DocumentStatement[]): string {
  return Fn.jsonencode(statements.map(resourceStatement));
}

function resourceStatement(s: DocumentStatement): Record<string, unknown> {
  return {
    Sid: s.sid,
    Effect: s.effect,
    Principal: Object.fromEntries(
      Object.entries(s.principals ?? {}).map(([type, ids]) => [
        type,
        ids.length === 1 ? ids[0] : [...ids],
      ]),
    ),
    Action: [...s.actions],
    Resource: s.resources.length === 1 ? s.resources[0] : [...s.resources],
    ...(s.conditions && s.conditions.length > 0 ? { Condition: conditionBlock(s.conditions) } : {}),
  };
}
