import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

function runSynth(dist: string, args: string[] = [], cwd = root) {
  return spawnSync(process.execPath, [path.join(root, 'scripts', 'synth.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, SYNTH_DIST: dist },
    timeout: 60_000,
  });
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

describe('npm run synth', () => {
  const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'synth-')), 'dist');
  afterAll(() => fs.rmSync(path.dirname(dist), { recursive: true, force: true }));

  test('writes one folder per environment, namespaces first', () => {
    const result = runSynth(dist);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // Outside the folder it ran in, the output is named by its absolute path.
    expect(result.stdout).toBe(`synthesised ${dist}/dev/, ${dist}/staging/, ${dist}/prod/\n`);
    expect(fs.readdirSync(dist).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const env of ['dev', 'staging', 'prod']) {
      const files = fs.readdirSync(path.join(dist, env)).filter((f) => f.endsWith('.k8s.yaml')).sort();
      expect(files[0]).toBe('0000-namespaces.k8s.yaml');
      expect(files.length).toBeGreaterThan(1);
    }
  });

  test('replaces each environment folder whole, leaving no stale file', () => {
    fs.writeFileSync(path.join(dist, 'dev', 'stale.k8s.yaml'), 'kind: Stale\n');
    const result = runSynth(dist, ['dev']);
    expect(result.status).toBe(0);
    expect(fs.existsSync(path.join(dist, 'dev', 'stale.k8s.yaml'))).toBe(false);
  });

  test('names the folder it wrote relative to where it ran', () => {
    const result = runSynth(dist, ['dev'], path.dirname(path.dirname(dist)));
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`synthesised ${path.basename(path.dirname(dist))}/dist/dev/\n`);
  });

  test('fails loudly on bad input and leaves the previous dist/ untouched', () => {
    const before = listFiles(dist).map((f) => [f, fs.statSync(path.join(dist, f)).isFile() ? fs.readFileSync(path.join(dist, f), 'utf8') : '']);
    const result = runSynth(dist, ['qa']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('unknown environment "qa"');
    expect(result.stderr).toContain(`${dist}/ was left unchanged`);
    const after = listFiles(dist).map((f) => [f, fs.statSync(path.join(dist, f)).isFile() ? fs.readFileSync(path.join(dist, f), 'utf8') : '']);
    expect(after).toEqual(before);
    expect(fs.existsSync(path.join(path.dirname(dist), '.dist-staging'))).toBe(false);
  });
});
