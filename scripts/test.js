#!/usr/bin/env node
// `npm test [jest arguments]`: the type check (`tsc --noEmit -p .`) and jest, at the same time. jest
// strips types without checking them (test/support/esbuild-transform.js), so neither needs the other
// first, and the suites that wait on servers leave a core idle that the type check can use.
// jest's output is shown as it runs; tsc's once jest has finished (as a block, so that the two never
// interleave). Fails when either fails, and says which.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** Runs a package's CLI with this node; resolves with its exit status (1 when killed by a signal). */
function run(bin, args, stdio) {
  const child = spawn(process.execPath, [require.resolve(bin), ...args], { cwd: root, stdio });
  let output = '';
  if (stdio === 'pipe') for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => {
      output += `could not start ${bin}: ${error.message}\n`;
      resolve({ status: 1, output });
    });
    child.on('close', (status) => resolve({ status: status ?? 1, output }));
  });
}

const typeCheck = run('typescript/bin/tsc', ['--noEmit', '-p', '.'], 'pipe');
const tests = run('jest/bin/jest', process.argv.slice(2), 'inherit');

Promise.all([typeCheck, tests]).then(([tsc, jest]) => {
  const lines = [];
  if (tsc.status === 0) lines.push('tsc --noEmit: no type errors.');
  else lines.push(`tsc --noEmit failed (exit ${tsc.status}):`, tsc.output.trimEnd());
  if (jest.status !== 0) lines.push(`jest failed (exit ${jest.status}): see its output above.`);
  process.stderr.write(`\n${lines.join('\n')}\n`);
  process.exitCode = tsc.status === 0 && jest.status === 0 ? 0 : 1;
});
