/**
 * No import circles in the project, type-only imports included: a circle makes a module see another
 * half-initialised (a function of it is `undefined` at load time), and one type-only import today
 * is a value import tomorrow.
 */
import * as path from 'node:path';
import { circlesOf, importGraph, importsOf } from './support/imports';

const ROOT = path.join(__dirname, '..');

/** Every folder of source the app, the scripts and the tests load, and main.ts. */
const SOURCES = ['main.ts', 'config', 'constructs', 'rules', 'slos', 'dashboards', 'metrics', 'lib', 'scripts', 'test'];

// The generated Kubernetes types import nothing of the project; reading their 1.2 MB only costs time.
const circles = (paths: string[], exclude: readonly RegExp[] = []): string[][] => circlesOf(importGraph(ROOT, paths, [/^imports\//, ...exclude]));

describe('imports', () => {
  test('no module imports itself through others, type-only imports included', () => {
    // The fixture below is circular on purpose.
    expect(circles(SOURCES, [/^test\/fixtures\/circular\//])).toEqual([]);
  });

  test('the check finds a circle of type-only imports', () => {
    expect(circles(['test/fixtures/circular'])).toEqual([['test/fixtures/circular/a.ts', 'test/fixtures/circular/b.ts']]);
  });

  test('the graph has an edge for every form of import, type-only ones included', () => {
    const source = [
      "import { a } from './value';",
      "import type { B } from './type-only';",
      "import { type C } from './type-specifier';",
      "import './side-effect';",
      "export { d } from './re-export';",
      "export type { E } from './type-re-export';",
      "export * from './star';",
      "import f = require('./import-equals');",
      "type G = import('./import-type').G;",
      "const h = () => import('./dynamic');",
      '// import { x } from "./comment";',
      "const text = \"import { y } from './string'\";",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      './value',
      './type-only',
      './type-specifier',
      './side-effect',
      './re-export',
      './type-re-export',
      './star',
      './import-equals',
      './import-type',
      './dynamic',
    ]);
  });
});
