#!/usr/bin/env node
// `npm run bench`: prints the median wall time of synthesising all environments, next to the stock
// cdk8s TypeScript template (`app: npx ts-node main.ts`) synthesising a single Deployment.
// Figures only: nothing here asserts a time.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const cdk8sBin = path.join(root, 'node_modules', '.bin', 'cdk8s');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(command, args, options) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return seconds;
}

function measure(label, command, args, options) {
  time(command, args, options); // warm-up: file cache, esbuild/ts-node start-up
  const samples = Array.from({ length: runs }, () => time(command, args, options));
  console.log(`${label.padEnd(58)} median ${median(samples).toFixed(3)} s  (runs: ${samples.map((s) => s.toFixed(3)).join(', ')})`);
  return median(samples);
}

/** The stock `cdk8s init typescript-app` shape: ts-node type-checks main.ts and imports/k8s.ts on every synth. */
function stockTemplate() {
  const dir = path.join(root, '.build', 'stock-template');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'imports'), { recursive: true });
  fs.copyFileSync(path.join(root, 'imports', 'k8s.ts'), path.join(dir, 'imports', 'k8s.ts'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\nimports:\n  - k8s\n');
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2020', module: 'CommonJS', lib: ['es2020'], strict: true, types: ['node'] } }),
  );
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    [
      "import { App, Chart } from 'cdk8s';",
      "import { KubeDeployment } from './imports/k8s';",
      'const app = new App();',
      "const chart = new Chart(app, 'hello');",
      "const labels = { app: 'hello' };",
      "new KubeDeployment(chart, 'deployment', { spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'hello', image: 'nginx:1.27' }] } } } });",
      'app.synth();',
      '',
    ].join('\n'),
  );
  return dir;
}

function main() {
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${runs} runs each after one warm-up`);
  const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'dist');
  const ours = measure('npm run synth (dev, staging, prod)', process.execPath, [path.join(root, 'scripts', 'synth.js')], {
    cwd: root,
    env: { ...process.env, SYNTH_DIST: dist },
  });
  const stock = measure('stock template: cdk8s synth of one Deployment', cdk8sBin, ['synth', '--no-check-upgrade'], {
    cwd: stockTemplate(),
  });
  console.log(`ratio: ${(ours / stock).toFixed(2)} of the stock template's time (target at most 0.30)`);
  fs.rmSync(path.dirname(dist), { recursive: true, force: true });
}

main();
