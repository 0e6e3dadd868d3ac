import * as fs from 'fs';
import * as path from 'path';
import { runTerraformAsync, type RunResult } from '../../../scripts/terraform-env';
import { flat, plan } from './hcl-module';
import { terraform } from './terraform';

/** The parts of `terraform show -json <plan>` these tests read. */
export interface PlanJson {
  readonly variables: Readonly<Record<string, { readonly value: unknown }>>;
  readonly prior_state?: { readonly values?: { readonly root_module?: ModuleValues } };
  readonly planned_values: { readonly root_module: ModuleValues };
  readonly resource_changes: readonly ResourceChange[];
}

export interface ModuleValues {
  readonly resources?: readonly {
    readonly address: string;
    readonly values: Readonly<Record<string, unknown>>;
  }[];
}

export interface ResourceChange {
  readonly address: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly after: Readonly<Record<string, unknown>> | null;
    readonly after_unknown: Readonly<Record<string, unknown>>;
  };
}

/** Plans into a file named after `name` (plans may run side by side in one directory), then shows it. */
export async function planJson(
  dir: string,
  name: string,
  args: readonly string[],
): Promise<PlanJson> {
  const out = `${name}.tfplan`;
  const planned = await plan(dir, [...args, `-out=${out}`]);
  if (planned.status !== 0) throw failure(`plan ${name}`, planned);
  const shown = await runTerraformAsync(terraform(), dir, ['show', '-json', out]);
  if (shown.status !== 0) throw failure(`show ${name}`, shown);
  fs.rmSync(path.join(dir, out), { force: true });
  return JSON.parse(shown.stdout) as PlanJson;
}

function failure(what: string, r: RunResult): Error {
  return new Error(`terraform ${what} exited ${r.status}: ${flat(r).slice(-3000)}`);
}

export function change(p: PlanJson, address: string): ResourceChange {
  const found = p.resource_changes.find((c) => c.address === address);
  if (!found) throw new Error(`the plan has no change for ${address}: is the address still right?`);
  return found;
}

/** Values of a data source Terraform could read at plan time (prior_state holds them). */
export function readDataValues(p: PlanJson, address: string): Readonly<Record<string, unknown>> {
  const found = p.prior_state?.values?.root_module?.resources?.find((r) => r.address === address);
  if (!found) throw new Error(`${address} was not read at plan time, so its values are unknown`);
  return found.values;
}

export function plannedValues(p: PlanJson, address: string): Readonly<Record<string, unknown>> {
  const found = p.planned_values.root_module.resources?.find((r) => r.address === address);
  if (!found) throw new Error(`the planned values hold no ${address}`);
  return found.values;
}
