/** Checks of a parsed config file (YAML or JSON) against the keys its program documents. */

/**
 * Every key of a parsed document with the path of the object holding it (`[]` for list items). The
 * keys of an object at one of `namedPaths` are names the file chooses, so they stand as `*`.
 */
export function keyPaths(value: unknown, namedPaths: readonly string[] = [], path = ''): { path: string; key: string }[] {
  if (Array.isArray(value)) return value.flatMap((item) => keyPaths(item, namedPaths, `${path}[]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([name, child]) => {
    const key = namedPaths.includes(path) ? '*' : name;
    return [{ path, key }, ...keyPaths(child, namedPaths, path ? `${path}.${key}` : key)];
  });
}

/** `path.key` of every key of `document` that `documented` does not list for its path. */
export function undocumentedKeys(document: unknown, documented: Readonly<Record<string, readonly string[]>>, namedPaths: readonly string[] = []): string[] {
  return keyPaths(document, namedPaths)
    .filter(({ path, key }) => !(documented[path] ?? []).includes(key))
    .map(({ path, key }) => `${path}.${key}`);
}
