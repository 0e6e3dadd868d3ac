/**
 * The JSON shapes of module options in config/accounts.json, checked before the construct sees them:
 * the construct's props are typed for TypeScript callers, but a JSON file can hold anything (a string
 * where a list belongs, `null` in a list, `"username"` for `"userName"`). Values are the construct's to
 * judge; this only makes sure it can read them, so every mistake arrives as a message, never a crash.
 */
import type { Report } from './backend';

const LISTS = [
  'includeUsers',
  'excludeUsers',
  'secretAdminPrincipalArns',
  'tagAdminPrincipalArns',
  'opsEmails',
] as const;

/** Lists of objects, with the keys each object may hold (the first ones are required). */
const OBJECT_LISTS = {
  owners: { required: ['userName', 'email'], optional: [] as string[] },
  managedSecretUsers: { required: ['userName'], optional: ['path'] },
} as const;

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

export function checkModuleShapes(
  where: string,
  options: Record<string, unknown>,
  report: Report,
): void {
  for (const name of LISTS) {
    const list = options[name];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      report(`${where}.${name}`, `must be a list of strings, got ${shown(list)}`);
      continue;
    }
    list.forEach((item, i) => {
      if (typeof item !== 'string')
        report(`${where}.${name}[${i}]`, `must be a string, got ${shown(item)}`);
    });
  }
  for (const [name, keys] of Object.entries(OBJECT_LISTS)) {
    const list = options[name];
    if (list === undefined) continue;
    const example = `{${keys.required.map((k) => `"${k}": ...`).join(', ')}}`;
    if (!Array.isArray(list)) {
      report(`${where}.${name}`, `must be a list of objects like ${example}, got ${shown(list)}`);
      continue;
    }
    const allowed: readonly string[] = [...keys.required, ...keys.optional];
    list.forEach((item, i) => {
      const at = `${where}.${name}[${i}]`;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        report(at, `must be an object like ${example}, got ${shown(item)}`);
        return;
      }
      for (const k of Object.keys(item).filter((k) => !allowed.includes(k)))
        report(at, `unknown key "${k}" (allowed: ${allowed.join(', ')})`);
      for (const k of keys.required.filter((k) => !(k in item))) report(at, `needs "${k}"`);
    });
  }
}
