import { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { resourcePolicyJson } from './policy-document';
import type { ResourceNames } from './names';

export interface StateMacKeyInput {
  readonly partition: string;
  readonly accountId: string;
  readonly engineRoleArn: string;
  readonly names: ResourceNames;
}

/** Managing the key, never using it: who can compute a MAC could forge a state tag. */
const KEY_ADMINISTRATION = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/**
 * The HMAC key that makes the engine's state tags tamper-evident (docs/lifecycle.md
 * "State kept in IAM user tags"). The key material never leaves KMS; only the engine role may compute
 * or verify a MAC. HMAC keys do not support automatic rotation, so none is asked for.
 */
export interface StateMacKey {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
}

export function createStateMacKey(scope: Construct, input: StateMacKeyInput): StateMacKey {
  const { partition, accountId, names } = input;
  const key = new KmsKey(scope, 'state_mac', {
    description: `Signs the state tags of ${names.functionName} (HMAC; only the engine role may use it)`,
    customerMasterKeySpec: 'HMAC_256',
    keyUsage: 'GENERATE_VERIFY_MAC',
    deletionWindowInDays: 30,
    policy: resourcePolicyJson([
      {
        // Without this statement the key becomes unmanageable (AWS default key policy).
        sid: 'AccountAdministersKeyThroughIam',
        effect: 'Allow',
        principals: { AWS: [`arn:${partition}:iam::${accountId}:root`] },
        actions: KEY_ADMINISTRATION,
        resources: ['*'],
      },
      {
        sid: 'OnlyEngineRoleSignsStateTags',
        effect: 'Allow',
        principals: { AWS: [input.engineRoleArn] },
        actions: ['kms:GenerateMac', 'kms:VerifyMac'],
        resources: ['*'],
      },
    ]),
  });
  key.overrideLogicalId('state_mac');
  const alias = new KmsAlias(scope, 'state_mac_alias', {
    name: names.stateMacKeyAlias,
    targetKeyId: key.keyId,
  });
  alias.overrideLogicalId('state_mac');
  return { key, alias };
}
