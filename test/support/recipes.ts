/**
 * The README's recipes as code: each block marked `<!-- recipe: <id> -->` is a TypeScript file whose
 * first line names where it belongs (`// config/environments/qa.ts`). They are type-checked with the
 * project's compiler options as if they were files in that folder (so that their imports resolve),
 * without writing anything into the working tree, then run the way the synth would load them.
 */
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import ts from 'typescript';
import { readRecipes as readRecipeBlocks, type Recipe as RecipeBlock } from '../../scripts/recipes';

export const ROOT = path.join(__dirname, '..', '..');

export interface Recipe extends RecipeBlock {
  /** The path it is checked and run at: a file of its own in that folder. */
  readonly virtualPath: string;
}

export function readRecipes(readme: string): Recipe[] {
  return readRecipeBlocks(readme).map((r) => ({ ...r, virtualPath: path.join(ROOT, path.dirname(r.file), `recipe-${r.id}.ts`) }));
}

/** Type-checks the recipes together with the project's tsconfig; returns the diagnostics as text. */
export function typeCheck(recipes: readonly Recipe[]): string[] {
  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const virtual = new Map(recipes.map((r) => [path.normalize(r.virtualPath), r.code]));
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const code = virtual.get(path.normalize(fileName));
    return code !== undefined ? ts.createSourceFile(fileName, code, languageVersion, true) : getSourceFile(fileName, languageVersion, ...rest);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => virtual.has(path.normalize(fileName)) || fileExists(fileName);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => virtual.get(path.normalize(fileName)) ?? readFile(fileName);

  const program = ts.createProgram([...virtual.keys()], { ...options, noEmit: true }, host);
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSourceFiles()
      .filter((sf) => virtual.has(path.normalize(sf.fileName)))
      .flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]),
  ];
  return diagnostics.map((d) => {
    const where = d.file && d.start !== undefined ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/**
 * Runs a recipe as a CommonJS module and returns its exports. Relative imports resolve from its
 * folder through `load` (the caller's `require`, so that it shares the caller's module instances).
 */
export function runRecipe(recipe: Recipe, load: (id: string) => unknown): Record<string, unknown> {
  const { code } = esbuild.transformSync(recipe.code, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: recipe.virtualPath });
  const module = { exports: {} as Record<string, unknown> };
  const dir = path.dirname(recipe.virtualPath);
  const localRequire = (id: string) => load(id.startsWith('.') ? path.resolve(dir, id) : id);
  new Function('require', 'module', 'exports', code)(localRequire, module, module.exports);
  return module.exports;
}
