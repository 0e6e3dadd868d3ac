import { Fn } from 'cdktf';
import { secretName, SECRET_NAME_SUBSTITUTIONS } from '../../lambda/aws/secret-name';
import { isExpression } from './expressions';

/**
 * The name of a user's secret: the engine's own function for literal names, and the same substitutions
 * rendered as Terraform `replace(...)` calls when the user name is an expression (the HCL module's
 * `each.value.user_name`), so the secret Terraform creates is the one the engine writes.
 */
export function secretNameOf(secretPrefix: string, userName: string): string {
  if (!isExpression(userName)) return secretName(secretPrefix, userName);
  const encoded = SECRET_NAME_SUBSTITUTIONS.reduce(
    (name, { from, to }) => Fn.replace(name, from, to),
    userName,
  );
  return `${secretPrefix}${encoded}`;
}
