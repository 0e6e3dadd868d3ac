import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import {
  AccessKeyLifecycle,
  type AccessKeyLifecycleProps,
} from '../../modules/access-key-lifecycle';
import { VARIABLES, type VariableSpec } from './variables';

/** A reference to the variable, typed as the prop it stands for. */
function reference(variable: TerraformVariable, spec: VariableSpec): unknown {
  if (spec.type === 'number') return variable.numberValue;
  if (spec.type === 'bool') return variable.booleanValue;
  if (spec.type.startsWith('list(')) return variable.listValue;
  if (spec.type.startsWith('map(')) return variable.value;
  return variable.stringValue;
}

/** Synthesizes the export stack into a temporary directory and returns the stack file's text. */
function synthesize(zipPath: string, hcl: boolean): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-hcl-synth-'));
  // cdktf 0.21's stack synthesizer reads only SYNTH_HCL_OUTPUT, not App's hclOutput.
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  try {
    // skipValidation: the stack deliberately has no provider block.
    const app = new App({ outdir, skipValidation: true, hclOutput: hcl });
    const stack = new TerraformStack(app, 'module');
    const props: Record<string, unknown> = { lambdaZipPath: zipPath };
    for (const spec of VARIABLES) {
      const variable = new TerraformVariable(stack, spec.name, { type: spec.type });
      props[spec.prop] = reference(variable, spec);
    }
    new AccessKeyLifecycle(stack, 'lifecycle', props as unknown as AccessKeyLifecycleProps);
    app.synth();
    return fs.readFileSync(
      path.join(outdir, 'stacks', 'module', hcl ? 'cdk.tf' : 'cdk.tf.json'),
      'utf8',
    );
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Synthesizes the construct with every prop bound to a Terraform variable (no provider: the caller's
 * configuration supplies it) and returns the stack's Terraform JSON. The variables' full definitions
 * (description, default, validation) are written by module-files.ts, so only their types matter here.
 */
export function synthesizeExportStack(zipPath: string): Record<string, unknown> {
  return JSON.parse(synthesize(zipPath, false)) as Record<string, unknown>;
}

/** The same stack as cdktf's HCL rendering (`cdktf synth --hcl`), unformatted and unrepaired. */
export function synthesizeExportStackHcl(zipPath: string): string {
  return synthesize(zipPath, true);
}
