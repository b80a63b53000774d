// Lets `cdk8s import k8s@<version>` run without network access.
//
// cdk8s-cli downloads the Kubernetes OpenAPI definitions for `cdk8s import k8s@X.Y.Z` from the
// cdk8s repository on GitHub, which offline machines cannot reach. Preload this file and the
// download is answered from test/fixtures/k8s-schemas/vX.Y.Z.json instead:
//
//   NODE_OPTIONS="--require ./scripts/cdk8s-import-offline.cjs" \
//     npx cdk8s import k8s@1.28.0 --language typescript --output imports
//
// Versions available: the files in test/fixtures/k8s-schemas (1.28.0 and 1.36.0). `npm run import` does this.
const https = require('https');
const fs = require('fs');
const path = require('path');
const { Readable } = require('stream');

// The Kubernetes API definitions kept as test fixtures double as the import source.
const schemas = path.join(__dirname, '..', 'test', 'fixtures', 'k8s-schemas');
const original = https.get;

https.get = function get(url, ...rest) {
  const m = String(url).match(/kubernetes-schemas\/v([\d.]+)\/_definitions\.json$/);
  if (!m) return original.call(this, url, ...rest);
  const file = path.join(schemas, `v${m[1]}.json`);
  if (!fs.existsSync(file)) {
    throw new Error(`no offline schema for Kubernetes ${m[1]}: expected ${file}`);
  }
  const callback = rest.find((a) => typeof a === 'function');
  const response = Readable.from([fs.readFileSync(file)]);
  response.statusCode = 200;
  response.headers = {};
  setImmediate(() => callback(response));
  const request = { on: () => request, once: () => request, end: () => {}, setTimeout: () => request };
  return request;
};
