/**
 * Secret names: SECRET_PREFIX + encodeUserName(userName).
 *
 * IAM user names may hold `[A-Za-z0-9_+=,.@-]`; Secrets Manager names `[A-Za-z0-9/_+=.@-]`. Only `,` cannot
 * be stored as is. A plain substitution (`,` → `.2C`) would collide with a user literally named `x.2C`, so
 * `_` is the escape character and is itself escaped:
 *   `_` → `__`   and   `,` → `_c`
 * Every `_` in an encoded name starts a two-character escape, so decoding is unambiguous and two distinct
 * user names never share a secret. Names without `_` or `,` (nearly all) are unchanged.
 */

export function encodeUserName(userName: string): string {
  return userName.replace(/_/g, '__').replace(/,/g, '_c');
}

export function decodeUserName(encoded: string): string {
  let out = '';
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded[i];
    if (c !== '_') {
      out += c;
      continue;
    }
    const code = encoded[++i];
    if (code === '_') out += '_';
    else if (code === 'c') out += ',';
    else
      throw new Error(
        `"${encoded}" is not an encoded user name: "_" must be followed by "_" or "c"`,
      );
  }
  return out;
}

export function secretName(secretPrefix: string, userName: string): string {
  return secretPrefix + encodeUserName(userName);
}
