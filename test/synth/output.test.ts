import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENVIRONMENTS } from '../../config';
import { AFTER, BEFORE, contents, failingFs, folders, runSynth, sandbox, tinyApp } from './support';

const NAMES = ENVIRONMENTS.map((env) => env.name);

describe('npm run synth', () => {
  const box = sandbox();
  afterAll(() => fs.rmSync(box.dir, { recursive: true, force: true }));

  test('writes one folder per environment, namespaces first, and says how many objects each holds', () => {
    const result = runSynth(box.dist);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(folders(box.dist)).toEqual([...NAMES].sort());
    for (const env of NAMES) {
      const files = fs.readdirSync(path.join(box.dist, env)).filter((f) => f.endsWith('.k8s.yaml')).sort();
      expect(files[0]).toBe('0000-namespaces.k8s.yaml');
      const objects = files.flatMap((f) => fs.readFileSync(path.join(box.dist, env, f), 'utf8').split(/^---$/m)).length;
      // Outside the folder it ran in, the output is named by its absolute path.
      expect(result.stdout).toMatch(new RegExp(`^${box.dist}/${env}/ +${objects} objects, new$`, 'm'));
    }
    expect(fs.readdirSync(box.work)).toEqual(['state.json']);
  });

  test('a second run keeps every folder and reports it unchanged', () => {
    const before = contents(box.dist);
    const inodes = NAMES.map((env) => fs.statSync(path.join(box.dist, env)).ino);
    const result = runSynth(box.dist);
    expect(result.status).toBe(0);
    for (const env of NAMES) expect(result.stdout).toMatch(new RegExp(`^${box.dist}/${env}/ +\\d+ objects, unchanged$`, 'm'));
    expect(contents(box.dist)).toEqual(before);
    expect(NAMES.map((env) => fs.statSync(path.join(box.dist, env)).ino)).toEqual(inodes);
  });

  test('synthesises a folder again when it was edited, and replaces it whole', () => {
    const env = NAMES[0];
    const before = contents(path.join(box.dist, env));
    fs.writeFileSync(path.join(box.dist, env, 'stale.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stale\n  namespace: default\n');
    const result = runSynth(box.dist, [env], {}, path.dirname(box.dir));
    expect(result.status).toBe(0);
    // Named relative to where it ran.
    expect(result.stdout).toBe(`${path.basename(box.dir)}/dist/${env}/  ${result.stdout.match(/(\d+) objects/)![1]} objects: 1 removed\n  - ConfigMap default/stale\n` +
      'kubectl apply does not delete removed objects: delete them from the cluster, or apply with --prune.\n');
    expect(contents(path.join(box.dist, env))).toEqual(before);
  });

  test('fails on an unknown environment with one line, and leaves dist/ untouched', () => {
    const before = contents(box.dir);
    const result = runSynth(box.dist, ['no-such-env']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `synth failed: unknown environment "no-such-env"; known environments: ${NAMES.join(', ')}. ` +
        `To add one, create config/environments/no-such-env.ts and list it in ENVIRONMENTS in config/index.ts. ${box.dist}/ was left unchanged.\n`,
    );
    expect(contents(box.dir)).toEqual(before);
  });

  test('fails when two environments share a name, before writing anything', () => {
    // Names only: a fixture file holds JSON, and an environment's rules may hold functions.
    const duplicate = box.environments('duplicate', [...NAMES, NAMES[0]].map((name) => ({ name, overrides: {} })));
    const before = contents(box.dir);
    const result = runSynth(box.dist, [], { SYNTH_ENVIRONMENTS: duplicate });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`two environments are named "${NAMES[0]}" (entries 1 and ${NAMES.length + 1} of ENVIRONMENTS in config/index.ts)`);
    expect(result.stderr).toContain(`${box.dist}/ was left unchanged.`);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(contents(box.dir)).toEqual(before);
  });

  test.each([
    ['a read-only dist/', 'EROFS', ['renameSync', 'mkdirSync', 'writeFileSync', 'rmSync', 'unlinkSync'], 'dist', /cannot rename .*: the file system is read-only \(EROFS\)/],
    ['a full disk', 'ENOSPC', ['writeFileSync', 'mkdirSync'], '.dist-synth/new', /cannot (write|mkdir) .*: no space left on the device \(ENOSPC\)/],
  ])('fails on %s with one sentence and dist/ intact', (_, code, calls, under, message) => {
    // A change to write, so the run reaches the swap.
    const changed = box.environments(`changed-${code}`, NAMES.map((name) => ({ name, overrides: { api: { replicas: 4 } } })));
    const before = contents(box.dist);
    const preload = failingFs(box.dir, code, calls, path.join(box.dir, under));
    // The file system errors do not depend on what the app writes: a tiny app keeps the run cheap.
    const result = runSynth(box.dist, [], { SYNTH_APP: tinyApp(box.dir), SYNTH_ENVIRONMENTS: changed, NODE_OPTIONS: `--require ${preload}` });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(new RegExp(`^synth failed: [^\\n]*${box.dist}/ was left unchanged\\.\\n$`));
    expect(contents(box.dist)).toEqual(before);
    expect(fs.readdirSync(box.work).sort()).toEqual(['state.json']);
  });
});

