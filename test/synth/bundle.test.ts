import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const { bundleApp, loadBundle } = require('../../scripts/build-app') as {
  bundleApp(root: string): { file: string; source: string; hash: string; rebuilt: boolean };
  loadBundle(bundle: { file: string; source: string }): Record<string, unknown>;
};

/** A project of two files in the shape of this one: main.ts importing an environment file. */
describe('the app bundle', () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  const environment = path.join(project, 'config', 'environments', 'dev.ts');
  const bundle = () => bundleApp(project);
  const hourAgo = (Date.now() - 3600_000) / 1000;

  beforeAll(() => {
    fs.mkdirSync(path.dirname(environment), { recursive: true });
    fs.writeFileSync(path.join(project, 'main.ts'), "import { replicas } from './config/environments/dev';\nexport const answer: number = replicas;\n");
    fs.writeFileSync(environment, 'export const replicas = 1;\n');
    // Old files: only an edit, never the build's own timing, decides what is rebuilt.
    for (const file of ['main.ts', environment]) fs.utimesSync(path.resolve(project, file), hourAgo, hourAgo);
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  test('is built once and then reused', () => {
    expect(bundle().rebuilt).toBe(true);
    const again = bundle();
    expect(again.rebuilt).toBe(false);
    expect(loadBundle(again).answer).toBe(1);
  });

  test('is reused when a file is touched but not changed', () => {
    fs.utimesSync(environment, new Date(), new Date());
    expect(bundle().rebuilt).toBe(false);
  });

  test('is rebuilt when an imported file changes', () => {
    fs.writeFileSync(environment, 'export const replicas = 2;\n');
    const rebuilt = bundle();
    expect(rebuilt.rebuilt).toBe(true);
    expect(loadBundle(rebuilt).answer).toBe(2);
  });

  test('is rebuilt when a file changes within the same clock tick, size and all', () => {
    const { mtime } = fs.statSync(environment);
    fs.writeFileSync(environment, 'export const replicas = 3;\n');
    fs.utimesSync(environment, mtime, mtime);
    const rebuilt = bundle();
    expect(rebuilt.rebuilt).toBe(true);
    expect(loadBundle(rebuilt).answer).toBe(3);
  });

  test('is rebuilt when the bundle is missing or corrupt', () => {
    const { file } = bundle();
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 40));
    expect(bundle().rebuilt).toBe(true);
    fs.rmSync(file);
    const rebuilt = bundle();
    expect(rebuilt.rebuilt).toBe(true);
    expect(loadBundle(rebuilt).answer).toBe(3);
  });
});
