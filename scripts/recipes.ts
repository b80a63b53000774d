/**
 * The README's recipes as data, and how to apply them all to a copy of the repository as a user
 * would: a recipe for a new environment file is written and listed in `ENVIRONMENTS`; a recipe for
 * an existing environment file (its `// ...<env>'s other overrides` marks where it goes) is added to
 * that file's overrides, objects merging key by key and lists joined, so that several recipes for one
 * environment all take effect together. `scripts/check-recipes.js` applies them and runs the suite.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Recipe {
  readonly id: string;
  /** Where the recipe's file belongs, relative to the repository root (its first line). */
  readonly file: string;
  readonly code: string;
}

/** Every block of the README marked `<!-- recipe: <id> -->` followed by a TypeScript code block. */
export function readRecipes(readme: string): Recipe[] {
  return [...readme.matchAll(/<!-- recipe: ([a-z0-9-]+) -->\n```ts\n([\s\S]*?)```/g)].map(([, id, code]) => {
    const file = /^\/\/ (\S+\.ts)\n/.exec(code)?.[1];
    if (!file) throw new Error(`README recipe ${id}: the first line must name the file it belongs in, e.g. "// config/environments/qa.ts"`);
    return { id, file, code };
  });
}

/** The one `export const <name>: EnvironmentDefinition = {` of an environment file. */
const EXPORTED = /export const (\w+): EnvironmentDefinition = \{/;

function exportedName(code: string, where: string): string {
  const name = EXPORTED.exec(code)?.[1];
  if (!name) throw new Error(`${where}: no "export const <name>: EnvironmentDefinition = {" to apply the recipe to`);
  return name;
}

/** Deep merge for recipes: objects key by key, lists joined (two recipes' extra groups both stay). */
const MERGE = `
function joinRecipe(base: unknown, extra: unknown): any {
  if (Array.isArray(base) && Array.isArray(extra)) return [...base, ...extra];
  if (typeof base !== 'object' || base === null || typeof extra !== 'object' || extra === null || Array.isArray(base) || Array.isArray(extra)) {
    return extra === undefined ? base : extra;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(extra)) out[key] = key in out ? joinRecipe(out[key], value) : value;
  return out;
}
`;

/**
 * Applies every recipe to the repository at `root` (a scratch copy: this rewrites its files) and
 * returns what it did, one line per recipe.
 */
export function applyRecipes(root: string, recipes: readonly Recipe[]): string[] {
  const done: string[] = [];
  const byFile = new Map<string, Recipe[]>();
  for (const recipe of recipes) byFile.set(recipe.file, [...(byFile.get(recipe.file) ?? []), recipe]);
  const registry = path.join(root, 'config', 'index.ts');

  for (const [file, list] of byFile) {
    const target = path.join(root, file);
    const dir = path.dirname(target);
    const base = path.basename(file, '.ts');
    if (!fs.existsSync(target)) {
      // A new environment: its file as the recipe gives it, listed in ENVIRONMENTS.
      if (list.length > 1) throw new Error(`${file}: ${list.length} recipes create the same new file`);
      const name = exportedName(list[0].code, `README recipe ${list[0].id}`);
      fs.writeFileSync(target, list[0].code);
      const index = fs.readFileSync(registry, 'utf8');
      const listed = /export const ENVIRONMENTS: readonly EnvironmentDefinition\[\] = \[([^\]]*)\];/.exec(index);
      if (!listed) throw new Error('config/index.ts: no "export const ENVIRONMENTS: readonly EnvironmentDefinition[] = [...]" to list the new environment in');
      const importFrom = path.relative(path.dirname(registry), target).replace(/\.ts$/, '');
      const updated = index
        .replace(listed[0], `export const ENVIRONMENTS: readonly EnvironmentDefinition[] = [${listed[1]}, ${name}];`)
        .replace(/^(import .*\n)(?!import )/m, `$1import { ${name} } from './${importFrom}';\n`);
      fs.writeFileSync(registry, updated);
      done.push(`${list[0].id}: wrote ${file} and listed ${name} in ENVIRONMENTS`);
      continue;
    }
    // An existing environment: each recipe becomes a module beside it, joined into its overrides.
    const original = fs.readFileSync(target, 'utf8');
    const name = exportedName(original, file);
    const imports: string[] = [];
    for (const [i, recipe] of list.entries()) {
      const recipeName = exportedName(recipe.code, `README recipe ${recipe.id}`);
      const module = `${base}.recipe-${recipe.id}`;
      fs.writeFileSync(path.join(dir, `${module}.ts`), recipe.code);
      imports.push(`import { ${recipeName} as recipe${i} } from './${module}';`);
      done.push(`${recipe.id}: joined into ${file}`);
    }
    const renamed = original.replace(EXPORTED, `const ${name}WithoutRecipes: EnvironmentDefinition = {`);
    const joined = list.reduce((expr, _, i) => `joinRecipe(${expr}, recipe${i}.overrides)`, `${name}WithoutRecipes.overrides`);
    fs.writeFileSync(
      target,
      `${imports.join('\n')}\n${renamed}\n${MERGE}\nexport const ${name}: EnvironmentDefinition = { name: ${name}WithoutRecipes.name, overrides: ${joined} };\n`,
    );
  }
  return done;
}
