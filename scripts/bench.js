#!/usr/bin/env node
// `npm run bench`: prints the median wall time of synthesising all environments (with nothing changed,
// with every environment synthesised again, and after a source change), next to the stock cdk8s
// TypeScript template (`app: npx ts-node main.ts`) synthesising a single Deployment; then how
// the synth of prod grows with 10, 100 and 1,000 (and 10,000) extra alert rules and 1, 10 and 100
// (and 1,000) extra dashboards (scripts/scale.ts; BENCH_SCALE=0 skips it). Figures only: nothing here asserts a time.
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

/** `before` runs ahead of each sample, untimed: it sets up what the sample is to measure. */
function measure(label, command, args, options, before = () => {}) {
  before();
  time(command, args, options); // warm-up: file cache, esbuild/ts-node start-up
  const samples = Array.from({ length: runs }, () => {
    before();
    return time(command, args, options);
  });
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

/** Runs `synthProd(rules, dashboards)` of the bundled scripts/scale.ts in a fresh process; returns wall and synth seconds. */
function scaleRun(bundle, rules, dashboards) {
  const start = process.hrtime.bigint();
  const script = `const r = require(${JSON.stringify(bundle)}).synthProd(${rules}, ${dashboards}); process.stdout.write(JSON.stringify(r));`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`synth of prod with ${rules} rules and ${dashboards} dashboards failed:\n${result.stderr}`);
  return { wall, ...JSON.parse(result.stdout) };
}

function scale() {
  const esbuild = require('esbuild');
  const bundle = path.join(root, '.build', 'scale.js');
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'scale.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
  console.log('\nprod with generated definitions, each in a fresh process (wall: the whole process; synth: building and writing the manifests)');
  // 10,000 rules and 1,000 dashboards go past the targets: at 10 or 100 the increments are within the
  // noise of a process start, and only a tenfold step on a large size shows whether growth is linear.
  const cases = [
    [0, 0],
    [10, 0],
    [100, 0],
    [1000, 0],
    [10000, 0],
    [0, 1],
    [0, 10],
    [0, 100],
    [0, 1000],
    [1000, 100],
  ];
  const results = [];
  for (const [rules, dashboards] of cases) {
    scaleRun(bundle, rules, dashboards); // warm-up
    const samples = Array.from({ length: runs }, () => scaleRun(bundle, rules, dashboards));
    const wall = median(samples.map((s) => s.wall));
    const synth = median(samples.map((s) => s.ms)) / 1000;
    const last = samples[samples.length - 1];
    results.push({ rules, dashboards, wall, synth });
    const label = `+${rules} alert rules, +${dashboards} dashboards`;
    console.log(
      `${label.padEnd(38)} wall ${wall.toFixed(3)} s  synth ${synth.toFixed(3)} s  ConfigMaps ${String(last.configMaps).padStart(2)}, largest ${(last.largestConfigMapBytes / 1024).toFixed(0)} KiB`,
    );
  }
  // Linear growth shows as a cost per added definition that does not rise from one size to the next.
  console.log('synth cost per definition added since the previous size:');
  for (const field of ['rules', 'dashboards']) {
    const series = [results[0], ...results.filter((r) => r[field] > 0 && r[field === 'rules' ? 'dashboards' : 'rules'] === 0)];
    const steps = series.slice(1).map((r, i) => {
      const previous = series[i];
      return `${previous[field]}→${r[field]}: ${(((r.synth - previous.synth) * 1000) / (r[field] - previous[field])).toFixed(2)} ms`;
    });
    console.log(`  ${field.padEnd(10)} ${steps.join(', ')}`);
  }
  const target = results.find((r) => r.rules === 1000 && r.dashboards === 100);
  console.log(`the target case (+1000 rules, +100 dashboards): ${target.wall.toFixed(3)} s wall (target at most 2 s)`);
}

function main() {
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${runs} runs each after one warm-up`);
  const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'dist');
  const state = path.join(path.dirname(dist), '.dist-synth', 'state.json');
  const synth = (label, before) =>
    measure(label, process.execPath, [path.join(root, 'scripts', 'synth.js')], { cwd: root, env: { ...process.env, SYNTH_DIST: dist } }, before);
  // What runs before each apply: nothing changed, so the bundle and every folder are kept (checked, not trusted).
  const ours = synth('npm run synth (dev, staging, prod), sources unchanged');
  // Forgetting the last run's record makes the app synthesise all three again from the kept bundle.
  const resynth = synth('npm run synth, every environment synthesised again', () => fs.rmSync(state, { force: true }));
  // Forgetting the bundle's record as well adds the esbuild bundling a source change costs.
  const rebuilt = synth('npm run synth after a config change (bundle rebuilt)', () => {
    fs.rmSync(state, { force: true });
    fs.rmSync(path.join(root, '.build', 'app.json'), { force: true });
  });
  const stock = measure('stock template: cdk8s synth of one Deployment', cdk8sBin, ['synth', '--no-check-upgrade'], {
    cwd: stockTemplate(),
  });
  console.log(`ratio, sources unchanged:               ${(ours / stock).toFixed(3)} of the stock template's time (target at most 0.15)`);
  console.log(`ratio, every environment synthesised:   ${(resynth / stock).toFixed(3)}`);
  console.log(`ratio, after a config change:           ${(rebuilt / stock).toFixed(3)}`);
  fs.rmSync(path.dirname(dist), { recursive: true, force: true });
  if (process.env.BENCH_SCALE !== '0') scale();
}

main();
