#!/usr/bin/env node
// `npm run synth [env ...]`: writes dist/<env>/ for every (or every named) environment.
//
// The app synthesises into a staging folder first. Only when every environment succeeded is each
// dist/<env>/ replaced whole by its new version, so a failed synth leaves the previous dist/ as it
// was and a successful one leaves no stale files behind.
const fs = require('node:fs');
const path = require('node:path');
const { buildApp } = require('./build-app');

const root = path.resolve(__dirname, '..');
// SYNTH_DIST lets tests synthesise into a folder of their own.
const dist = path.resolve(root, process.env.SYNTH_DIST ?? 'dist');
const staging = path.join(path.dirname(dist), `.${path.basename(dist)}-staging`);

/** How to name a folder to the user: relative to where they ran the command, or absolute outside it. */
function shown(folder) {
  const relative = path.relative(process.cwd(), folder);
  const outside = relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return outside ? folder : relative;
}

function main(names) {
  fs.rmSync(staging, { recursive: true, force: true });
  let written;
  try {
    const { synthesize } = require(buildApp());
    written = synthesize(staging, names);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    console.error(`synth failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`${shown(dist)}/ was left unchanged.`);
    return 1;
  }
  fs.mkdirSync(dist, { recursive: true });
  for (const env of written) {
    const target = path.join(dist, env);
    const previous = path.join(dist, `.previous-${env}`);
    fs.rmSync(previous, { recursive: true, force: true });
    if (fs.existsSync(target)) fs.renameSync(target, previous);
    fs.renameSync(path.join(staging, env), target);
    fs.rmSync(previous, { recursive: true, force: true });
  }
  fs.rmSync(staging, { recursive: true, force: true });
  // Under `cdk8s synth` the CLI expects its (unused) output folder to exist afterwards.
  if (process.env.CDK8S_OUTDIR) fs.mkdirSync(process.env.CDK8S_OUTDIR, { recursive: true });
  console.log(`synthesised ${written.map((env) => `${shown(path.join(dist, env))}/`).join(', ')}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
