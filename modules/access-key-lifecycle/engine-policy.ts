import { Construct } from 'constructs';
import { Fn, Op, Token } from 'cdktf';
import {
  enginePermissions,
  type KeyRef,
  type PermissionRefs,
  type PermissionSettings,
  type PermissionStatement,
} from './permissions';
import { policyDocument } from './policy-document';
import { isExpression } from './expressions';

/**
 * Statements on KMS keys. They name a key the module creates by its alias, so they are known at plan
 * time; they stay in a role policy of their own because their shape depends on `createKmsKey` (a
 * brought key is named by its ARN, with no alias condition), just as the main policy's depends on
 * `scope`: one policy per switch keeps two documents per policy instead of four, and upgraders keep
 * both policies' addresses.
 */
const KEY_STATEMENTS: ReadonlySet<string> = new Set([
  'UseKeyThroughServicesOnly',
  'ResolveKeyAlias',
  'SignAndVerifyStateTags',
]);

export interface EnginePolicies {
  /** Every permission but key use: built from names only, so known at plan time. */
  readonly main: string;
  /** Use of the KMS keys: known at plan time too (aliases, or the ARN the caller gave). */
  readonly keys: string;
}

/** Which secrets key the role uses: the module's own (by alias) or the caller's (by ARN). */
export interface SecretsKeyChoice {
  /** A Terraform expression in the HCL module (`var.create_kms_key`). */
  readonly create: boolean;
  /** The alias name of the key the module creates (`alias/<prefix>`). */
  readonly alias: string;
  /** The caller's key ARN; used only when `create` is false. */
  readonly suppliedArn: string | undefined;
}

/**
 * The role policies' JSON. When `scope` or the key switch is an expression (the HCL module's
 * variables), each variant's document is counted on it and Terraform reads only the one that applies:
 * a variable cannot add or drop an IAM condition inside one document, and a `...IfExists` condition
 * would let untagged users through when scope is `tagged`.
 */
export function enginePolicies(
  scope: Construct,
  refs: Omit<PermissionRefs, 'kmsKey'>,
  secretsKey: SecretsKeyChoice,
  settings: PermissionSettings,
): EnginePolicies {
  const moduleKey: KeyRef = { alias: secretsKey.alias };
  const statements = (s: PermissionSettings, kmsKey: KeyRef) =>
    enginePermissions({ ...refs, kmsKey }, s);
  const main = (s: PermissionSettings) =>
    statements(s, moduleKey).filter((x) => !KEY_STATEMENTS.has(x.sid));
  const keys = (kmsKey: KeyRef) =>
    statements(settings, kmsKey).filter((x) => KEY_STATEMENTS.has(x.sid));
  return {
    main: isExpression(settings.scope)
      ? oneOf(scope, 'engine_permissions', {
          tagged_users: [Op.eq(settings.scope, 'tagged'), main({ ...settings, scope: 'tagged' })],
          all_users: [Op.eq(settings.scope, 'all'), main({ ...settings, scope: 'all' })],
        })
      : policyDocument(scope, 'engine_permissions', main(settings)).json,
    keys: isExpression(secretsKey.create)
      ? oneOf(scope, 'engine_key_use', {
          module_key: [secretsKey.create, keys(moduleKey)],
          brought_key: [Op.not(secretsKey.create), keys({ arn: secretsKey.suppliedArn! })],
        })
      : policyDocument(
          scope,
          'engine_key_use',
          keys(secretsKey.create ? moduleKey : { arn: secretsKey.suppliedArn! }),
        ).json,
  };
}

/**
 * One document per variant (`<prefix>_<variant>`), each counted on when it applies, and the JSON of the
 * one that does.
 */
function oneOf(
  scope: Construct,
  prefix: string,
  variants: Record<string, [applies: unknown, statements: readonly PermissionStatement[]]>,
): string {
  const addresses = Object.entries(variants).map(([name, [applies, statements]]) => {
    const id = `${prefix}_${name}`;
    policyDocument(scope, id, statements, Token.asNumber(Fn.conditional(applies, 1, 0)));
    return `data.aws_iam_policy_document.${id}[*].json`;
  });
  return `\${one(concat(${addresses.join(', ')}))}`;
}
