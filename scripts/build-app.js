// Bundles main.ts and everything it imports into one CommonJS file without type-checking.
// Type-checking the 1.2 MB imports/k8s.ts on every synth is what makes the stock template slow;
// `npm test` and `npm run build` type-check instead.
const esbuild = require('esbuild');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outfile = path.join(root, '.build', 'app.js');

function buildApp() {
  esbuild.buildSync({
    entryPoints: [path.join(root, 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return outfile;
}

module.exports = { buildApp };
