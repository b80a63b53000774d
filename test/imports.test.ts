/**
 * No import circles in the project, type-only imports included: a circle makes a module see another
 * half-initialised (a function of it is `undefined` at load time), and one type-only import today
 * is a value import tomorrow.
 */
import * as path from 'node:path';

// madge ships no type declarations.
const madge: (paths: string | string[], config: object) => Promise<{ circular(): string[][] }> = require('madge');

const ROOT = path.join(__dirname, '..');

/** Every folder of source the app, the scripts and the tests load, and main.ts. */
const SOURCES = ['main.ts', 'config', 'constructs', 'rules', 'slos', 'dashboards', 'metrics', 'lib', 'scripts', 'test'];

async function circles(paths: string[], exclude: readonly RegExp[] = []): Promise<string[][]> {
  const result = await madge(
    paths.map((p) => path.join(ROOT, p)),
    {
      baseDir: ROOT,
      fileExtensions: ['ts'],
      // No tsConfig: the project uses no path aliases, and TypeScript's resolver costs half the run.
      // The generated Kubernetes types import nothing of the project; parsing their 1.2 MB only costs time.
      excludeRegExp: [/^imports\//, ...exclude],
    },
  );
  return result.circular();
}

describe('imports', () => {
  test('no module imports itself through others, type-only imports included', async () => {
    // The fixture below is circular on purpose.
    expect(await circles(SOURCES, [/^test\/fixtures\/circular\//])).toEqual([]);
  });

  test('the check finds a circle of type-only imports', async () => {
    expect(await circles(['test/fixtures/circular'])).toEqual([['test/fixtures/circular/a.ts', 'test/fixtures/circular/b.ts']]);
  });
});
