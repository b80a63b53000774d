#!/usr/bin/env node
// `npm run resources [-- nodes]`: prints the CPU and memory requests of every environment
// (scripts/resources.ts), bundled without type-checking like the synth.
const esbuild = require('esbuild');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const nodes = Number(process.argv[2] ?? 1);
if (!Number.isInteger(nodes) || nodes < 1) {
  console.error(`usage: node scripts/resources.js [nodes]; nodes must be a whole number of at least 1, got ${JSON.stringify(process.argv[2])}`);
  process.exit(2);
}
const outfile = path.join(root, '.build', 'resources.js');
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'resources.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'error',
});
for (const line of require(outfile).resourceReport(nodes)) console.log(line);
