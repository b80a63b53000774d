/**
 * `.ci/run` on a machine whose PATH holds only stand-ins: each records its command line, so the
 * script's decisions (install the Debian packages or not, stop without kubectl) are checked without
 * installing anything.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const script = path.join(__dirname, '..', '.ci', 'run');

/** Runs `.ci/run` with a PATH of stand-ins for `commands`; returns what ran and what the script said. */
function runCi(commands: string[]) {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-run-'));
  const log = path.join(bin, 'calls.log');
  try {
    fs.symlinkSync('/usr/bin/dirname', path.join(bin, 'dirname'));
    for (const command of commands) {
      fs.writeFileSync(path.join(bin, command), `#!/bin/sh\necho "${command} $*" >> "$CALLS"\n`, { mode: 0o755 });
    }
    const result = spawnSync('/bin/bash', [script], { encoding: 'utf8', env: { PATH: bin, CALLS: log }, timeout: 10_000 });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}

const EVERYTHING = ['kubectl', 'promtool', 'amtool', 'prometheus', 'prometheus-alertmanager', 'apt-get', 'systemctl', 'npm'];

test('with every tool present, installs nothing and runs the locked install and the tests', () => {
  const { status, calls } = runCi(EVERYTHING);
  expect(status).toBe(0);
  expect(calls).toEqual(['systemctl stop prometheus prometheus-alertmanager', 'npm ci --no-audit --no-fund', 'npm test']);
});

test.each(['promtool', 'amtool', 'prometheus', 'prometheus-alertmanager'])('installs the Debian packages when %s is missing', (tool) => {
  const { status, stdout, calls } = runCi(EVERYTHING.filter((c) => c !== tool));
  expect(status).toBe(0);
  expect(stdout).toContain(`missing: ${tool}`);
  expect(calls.slice(0, 2)).toEqual(['apt-get update -qq', 'apt-get install -y -qq prometheus prometheus-alertmanager']);
  expect(calls.slice(-1)).toEqual(['npm test']);
});

test('fails when kubectl is missing, before installing or testing anything', () => {
  const { status, stderr, calls } = runCi(EVERYTHING.filter((c) => c !== 'kubectl'));
  expect(status).toBe(1);
  expect(stderr).toContain('.ci/run: kubectl is not on the PATH.');
  expect(stderr).toContain('use a machine image that ships the kubectl client');
  expect(calls).toEqual([]);
});
