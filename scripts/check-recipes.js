#!/usr/bin/env node
// `npm run check:recipes`: applies every README recipe together to a scratch copy of the repository
// (its tracked and untracked files, sharing node_modules and .toolchain), then follows the README's
// steps there: `npm run synth`, then `npm test`. A recipe that leaves the suite red fails this check,
// so the README never tells a user to make a change the tests then reject. .ci/run runs it after
// `npm test`. The copy is removed when the suite passes and kept (its path printed) when it fails.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { requireScript } = require('./build-app');

const root = path.resolve(__dirname, '..');

function run(command, args, cwd) {
  console.log(`\n$ ${[command, ...args].join(' ')}   (in ${cwd})`);
  return spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env } }).status;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'recipes-'));
const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
for (const file of listed.stdout.split('\0').filter(Boolean)) {
  if (!fs.existsSync(path.join(root, file))) continue; // deleted in the working tree
  fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
  fs.copyFileSync(path.join(root, file), path.join(scratch, file));
}
for (const shared of ['node_modules', '.toolchain']) {
  if (fs.existsSync(path.join(root, shared))) fs.symlinkSync(path.join(root, shared), path.join(scratch, shared));
}

const { applyRecipes, readRecipes } = requireScript('scripts/recipes.ts');
const applied = applyRecipes(scratch, readRecipes(fs.readFileSync(path.join(root, 'README.md'), 'utf8')));
console.log(`applied ${applied.length} README recipes to ${scratch}:\n${applied.map((line) => `  ${line}`).join('\n')}`);

const status = run('npm', ['run', 'synth'], scratch) || run('npm', ['test'], scratch);
if (status === 0) {
  fs.rmSync(scratch, { recursive: true, force: true });
  console.log('\ncheck:recipes: with every README recipe applied, `npm run synth` and `npm test` pass.');
} else {
  console.error(`\ncheck:recipes: with every README recipe applied, the README's steps fail (exit ${status}); the copy is kept at ${scratch}.`);
}
process.exitCode = status ?? 1;
