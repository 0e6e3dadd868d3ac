import { Construct } from 'constructs';
import { Fn, Op, Token } from 'cdktf';
import { enginePermissions, type PermissionRefs, type PermissionSettings } from './permissions';
import { policyDocument } from './policy-document';
import { isExpression } from './expressions';

/**
 * The role policy JSON. When `scope` is an expression (the HCL module's variable), both documents are
 * rendered and Terraform picks one: a variable cannot add or drop an IAM condition inside one document,
 * and a `...IfExists` condition would let untagged users through when scope is `tagged`.
 */
export function enginePolicyJson(
  scope: Construct,
  refs: PermissionRefs,
  settings: PermissionSettings,
): string {
  if (!isExpression(settings.scope)) {
    return policyDocument(scope, 'engine_permissions', enginePermissions(refs, settings)).json;
  }
  const document = (which: 'all' | 'tagged') =>
    policyDocument(
      scope,
      `engine_permissions_${which}_users`,
      enginePermissions(refs, { ...settings, scope: which }),
    ).json;
  const tagged = document('tagged');
  const all = document('all');
  return Token.asString(Fn.conditional(Op.eq(settings.scope, 'tagged'), tagged, all));
}