describe('the change summary and removed environments', () => {
  const box = sandbox();
  afterAll(() => fs.rmSync(box.dir, { recursive: true, force: true }));

  test('names the objects added, changed and removed, and removes the folder of an environment no longer configured', () => {
    expect(runSynth(box.dist, [], { SYNTH_ENVIRONMENTS: box.environments('before', BEFORE) }).status).toBe(0);
    // A folder of the user's, and one that looks like output but holds a file of theirs: both stay.
    fs.mkdirSync(path.join(box.dist, 'notes'));
    fs.writeFileSync(path.join(box.dist, 'notes', 'README'), 'mine\n');
    fs.cpSync(path.join(box.dist, 'beta'), path.join(box.dist, 'delta'), { recursive: true });
    fs.writeFileSync(path.join(box.dist, 'delta', 'patch.yaml'), 'mine\n');
    const beta = fs.readdirSync(path.join(box.dist, 'beta')).filter((f) => f.endsWith('.k8s.yaml')).length;
    expect(beta).toBeGreaterThan(0);

    const result = runSynth(box.dist, [], { SYNTH_ENVIRONMENTS: box.environments('after', AFTER) });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${box.dist}/alpha/ +\\d+ objects: 1 added, 1 changed, 13 removed$`));
    expect(lines).toContain('  + PodDisruptionBudget agent-platform/agent-platform-api');
    expect(lines).toContain('  ~ Deployment agent-platform/agent-platform-api');
    expect(lines).toContain('  - NetworkPolicy monitoring/default-deny-ingress');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${box.dist}/gamma/ +\\d+ objects, new$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${box.dist}/beta/ +removed: no longer an environment$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${box.dist}/delta/ +kept: not an environment, but it holds files the synth did not write$`)));
    expect(lines.at(-1)).toBe('kubectl apply does not delete removed objects: delete them from the cluster, or apply with --prune.');
    expect(folders(box.dist)).toEqual(['alpha', 'delta', 'gamma', 'notes']);
    expect(fs.readFileSync(path.join(box.dist, 'notes', 'README'), 'utf8')).toBe('mine\n');
  });

  test('removes nothing when environments are named', () => {
    const before = folders(box.dist);
    // Which folders go does not depend on what the app writes: a tiny app keeps the run cheap.
    const result = runSynth(box.dist, ['gamma'], { SYNTH_APP: tinyApp(box.dir), SYNTH_ENVIRONMENTS: box.environments('before', BEFORE.concat(AFTER[1])) });
    expect(result.status).toBe(0);
    expect(folders(box.dist)).toEqual(before);
  });
});
