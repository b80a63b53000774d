#!/usr/bin/env node
// `node scripts/generate-docs.js`: rewrites the generated docs (scripts/docs.ts: docs/alerts.md,
// docs/metrics.md, docs/resources.md, the network flow docs and the queries of docs/logging.md).
// `npm run synth` does the same after synthesising every environment.
const path = require('node:path');
const { requireScript } = require('./build-app');

const written = requireScript('scripts/docs.ts').writeDocs(path.resolve(__dirname, '..'));
console.log(`wrote ${written.join(', ')}`);
