/**
 * Honest skipping: a suite whose engine is missing is skipped outside CI with one line naming the
 * engine and how to get it, and fails in CI; with the engine it runs and names the version used.
 * Runs jest on a fixture suite with the toolchain folder pointed at an empty one.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENGINE_VERSIONS } from '../config/versions';
import { missingEngines } from './support/toolchain';

const ROOT = path.resolve(__dirname, '..');

function runFixture(env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--rootDir', ROOT, '--roots', '<rootDir>/test/fixtures/engine-suite', '--testMatch', '**/*.fixture.ts', '--ci'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('a suite whose engine is missing', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-toolchain-'));
  afterAll(() => fs.rmSync(empty, { recursive: true, force: true }));

  test('is skipped outside CI, with one line naming the engine and how to get it', () => {
    const { status, output } = runFixture({ TOOLCHAIN_DIR: empty, CI: 'false' });
    expect(status).toBe(0);
    expect(output).toContain(`skipped: needs loki: loki not in ${empty}; get them with: TOOLCHAIN_PACKAGES=`);
    expect(output).toMatch(/Tests:\s+1 skipped, 1 total/);
  });

  test('fails in CI', () => {
    const { status, output } = runFixture({ TOOLCHAIN_DIR: empty, CI: 'true' });
    expect(status).toBe(1);
    expect(output).toContain('has the engines it proves on');
    expect(output).toMatch(/Tests:\s+1 failed, 1 total/);
  });
});

(missingEngines(['loki']).length === 0 ? test : test.skip)('with the engine, the suite runs and prints the version it used', () => {
  const { status, output } = runFixture({ CI: 'true' });
  expect(status).toBe(0);
  expect(output).toContain(`[needs loki] engines used: loki: loki, version ${ENGINE_VERSIONS.loki}`);
  expect(output).toMatch(/Tests:\s+1 passed, 1 total/);
});
