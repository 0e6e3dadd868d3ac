import * as path from 'path';
import { Testing } from 'cdktf';
import { buildStack } from './stacks';
import type { AccessKeyLifecycleProps } from '../../../modules/access-key-lifecycle';

/** Full synth (cdk.tf.json plus the copied zip asset); returns the stack directory. */
export function synthToDir(props: AccessKeyLifecycleProps, region: string): string {
  const { stack } = buildStack(props, { region });
  return path.join(Testing.fullSynth(stack), 'stacks', 'test');
}
