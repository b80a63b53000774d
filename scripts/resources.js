#!/usr/bin/env node
// `npm run resources [-- nodes]`: prints the CPU and memory requests of every environment
// (scripts/resources.ts), bundled without type-checking like the synth.
const { requireScript } = require('./build-app');

const nodes = Number(process.argv[2] ?? 1);
if (!Number.isInteger(nodes) || nodes < 1) {
  console.error(`usage: node scripts/resources.js [nodes]; nodes must be a whole number of at least 1, got ${JSON.stringify(process.argv[2])}`);
  process.exit(2);
}
for (const line of requireScript('scripts/resources.ts').resourceReport(nodes)) console.log(line);
