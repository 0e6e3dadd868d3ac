import { MAC_KEY_ARN } from './role-policy';
import { change, plannedValues, type PlanJson } from './plan-json';

interface Statement {
  readonly Sid: string;
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

interface PlannedStatement {
  readonly sid: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly (string | null)[];
  readonly condition: readonly { test: string; variable: string; values: string[] }[];
}

/**
 * The one reference of the key-use policy the plan cannot know when the caller brings the secrets key
 * (create_kms_key = false): the ARN of the state-tag HMAC key the module creates. Its stand-in is
 * role-policy.ts's MAC_KEY_ARN (account 123456789012).
 */
const UNKNOWN_KEY_RESOURCES: Readonly<Record<string, string>> = {
  SignAndVerifyStateTags: MAC_KEY_ARN,
};

/** The main role policy as planned: known in full at plan time (the module builds it from names). */
export function plannedMainPolicy(p: PlanJson): { Version: string; Statement: Statement[] } {
  const policy = plannedValues(p, 'aws_iam_role_policy.engine').policy;
  if (typeof policy !== 'string') {
    throw new Error(
      `aws_iam_role_policy.engine.policy is not known at plan time: ${String(policy)}`,
    );
  }
  return JSON.parse(policy) as { Version: string; Statement: Statement[] };
}

/** The key-use policy's statements from the plan, with the HMAC key's unknown ARN stood in for. */
function plannedKeyStatements(p: PlanJson): Statement[] {
  const { after } = change(p, 'data.aws_iam_policy_document.engine_key_use').change;
  const planned = (after as { statement: PlannedStatement[] }).statement;
  return planned.map((s) => {
    const unknown = s.resources.filter((r) => r === null).length;
    const standIn = UNKNOWN_KEY_RESOURCES[s.sid];
    if (unknown > 0 && (unknown !== 1 || standIn === undefined)) {
      throw new Error(
        `statement ${s.sid} of engine_key_use has ${unknown} unknown resources; update UNKNOWN_KEY_RESOURCES`,
      );
    }
    return {
      Sid: s.sid,
      Effect: s.effect,
      Action: s.actions,
      Resource: s.resources.map((r) => r ?? standIn!),
      ...(s.condition.length > 0 ? { Condition: conditionOf(s.condition) } : {}),
    };
  });
}

/** Everything the engine role may do, from one plan: the main policy plus the key-use policy. */
export function plannedRolePolicy(p: PlanJson): object {
  const main = plannedMainPolicy(p);
  return { Version: main.Version, Statement: [...main.Statement, ...plannedKeyStatements(p)] };
}

function conditionOf(conditions: PlannedStatement['condition']) {
  const out: Record<string, Record<string, string[]>> = {};
  for (const c of conditions) out[c.test] = { ...(out[c.test] ?? {}), [c.variable]: c.values };
  return out;
}
