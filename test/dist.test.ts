/**
 * The rendered manifests are committed in dist/, so that a pull request shows what an apply will
 * change and GitOps tools can point at dist/<env>. This keeps them in step: every environment is
 * synthesised afresh into a temp folder and must equal what is committed, file for file and byte for
 * byte. On a difference the test prints the unified diff and the command that brings dist/ up to date.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesize } from '../main';
import { ENVIRONMENT_NAMES } from './support/synth';
import { contents } from './synth/support';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const FIX = 'run `npm run synth`, review `git diff dist/` and commit it';

/** `diff -ru` of two folders, cut to its first lines: enough to see what changed and where. */
function unifiedDiff(committed: string, fresh: string): string {
  const result = spawnSync('diff', ['-ru', committed, fresh], { encoding: 'utf8' });
  const lines = `${result.stdout}${result.stderr}`.split('\n');
  return lines.length > 200 ? [...lines.slice(0, 200), `… ${lines.length - 200} more lines`].join('\n') : lines.join('\n');
}

describe('committed dist/', () => {
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-'));
  afterAll(() => fs.rmSync(fresh, { recursive: true, force: true }));
  beforeAll(() => synthesize(fresh));

  test.each(ENVIRONMENT_NAMES)('dist/%s/ is what the config synthesises', (env) => {
    const committed = path.join(DIST, env);
    const synthesised = path.join(fresh, env);
    if (JSON.stringify(contents(committed)) !== JSON.stringify(contents(synthesised))) throw new Error(`dist/${env}/ is stale: ${FIX}.\n${unifiedDiff(committed, synthesised)}`);
  });

  test('holds no folder of an environment that is no longer configured', () => {
    const folders = fs.existsSync(DIST) ? fs.readdirSync(DIST).filter((name) => fs.statSync(path.join(DIST, name)).isDirectory()) : [];
    expect({ stale: folders.filter((name) => !ENVIRONMENT_NAMES.includes(name)), fix: FIX }).toEqual({ stale: [], fix: FIX });
  });
});
