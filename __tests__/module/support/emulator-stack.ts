import * as fs from 'fs';
import * as path from 'path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  AccessKeyLifecycle,
  type AccessKeyLifecycleProps,
} from '../../../modules/access-key-lifecycle';

/** Every service the module's resources and data sources call; each needs its own endpoint. */
export const SERVICES = [
  'cloudwatch',
  'cloudwatchevents',
  'cloudwatchlogs',
  'dynamodb',
  'iam',
  'kms',
  'lambda',
  'secretsmanager',
  'sns',
  'sqs',
  'sts',
] as const;

export interface EmulatorStackOptions {
  readonly endpoint: string;
  readonly region: string;
  /** Synth output directory; the stack lands in `<outdir>/stacks/emulated`. */
  readonly outdir: string;
  /** Absolute state file, shared by every synth of the same deployment. */
  readonly statePath: string;
  readonly props: AccessKeyLifecycleProps;
}

/**
 * The construct in a stack whose provider talks to the emulator, with state outside the synth
 * directory so a re-synth (e.g. from a rebuilt zip) plans against the same state.
 */
export function synthForEmulator(options: EmulatorStackOptions): string {
  const app = new App({ outdir: options.outdir, skipValidation: true });
  const stack = new TerraformStack(app, 'emulated');
  new AwsProvider(stack, 'aws', {
    region: options.region,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    skipRegionValidation: true,
    endpoints: [Object.fromEntries(SERVICES.map((s) => [s, options.endpoint]))],
  });
  new LocalBackend(stack, { path: options.statePath });
  new AccessKeyLifecycle(stack, 'lifecycle', options.props);
  app.synth();
  const dir = path.join(options.outdir, 'stacks', 'emulated');
  if (!fs.existsSync(path.join(dir, 'cdk.tf.json'))) throw new Error(`no cdk.tf.json in ${dir}`);
  return dir;
}
