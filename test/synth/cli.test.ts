import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BEFORE, contents, root, runSynth, sandbox, tinyApp } from './support';

/**
 * `cdk8s synth` as cdk8s.yaml configures it, with its output folder and dist/ in the sandbox. What
 * the CLI adds (the output folder made a link to dist/, its listing, its exit status) does not depend
 * on what the app writes: the stand-in app and environments of `stand-in` keep each run cheap.
 */
function cdk8sSynth(dist: string, outdir: string, standIn: Record<string, string>, app?: string) {
  const args = ['synth', '--no-check-upgrade', '--output', outdir, ...(app ? ['--app', app] : [])];
  const env: NodeJS.ProcessEnv = { ...process.env, ...standIn, SYNTH_DIST: dist };
  delete env.CDK8S_OUTDIR;
  return spawnSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), args, { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
}

describe('cdk8s synth', () => {
  const box = sandbox();
  afterAll(() => fs.rmSync(box.dir, { recursive: true, force: true }));
  const standIn = { SYNTH_APP: tinyApp(box.dir), SYNTH_ENVIRONMENTS: box.environments('cli', BEFORE) };

  test('writes the same dist/ as npm run synth, and lists the manifests it wrote', () => {
    const ours = path.join(box.dir, 'npm', 'dist');
    expect(runSynth(ours, [], standIn).status).toBe(0);
    const outdir = path.join(box.dir, 'cli-out');
    const result = cdk8sSynth(box.dist, outdir, standIn);
    expect(result.status).toBe(0);
    expect(contents(box.dist)).toEqual(contents(ours));
    expect(result.stderr).not.toContain('No manifests synthesized');
    // The CLI shows the summary (it keeps the app's stdout to itself) and lists every manifest.
    expect(result.stderr).toMatch(/ objects, new$/m);
    const listed = result.stdout.split('\n').filter((line) => line.startsWith('  - ')).map((line) => line.slice(4)).sort();
    const manifests = Object.keys(contents(box.dist)).filter((file) => file.endsWith('.yaml')).map((file) => `${outdir}/${file}`).sort();
    expect(listed).toEqual(manifests);
    for (const file of listed) expect(fs.readFileSync(file, 'utf8')).toBe(fs.readFileSync(path.join(box.dist, path.relative(outdir, file)), 'utf8'));
  });

  test('fails as npm run synth does on a config error, and leaves dist/ untouched', () => {
    const before = contents(box.dist);
    const result = cdk8sSynth(box.dist, path.join(box.dir, 'cli-out'), standIn, `node ${path.join('scripts', 'synth.js')} no-such-env`);
    expect(result.status).toBe(runSynth(box.dist, ['no-such-env'], standIn).status);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('synth failed: unknown environment "no-such-env"');
    expect(contents(box.dist)).toEqual(before);
  });
});
