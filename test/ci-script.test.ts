/**
 * `.ci/run` on a machine whose PATH holds only stand-ins: each records its command line (and where the
 * toolchain comes from), so the script's decisions (unpack the pinned engines, install xz or not, stop
 * without kubectl) are checked without installing anything.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const script = path.join(__dirname, '..', '.ci', 'run');

/** Runs `.ci/run` with a PATH of stand-ins for `commands`; returns what ran and what the script said. */
function runCi(commands: string[], env: Record<string, string> = {}) {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-run-'));
  const log = path.join(bin, 'calls.log');
  try {
    fs.symlinkSync('/usr/bin/dirname', path.join(bin, 'dirname'));
    for (const command of commands) {
      const from = command === 'npm' ? ' [TOOLCHAIN_PACKAGES=$TOOLCHAIN_PACKAGES]' : '';
      fs.writeFileSync(path.join(bin, command), `#!/bin/sh\necho "${command} $*${from}" >> "$CALLS"\n`, { mode: 0o755 });
    }
    const result = spawnSync('/bin/bash', [script], { encoding: 'utf8', env: { PATH: bin, CALLS: log, ...env }, timeout: 10_000 });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}

const EVERYTHING = ['kubectl', 'xz', 'apt-get', 'npm'];
const SHARED = '[TOOLCHAIN_PACKAGES=../shared/toolchain]';

test('unpacks the pinned engines from ../shared/toolchain, then runs the locked install, exactly the README test command and the recipe check', () => {
  const { status, calls } = runCi(EVERYTHING);
  expect(status).toBe(0);
  expect(calls).toEqual([
    'apt-get update -qq',
    `npm run --silent toolchain ${SHARED}`,
    'npm ci --no-audit --no-fund [TOOLCHAIN_PACKAGES=]',
    'npm test [TOOLCHAIN_PACKAGES=]',
    'npm run check:recipes [TOOLCHAIN_PACKAGES=]',
  ]);
});

test('takes the toolchain folder from TOOLCHAIN_PACKAGES when it is set', () => {
  const { status, calls } = runCi(EVERYTHING, { TOOLCHAIN_PACKAGES: '/opt/engines' });
  expect(status).toBe(0);
  expect(calls[1]).toBe('npm run --silent toolchain [TOOLCHAIN_PACKAGES=/opt/engines]');
});

test('installs xz-utils only when xz is missing', () => {
  const { status, calls } = runCi(EVERYTHING.filter((c) => c !== 'xz'));
  expect(status).toBe(0);
  expect(calls.slice(0, 2)).toEqual(['apt-get update -qq', 'apt-get install -y -qq xz-utils']);
  expect(calls.slice(-2)).toEqual(['npm test [TOOLCHAIN_PACKAGES=]', 'npm run check:recipes [TOOLCHAIN_PACKAGES=]']);
});

test('never installs a system-wide promtool, amtool, prometheus or alertmanager', () => {
  const text = fs.readFileSync(script, 'utf8');
  expect(text).not.toMatch(/apt-get install[^\n]*prometheus/);
});

test('fails when kubectl is missing, before installing or testing anything', () => {
  const { status, stderr, calls } = runCi(EVERYTHING.filter((c) => c !== 'kubectl'));
  expect(status).toBe(1);
  expect(stderr).toContain('.ci/run: kubectl is not on the PATH.');
  expect(stderr).toContain('use a machine image that ships the kubectl client');
  expect(calls).toEqual([]);
});
