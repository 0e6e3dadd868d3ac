import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AccessKeyLifecycle } from '../access-key-lifecycle';
import type { AccountConfig } from '../../config/load-accounts';
import { addBackend } from './backend';

/**
 * Provider versions the module claims (README "Provider versions"). 5.100.0 is what @cdktf/provider-aws
 * 20.1 targets and the version every plan and apply test runs; 6.x is checked against the bindings of
 * hashicorp/aws 6.25.0 (__tests__/module/provider-6.test.ts): the construct type-checks against them,
 * synthesizes the same Terraform with them, and uses nothing 6.x removed or deprecated.
 */
export const AWS_PROVIDER_RANGE = '>= 5.100.0, < 7.0.0';

export interface AccountStackOptions {
  readonly account: AccountConfig;
  /** @default "<repo>/dist/lambda/handler.zip" */
  readonly lambdaZipPath?: string;
}

/** One account: its own provider (assume-role into the account) and one AccessKeyLifecycle. */
export class AccountStack extends TerraformStack {
  public readonly lifecycle: AccessKeyLifecycle;

  constructor(scope: Construct, options: AccountStackOptions) {
    const { account } = options;
    super(scope, account.name);
    new AwsProvider(this, 'aws', {
      region: account.region,
      assumeRole: [{ roleArn: account.roleArn, sessionName: 'iam-key-lifecycle-deploy' }],
      // Refuses to apply with credentials of any other account.
      allowedAccountIds: [account.accountId],
      defaultTags: [{ tags: { 'managed-by': 'iam-key-lifecycle' } }],
    });
    this.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_RANGE);
    addBackend(this, account.backend);
    this.lifecycle = new AccessKeyLifecycle(this, 'lifecycle', {
      ...account.module,
      // Known from config: the first plan shows the role and key policies with no STS call.
      accountId: account.accountId,
      lambdaZipPath: options.lambdaZipPath,
    });
  }
}
