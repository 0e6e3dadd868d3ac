import { ACCOUNT_ID } from './stacks';
import { KEY_ARN, MAC_KEY_ARN } from './role-policy';
import { change, readDataValues, type PlanJson } from './plan-json';

/**
 * The KMS key ARNs hold ids AWS assigns at create, so the role policy on the keys is unknown at plan
 * time. These are the stand-ins for exactly those references (account 123456789012, as in
 * role-policy.ts); everything else comes from Terraform's plan.
 */
const KNOWN_AFTER_APPLY: Readonly<Record<string, string>> = {
  '${local.account_id}': ACCOUNT_ID,
  '${var.create_kms_key ? one(aws_kms_key.key[*].arn) : var.kms_key_arn}': KEY_ARN,
  '${aws_kms_key.state_mac.arn}': MAC_KEY_ARN,
};

interface TemplateStatement {
  readonly sid: string;
  readonly resources: readonly string[];
}

interface PlannedStatement {
  readonly sid: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly (string | null)[];
  readonly condition: readonly { test: string; variable: string; values: string[] }[];
}

type MainTf = Readonly<Record<string, unknown>>;

export function documentTemplates(mainTf: MainTf): Readonly<Record<string, TemplateStatement[]>> {
  const docs = (mainTf.data as Record<string, Record<string, { statement: TemplateStatement[] }>>)
    .aws_iam_policy_document!;
  return Object.fromEntries(Object.entries(docs).map(([name, d]) => [name, d.statement]));
}

/**
 * The IAM JSON a policy document renders to, from the plan: sids, effects, actions, conditions and
 * every resource Terraform resolved at plan time are taken as planned; only resources the plan marks
 * unknown are rebuilt from the exported template with the plan's variables and data sources.
 */
export function plannedDocument(p: PlanJson, mainTf: MainTf, name: string): object {
  const { after, after_unknown: unknown } = change(
    p,
    `data.aws_iam_policy_document.${name}`,
  ).change;
  const planned = (after as { statement: PlannedStatement[] }).statement;
  const unknowns = (unknown as { statement: Record<string, unknown>[] }).statement;
  const templates = documentTemplates(mainTf)[name]!;
  const resolve = resolver(p);
  return {
    Version: '2012-10-17',
    Statement: planned.map((s, i) => {
      const { resources: unknownResources, ...rest } = unknowns[i]!;
      if (JSON.stringify(rest).includes('true')) {
        throw new Error(`statement ${s.sid} of ${name} has unknown parts besides its resources`);
      }
      const rebuilt = templates
        .find((t) => t.sid === s.sid)!
        .resources.filter((r) => Object.keys(KNOWN_AFTER_APPLY).some((k) => r.includes(k)))
        .map(resolve);
      const known = s.resources.filter((r): r is string => r !== null);
      if (known.length + rebuilt.length !== s.resources.length || unknownResources === undefined) {
        throw new Error(
          `statement ${s.sid} of ${name}: ${s.resources.length} planned resources, ${known.length} known and ${rebuilt.length} rebuilt; update KNOWN_AFTER_APPLY`,
        );
      }
      return {
        Sid: s.sid,
        Effect: s.effect,
        Action: s.actions,
        Resource: [...known, ...rebuilt],
        ...(s.condition.length > 0 ? { Condition: conditionOf(s.condition) } : {}),
      };
    }),
  };
}

function conditionOf(conditions: PlannedStatement['condition']) {
  const out: Record<string, Record<string, string[]>> = {};
  for (const c of conditions) out[c.test] = { ...(out[c.test] ?? {}), [c.variable]: c.values };
  return out;
}

function resolver(p: PlanJson): (template: string) => string {
  const values: Record<string, string> = {
    ...KNOWN_AFTER_APPLY,
    '${data.aws_partition.current.partition}': String(
      readDataValues(p, 'data.aws_partition.current').partition,
    ),
    '${data.aws_region.current.name}': String(readDataValues(p, 'data.aws_region.current').name),
    '${local.region}': String(readDataValues(p, 'data.aws_region.current').name),
  };
  for (const [name, v] of Object.entries(p.variables)) {
    if (typeof v.value === 'string') values[`\${var.${name}}`] = v.value;
  }
  return (template) => {
    const text = Object.entries(values).reduce((acc, [ref, v]) => acc.split(ref).join(v), template);
    if (text.includes('${')) throw new Error(`unresolved reference in role policy: ${text}`);
    return text;
  };
}
