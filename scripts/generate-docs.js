#!/usr/bin/env node
// `node scripts/generate-docs.js`: rewrites docs/alerts.md, docs/metrics.md, docs/network-flows.md,
// docs/architecture.md and the queries of docs/logging.md from the rules, the metrics contract, the
// network flows and the Logs and Traces dashboard (scripts/docs.ts), bundled without type-checking like the synth.
const esbuild = require('esbuild');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outfile = path.join(root, '.build', 'docs.js');
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'docs.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'error',
});
const written = require(outfile).writeDocs(root);
console.log(`wrote ${written.join(', ')}`);
