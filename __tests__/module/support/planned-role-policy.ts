import { plannedValues, type PlanJson } from './plan-json';

interface Statement {
  readonly Sid: string;
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

type Policy = { Version: string; Statement: Statement[] };

/** A role policy as planned; throws when Terraform could not know it at plan time. */
function plannedPolicy(p: PlanJson, address: string): Policy {
  const policy = plannedValues(p, address).policy;
  if (typeof policy !== 'string') {
    throw new Error(`${address}.policy is not known at plan time: ${String(policy)}`);
  }
  return JSON.parse(policy) as Policy;
}

/** The main role policy as planned: known in full at plan time (the module builds it from names). */
export function plannedMainPolicy(p: PlanJson): Policy {
  return plannedPolicy(p, 'aws_iam_role_policy.engine[0]');
}

/** The key-use role policy as planned: known at plan time too (module keys named by alias). */
export function plannedKeyPolicy(p: PlanJson): Policy {
  return plannedPolicy(p, 'aws_iam_role_policy.engine_keys[0]');
}

/** Everything the engine role may do, from one plan: the main policy plus the key-use policy. */
export function plannedRolePolicy(p: PlanJson): object {
  const main = plannedMainPolicy(p);
  return {
    Version: main.Version,
    Statement: [...main.Statement, ...plannedKeyPolicy(p).Statement],
  };
}
