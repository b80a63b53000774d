#!/usr/bin/env node
// `npm run bench:rules [-- --days N --pods P --scrape S --runs R --before]`: the cost of prod's rule groups
// and of every dashboard query on a real Prometheus holding N days of synthetic API series for P pods, then
// for 4P pods (scripts/bench-rules.ts), bundled without type-checking like the synth. Figures only.
const path = require('node:path');
const { requireScript } = require('./build-app');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} must be a positive number, got ${JSON.stringify(args[at + 1])}`);
    process.exit(2);
  }
  return value;
};
const options = {
  days: option('days', 3),
  pods: option('pods', 1),
  scrapeSeconds: option('scrape', 120),
  runs: option('runs', 5),
  before: args.includes('--before'),
};

// Two folders below the root, as test/support/ is: test/support/toolchain.ts finds .toolchain/ from there.
requireScript('scripts/bench-rules.ts', path.join('bench-rules', 'index.js'))
  .benchRules(options)
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
