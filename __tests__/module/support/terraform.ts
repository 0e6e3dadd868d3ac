import {
  runTerraformAsync,
  terraformEnv,
  type RunResult,
  type TerraformEnv,
} from '../../../scripts/terraform-env';

/** Fake credentials: plan with no state makes no AWS call (the provider skips every validation). */
export const PLAN_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'offline-plan-fake-credential',
  AWS_EC2_METADATA_DISABLED: 'true',
};

let shared: TerraformEnv | undefined;

/** Throws (never skips) when terraform is missing: CI must not pass without the check. */
export function terraform(): TerraformEnv {
  shared ??= terraformEnv();
  return shared;
}

export interface PlanOutcome {
  readonly init: RunResult;
  readonly validate?: RunResult;
  readonly plan?: RunResult;
}

export async function initValidatePlan(dir: string): Promise<PlanOutcome> {
  const tf = terraform();
  const init = await runTerraformAsync(tf, dir, ['init', '-no-color', '-input=false']);
  if (init.status !== 0) return { init };
  const validate = await runTerraformAsync(tf, dir, ['validate', '-no-color']);
  if (validate.status !== 0) return { init, validate };
  const plan = await runTerraformAsync(
    tf,
    dir,
    ['plan', '-no-color', '-input=false', '-refresh=false', '-lock=false'],
    PLAN_ENV,
  );
  return { init, validate, plan };
}

export function describeFailure(o: PlanOutcome): string {
  const last = o.plan ?? o.validate ?? o.init;
  return `${last.stdout.slice(-4000)}\n${last.stderr.slice(-4000)}`;
}
