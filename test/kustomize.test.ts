import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { KUSTOMIZATION_FILE, synthesize } from '../main';
import { ENVIRONMENT_NAMES } from './support/synth';

const key = (o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe('dist/<env>/ as a kustomization', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-'));
  beforeAll(() => synthesize(outdir));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test.each(ENVIRONMENT_NAMES)('%s: kubectl kustomize yields exactly the synthesised objects', (env) => {
    const dir = path.join(outdir, env);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort();
    const kustomization = yaml.load(fs.readFileSync(path.join(dir, KUSTOMIZATION_FILE), 'utf8')) as { resources: string[] };
    expect(kustomization.resources).toEqual(files);
    const direct = files.flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')));
    const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const built = yaml.loadAll(result.stdout) as any[];
    expect(built.map(key).sort()).toEqual((direct as any[]).map(key).sort());
    expect(built).toEqual(expect.arrayContaining(direct as any[]));
  });

  test.each(ENVIRONMENT_NAMES)('%s: every file kubectl apply -f reads is a list of cluster objects', (env) => {
    const dir = path.join(outdir, env);
    // kubectl apply -f <dir> reads .yaml, .yml and .json files; none may hold a non-cluster object.
    const read = fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));
    const kinds = read.flatMap((f) => (yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as any[]).map((o) => o.apiVersion));
    expect(kinds.filter((apiVersion) => apiVersion.startsWith('kustomize.config.k8s.io'))).toEqual([]);
  });
});
