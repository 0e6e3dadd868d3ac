/**
 * Secret names: SECRET_PREFIX + encodeUserName(userName) — the one naming function the engine, the
 * construct and the exported HCL module all use (docs/lifecycle.md, "Secret names").
 *
 * IAM user names may hold `[A-Za-z0-9_+=,.@-]`; Secrets Manager names `[A-Za-z0-9/_+=.@-]`. Only `,`
 * cannot be stored as is, so only `,` is mapped, to `/`: IAM user names never contain `/`, so the
 * mapping is injective (`a,b` → `a/b`, and no user can be named `a/b`). Every other name is unchanged
 * (`svc_ci` stays `svc_ci`).
 */

/** Each substitution as data, so the HCL module renders the same mapping as `replace(name, from, to)`. */
export const SECRET_NAME_SUBSTITUTIONS: readonly { readonly from: string; readonly to: string }[] =
  [{ from: ',', to: '/' }];

export function encodeUserName(userName: string): string {
  return SECRET_NAME_SUBSTITUTIONS.reduce(
    (name, { from, to }) => name.split(from).join(to),
    userName,
  );
}

export function secretName(secretPrefix: string, userName: string): string {
  return secretPrefix + encodeUserName(userName);
}
