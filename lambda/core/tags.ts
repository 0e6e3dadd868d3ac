/**
 * Reading the engine's own tags. IAM treats tag keys as case-insensitive for uniqueness, so a tag a
 * human wrote as `Key-Lifecycle:Managed` is the same tag as `key-lifecycle:managed`.
 */
export interface FoundTag {
  readonly key: string;
  readonly value: string;
}

export function findTag(tags: Readonly<Record<string, string>>, key: string): FoundTag | undefined {
  if (Object.prototype.hasOwnProperty.call(tags, key)) return { key, value: tags[key] };
  const wanted = key.toLowerCase();
  const match = Object.keys(tags).find((k) => k.toLowerCase() === wanted);
  return match === undefined ? undefined : { key: match, value: tags[match] };
}

/** Tags whose key starts with `prefix` (case-insensitively), with the rest of the key. */
export function tagsUnder(
  tags: Readonly<Record<string, string>>,
  prefix: string,
): readonly (FoundTag & { readonly suffix: string })[] {
  const lower = prefix.toLowerCase();
  return Object.keys(tags)
    .filter((k) => k.toLowerCase().startsWith(lower))
    .sort()
    .map((k) => ({ key: k, value: tags[k], suffix: k.slice(prefix.length) }));
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
