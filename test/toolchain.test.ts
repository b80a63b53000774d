/**
 * Honest skipping: a suite whose engine is missing is skipped outside CI with one line naming the
 * engine and how to get it, and fails in CI. Runs jest once on two fixture suites (one as a developer's
 * machine, one as CI runs it) with the toolchain folder pointed at an empty one.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENGINE_VERSIONS } from '../config/versions';
import { engineVersion, missingEngines } from './support/toolchain';

const ROOT = path.resolve(__dirname, '..');

describe('a suite whose engine is missing', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-toolchain-'));
  afterAll(() => fs.rmSync(empty, { recursive: true, force: true }));
  let run: { status: number | null; output: string };
  beforeAll(() => {
    const result = spawnSync(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--rootDir', ROOT, '--roots', '<rootDir>/test/fixtures/engine-suite', '--testMatch', '**/*.fixture.ts', '--runInBand', '--ci'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TOOLCHAIN_DIR: empty }, timeout: 60_000 },
    );
    run = { status: result.status, output: `${result.stdout}${result.stderr}` };
  });

  test('is skipped outside CI, with one line naming the engine and how to get it', () => {
    expect(run.output).toContain(`skipped: outside CI: loki not in ${empty}; get them with: TOOLCHAIN_PACKAGES=`);
    // One line, and only for the suite outside CI.
    expect(run.output.match(/^skipped: /gm)).toHaveLength(1);
  });

  test('fails in CI', () => {
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/in CI › has the engines it proves on/);
    expect(run.output).toMatch(/Tests:\s+1 failed, 1 skipped, 2 total/);
  });
});

(missingEngines(['loki']).length === 0 ? test : test.skip)('with the engine, a suite names the version it used, the pinned one', () => {
  expect(engineVersion('loki')).toContain(`version ${ENGINE_VERSIONS.loki}`);
});
