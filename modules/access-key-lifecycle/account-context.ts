import { Construct } from 'constructs';
import { Fn, ref, TerraformLocal, Token } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { countWhenNull, isExpression } from './expressions';

/** Where the module deploys: every value is known at plan time, so ARNs built from it are too. */
export interface AccountContext {
  readonly partition: string;
  /** `local.region`, the one reference to the region. */
  readonly region: string;
  readonly accountId: string;
}

export function accountContext(scope: Construct, accountId: string | undefined): AccountContext {
  const partition = new DataAwsPartition(scope, 'partition');
  partition.overrideLogicalId('current');
  const regionData = new DataAwsRegion(scope, 'region_data');
  regionData.overrideLogicalId('current');
  // `id` is the region's name on provider 5.100 and on 6.x alike: `name` is deprecated in 6 (there:
  // `region`), and 5.100 has no `region` attribute.
  const region = new TerraformLocal(scope, 'region', regionData.id);
  region.overrideLogicalId('region');
  const account = new TerraformLocal(scope, 'account_id', accountIdValue(scope, accountId));
  account.overrideLogicalId('account_id');
  return { partition: partition.partition, region: region.asString, accountId: account.asString };
}

/**
 * The given id, else the caller identity (read at plan time, unlike the engine role's ARN). The HCL
 * module's `account_id` variable switches the data source with a count on that plain input.
 */
function accountIdValue(scope: Construct, given: string | undefined): string {
  if (given !== undefined && !isExpression(given)) return given;
  const caller = new DataAwsCallerIdentity(scope, 'caller', {
    count: given === undefined ? undefined : countWhenNull(given),
  });
  caller.overrideLogicalId('current');
  if (given === undefined) return caller.accountId;
  // coalesce rather than a conditional: checkov's renderer cannot evaluate the conditional, and
  // then treats the key policies built from the account id as missing (CKV2_AWS_64).
  return Token.asString(
    Fn.coalesce([given, Fn.one(ref('data.aws_caller_identity.current[*].account_id'))]),
  );
}
