/**
 * Splitting generated files over several ConfigMaps. Client-side `kubectl apply` copies the whole
 * object into an annotation limited to 256 KiB, so many rule files or dashboards go into as many
 * ConfigMaps as they need, projected together into one directory of the pod.
 */

/** The annotation limit of client-side `kubectl apply`. */
export const KUBECTL_APPLY_LIMIT_BYTES = 256 * 1024;

/** A file to place in a ConfigMap: its key (the file name in the mounted directory) and its text. */
export interface ConfigMapFile {
  readonly name: string;
  readonly text: string;
}

/** Bytes one entry adds to the JSON of a data map: `"name":"text"`, escapes included. */
function entryBytes(file: ConfigMapFile): number {
  return Buffer.byteLength(JSON.stringify(file.name)) + 1 + Buffer.byteLength(JSON.stringify(file.text));
}

/**
 * Packs files, in order, into ConfigMap data maps whose JSON stays within `budget` bytes, starting
 * a new map when the next file would not fit. Sizes are summed per entry, never re-serialised, so
 * the cost grows linearly with the number of files. Always returns at least one (possibly empty)
 * map, so that a volume projecting them has something to project.
 * @param tooLarge the error for a file that alone exceeds the budget, given its size in bytes
 */
export function packConfigMapData(
  files: readonly ConfigMapFile[],
  budget: number,
  tooLarge: (file: ConfigMapFile, bytes: number) => Error,
): Record<string, string>[] {
  const packs: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  // `{}` plus the entries and the commas between them: exactly JSON.stringify(current).length in bytes.
  let size = 2;
  for (const file of files) {
    const bytes = entryBytes(file);
    if (2 + bytes > budget) throw tooLarge(file, 2 + bytes);
    const added = size === 2 ? bytes : bytes + 1;
    if (size + added > budget) {
      packs.push(current);
      current = {};
      size = 2;
    }
    size += size === 2 ? bytes : bytes + 1;
    current[file.name] = file.text;
  }
  if (Object.keys(current).length > 0 || packs.length === 0) packs.push(current);
  return packs;
}
