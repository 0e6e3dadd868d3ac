import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  AccessKeyLifecycle,
  type AccessKeyLifecycleProps,
} from '../../../modules/access-key-lifecycle';

export const ACCOUNT_ID = '123456789012';

/** A stand-in for dist/lambda/handler.zip until the build runs: the construct only hashes its bytes. */
export function placeholderZip(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akl-zip-'));
  const file = path.join(dir, 'handler.zip');
  // An empty zip archive: the 22-byte end-of-central-directory record.
  fs.writeFileSync(file, Buffer.from('504b0506' + '00'.repeat(18), 'hex'));
  return file;
}

/** Provider config of every test stack: no AWS call at plan time (credentials come from planEnv). */
export function offlineProvider(stack: TerraformStack, region = 'us-east-1'): AwsProvider {
  return new AwsProvider(stack, 'aws', {
    region,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    skipRequestingAccountId: true,
    skipRegionValidation: true,
  });
}

export interface TestStack {
  readonly stack: TerraformStack;
  readonly construct: AccessKeyLifecycle;
}

export function buildStack(
  props: AccessKeyLifecycleProps,
  options: { readonly app?: App; readonly region?: string } = {},
): TestStack {
  const app = options.app ?? Testing.app();
  const stack = new TerraformStack(app, 'test');
  offlineProvider(stack, options.region);
  // A known account id: offline plans need no STS call (the caller identity is read otherwise).
  const construct = new AccessKeyLifecycle(stack, 'lifecycle', { accountId: ACCOUNT_ID, ...props });
  return { stack, construct };
}

/** The synthesized stack as an object (cdk.tf.json). */
export function synthJson(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

export interface SynthJson {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data: Record<string, Record<string, Record<string, unknown>>>;
  readonly output: Record<string, { value: unknown; description: string }>;
  readonly locals?: Record<string, unknown>;
}
