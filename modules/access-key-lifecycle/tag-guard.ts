import { Fn } from 'cdktf';
import { concatenated } from './expressions';

/**
 * A policy statement for an SCP or a permissions boundary that reserves the engine's tag prefix
 * (docs/threat-model.md): nobody but the engine role and the named tag administrators
 * (who set `managed`, override and exemption tags) may add or remove a tag under the prefix.
 * `aws:PrincipalArn` is the role's ARN for every session of the role.
 */
export function tagPrefixGuardStatement(
  tagPrefix: string,
  allowedPrincipalArns: readonly string[],
): Record<string, unknown> {
  return {
    Sid: 'ReserveKeyLifecycleTagPrefix',
    Effect: 'Deny',
    Action: ['iam:TagUser', 'iam:UntagUser'],
    Resource: '*',
    Condition: {
      'ForAnyValue:StringLike': { 'aws:TagKeys': [`${tagPrefix}*`] },
      ArnNotLike: { 'aws:PrincipalArn': allowedPrincipalArns },
    },
  };
}

/** The statement as JSON, for the module output; the principals may be Terraform references. */
export function tagPrefixGuardStatementJson(
  tagPrefix: string,
  engineRoleArn: string,
  tagAdminPrincipalArns: readonly string[],
): string {
  return Fn.jsonencode(
    tagPrefixGuardStatement(tagPrefix, concatenated([engineRoleArn], tagAdminPrincipalArns)),
  );
}
