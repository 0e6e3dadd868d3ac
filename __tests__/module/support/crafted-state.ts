import * as fs from 'fs';
import * as path from 'path';
import { runTerraformAsync } from '../../../scripts/terraform-env';
import { terraform } from './terraform';
import type { PlanJson } from './plan-json';

/** The parts of `terraform providers schema -json` these tests read. */
export interface ProviderSchema {
  readonly resource_schemas: Readonly<
    Record<
      string,
      {
        /** The state schema version the provider writes for this type (upgrades start from it). */
        readonly version?: number;
        readonly block: {
          readonly attributes?: Readonly<Record<string, { readonly type: unknown }>>;
          readonly block_types?: Readonly<Record<string, unknown>>;
        };
      }
    >
  >;
}

export async function awsSchema(dir: string): Promise<ProviderSchema> {
  const r = await runTerraformAsync(terraform(), dir, ['providers', 'schema', '-json']);
  if (r.status !== 0) throw new Error(`terraform providers schema: ${r.stderr.slice(-2000)}`);
  const all = JSON.parse(r.stdout) as { provider_schemas: Record<string, ProviderSchema> };
  const aws = Object.entries(all.provider_schemas).find(([k]) => k.endsWith('hashicorp/aws'));
  if (!aws) throw new Error('the provider schema holds no hashicorp/aws');
  return aws[1];
}

/** A stand-in for a value AWS computes, of the attribute's type. */
function computed(type: unknown, name: string): unknown {
  // A JSON document (a key policy AWS completes): the provider parses what the state holds.
  if (name === 'policy') return '{}';
  if (name === 'arn' || name.endsWith('_arn'))
    return 'arn:aws:kms:us-east-1:123456789012:key/crafted';
  if (type === 'bool') return false;
  if (type === 'number') return 0;
  if (type === 'string') return 'crafted-for-test';
  if (Array.isArray(type) && type[0] === 'map') return {};
  return [];
}

interface PlannedResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly values: Record<string, unknown>;
}

/**
 * A state (format 4) holding the instances `keep` selects from a plan, as if that plan had been
 * applied: planned values, and a stand-in for each value only AWS would know. With `-refresh=false`,
 * Terraform then plans against it without calling AWS, so a test can see what a change of inputs
 * would do to existing objects.
 */
export async function stateFromPlan(
  dir: string,
  plan: PlanJson,
  schema: ProviderSchema,
  keep: (address: string) => boolean,
): Promise<void> {
  const root = plan.planned_values.root_module as {
    resources?: PlannedResource[];
    child_modules?: { address: string; resources?: PlannedResource[] }[];
  };
  // The module's resources when a root module calls it, else the root's own (a cdktf stack).
  const module = root.child_modules?.[0] ?? { address: undefined, resources: root.resources };
  const groups = new Map<string, { type: string; name: string; instances: object[] }>();
  for (const r of (module.resources ?? []).filter((x) => keep(x.address))) {
    const change = plan.resource_changes.find((c) => c.address === r.address)!.change;
    const block = schema.resource_schemas[r.type]!.block;
    const attributes: Record<string, unknown> = { ...r.values };
    for (const [name, a] of Object.entries(block.attributes ?? {})) {
      if (change.after_unknown[name] === true || !(name in attributes)) {
        attributes[name] = change.after_unknown[name] === true ? computed(a.type, name) : null;
      }
    }
    for (const [name, b] of Object.entries(block.block_types ?? {})) {
      // A single nested block (timeouts) is an object or null in state, the others lists.
      attributes[name] ??= (b as { nesting_mode?: string }).nesting_mode === 'single' ? null : [];
    }
    const key = `${r.type}.${r.name}`;
    const group = groups.get(key) ?? { type: r.type, name: r.name, instances: [] };
    group.instances.push({
      ...(r.index === undefined ? {} : { index_key: r.index }),
      schema_version: schema.resource_schemas[r.type]!.version ?? 0,
      attributes,
    });
    groups.set(key, group);
  }
  const version = await runTerraformAsync(terraform(), dir, ['version', '-json']);
  const state = {
    version: 4,
    terraform_version: (JSON.parse(version.stdout) as { terraform_version: string })
      .terraform_version,
    serial: 1,
    lineage: 'crafted-by-iam-key-lifecycle-tests',
    outputs: {},
    resources: [...groups.values()].map((g) => ({
      ...(module.address === undefined ? {} : { module: module.address }),
      mode: 'managed',
      type: g.type,
      name: g.name,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: g.instances,
    })),
  };
  fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(state));
}
