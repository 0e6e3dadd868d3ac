import { Fn, Op, ref, TerraformStack, Token, type TerraformResource } from 'cdktf';

/**
 * Props arrive either as literals (cdktf users) or as Terraform expressions (the exported HCL module
 * binds every prop to a `var.*`). Literals keep the construct's plain resources and addresses;
 * expressions switch features with `count` and loops with `for_each`, because their values are only
 * known to Terraform.
 */
export function isExpression(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** Environment variables are strings: a literal number is printed, an expression stays a reference. */
export function numberText(value: number): string {
  return isExpression(value) ? Token.asString(value) : String(value);
}

/** Comma-separated, as the engine's list environment variables expect. */
export function commaJoined(values: readonly string[]): string {
  return isExpression(values) ? Fn.join(',', values as string[]) : values.join(',');
}

/** `head` followed by `tail`, where `tail` may be a list expression. */
export function concatenated(head: readonly string[], tail: readonly string[]): string[] {
  return isExpression(tail) ? Token.asList(Fn.concat([head, tail])) : [...head, ...tail];
}

/** `count` of a resource that exists only while `enabled` holds. */
export function countWhen(enabled: boolean): number {
  return Token.asNumber(Fn.conditional(enabled, 1, 0));
}

/** `count` of a resource that exists only while `value` is null. */
export function countWhenNull(value: unknown): number {
  return Token.asNumber(Fn.conditional(Op.eq(value, Token.nullValue()), 1, 0));
}

/**
 * An attribute of one instance of a counted or for_each resource (`index`: `count.index`, `each.key`).
 * cdktf renders `resource.attr` without an index, which Terraform rejects on such resources.
 */
export function instanceAttribute(
  resource: TerraformResource,
  attribute: string,
  index = 'count.index',
): string {
  return Token.asString(reference(resource, `[${index}].${attribute}`));
}

function reference(resource: TerraformResource, suffix: string) {
  const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
  return ref(`${address}${suffix}`, TerraformStack.of(resource));
}

/** The attribute of the single instance of a counted resource, or null when count is 0. */
export function optionalAttribute(resource: TerraformResource, attribute: string): string {
  return Token.asString(Fn.one(reference(resource, `[*].${attribute}`)));
}
