/**
 * The project's import graph, read with TypeScript's own import scanner (`ts.preProcessFile`): every
 * `import` and `import type`, `export … from` (type-only too), `import x = require()`, `import()`
 * and `import('…').T` type, without parsing whole files. Only relative imports of `.ts` files are
 * edges: packages cannot import the project back.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** The modules a TypeScript source imports, as written (`./b`, `node:fs`, …), in order, each once. */
export function importsOf(source: string): string[] {
  return [...new Set(ts.preProcessFile(source, true, false).importedFiles.map((file) => file.fileName))];
}

/** The `.ts` file a relative import names (`./b` is `b.ts`, `b.d.ts` or `b/index.ts`), relative to `root`. */
function resolve(root: string, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.join(path.dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.d.ts`, path.join(base, 'index.ts')].find((file) => file.endsWith('.ts') && fs.statSync(path.join(root, file), { throwIfNoEntry: false })?.isFile());
}

/**
 * The import graph of the `.ts` files under `paths` (files or folders, relative to `root`) and of
 * every file they import: file → the files it imports, all relative to `root`. Files matching
 * `exclude` are left out, as nodes and as edges.
 */
export function importGraph(root: string, paths: readonly string[], exclude: readonly RegExp[] = []): Map<string, string[]> {
  const kept = (file: string) => !exclude.some((pattern) => pattern.test(file));
  const listed = paths.flatMap((p) =>
    fs.statSync(path.join(root, p)).isFile()
      ? [p]
      : fs.readdirSync(path.join(root, p), { recursive: true }).map((f) => path.join(p, String(f))).filter((f) => f.endsWith('.ts') && fs.statSync(path.join(root, f)).isFile()),
  );
  const graph = new Map<string, string[]>();
  const queue = [...new Set(listed)].filter(kept).sort();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (graph.has(file)) continue;
    const imported = importsOf(fs.readFileSync(path.join(root, file), 'utf8'))
      .map((specifier) => resolve(root, file, specifier))
      .filter((target): target is string => target !== undefined && kept(target));
    graph.set(file, [...new Set(imported)]);
    queue.push(...imported.filter((target) => !graph.has(target)));
  }
  return graph;
}

/**
 * The circles of a graph, found by a depth-first walk from each file in turn: each circle once, as
 * the files on the walk from where it closes, e.g. `[a.ts, b.ts]` for a.ts → b.ts → a.ts.
 */
export function circlesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const circles: string[][] = [];
  const done = new Set<string>();
  const walk: string[] = [];
  const visit = (file: string) => {
    walk.push(file);
    for (const next of graph.get(file) ?? []) {
      if (done.has(next)) continue;
      const at = walk.indexOf(next);
      if (at !== -1) circles.push(walk.slice(at));
      else visit(next);
    }
    walk.pop();
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return circles;
}
