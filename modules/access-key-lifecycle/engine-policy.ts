import { Construct } from 'constructs';
import { Fn, Op, Token } from 'cdktf';
import {
  enginePermissions,
  type PermissionRefs,
  type PermissionSettings,
  type PermissionStatement,
} from './permissions';
import { policyDocument } from './policy-document';
import { isExpression } from './expressions';

/**
 * Statements on KMS keys: their ARNs hold key ids AWS assigns at create, so a document naming them is
 * known only after apply. They go into a second role policy, which keeps the main one readable in full
 * in the first plan.
 */
const KEY_STATEMENTS: ReadonlySet<string> = new Set([
  'UseKeyThroughServicesOnly',
  'ResolveKeyAlias',
  'SignAndVerifyStateTags',
]);

export interface EnginePolicies {
  /** Every permission but key use: built from names only, so known at plan time. */
  readonly main: string;
  /** Use of the module's KMS keys. */
  readonly keys: string;
}

/**
 * The role policies' JSON. When `scope` is an expression (the HCL module's variable), each scope's
 * document is counted on it and Terraform reads only the one that applies: a variable cannot add or drop
 * an IAM condition inside one document, and a `...IfExists` condition would let untagged users through
 * when scope is `tagged`.
 */
export function enginePolicies(
  scope: Construct,
  refs: PermissionRefs,
  settings: PermissionSettings,
): EnginePolicies {
  const split = (s: PermissionSettings) => {
    const all = enginePermissions(refs, s);
    return {
      main: all.filter((x) => !KEY_STATEMENTS.has(x.sid)),
      keys: all.filter((x) => KEY_STATEMENTS.has(x.sid)),
    };
  };
  const keys = policyDocument(scope, 'engine_key_use', split(settings).keys).json;
  if (!isExpression(settings.scope)) {
    return { main: policyDocument(scope, 'engine_permissions', split(settings).main).json, keys };
  }
  const variant = (which: 'all' | 'tagged', statements: readonly PermissionStatement[]) => {
    const id = `engine_permissions_${which}_users`;
    const applies = Op.eq(settings.scope, which === 'tagged' ? 'tagged' : 'all');
    policyDocument(scope, id, statements, Token.asNumber(Fn.conditional(applies, 1, 0)));
    return `data.aws_iam_policy_document.${id}[*].json`;
  };
  const tagged = variant('tagged', split({ ...settings, scope: 'tagged' }).main);
  const all = variant('all', split({ ...settings, scope: 'all' }).main);
  return { main: `\${one(concat(${tagged}, ${all}))}`, keys };
}
