/**
 * The engines the tests prove the manifests on: the binaries `scripts/toolchain.sh` unpacked into
 * `.toolchain/`, at the versions `config/versions.ts` deploys. No test runs an engine from the PATH,
 * so an older system-wide promtool or amtool can never stand in for the pinned one.
 *
 * A suite that needs an engine wraps itself in `describeWithEngines`: with every engine present it
 * runs and prints the versions it used; outside CI a missing engine skips the suite with one line
 * naming it and how to get it; in CI (`CI=true`) a missing engine fails the suite.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENGINE_VERSIONS } from '../../config/versions';

const ROOT = path.resolve(__dirname, '..', '..');
// TOOLCHAIN_DIR lets the toolchain's own tests point a suite at a folder without engines.
const TOOLCHAIN = process.env.TOOLCHAIN_DIR || path.join(ROOT, '.toolchain');

export type Engine = 'promtool' | 'prometheus' | 'amtool' | 'alertmanager' | 'loki' | 'kube-apiserver' | 'etcd';

/** What each engine must report as its version: the toolchain pins of `config/versions.ts`. */
const EXPECTED: Record<Engine, string> = {
  promtool: ENGINE_VERSIONS.prometheus,
  prometheus: ENGINE_VERSIONS.prometheus,
  amtool: ENGINE_VERSIONS.alertmanager,
  alertmanager: ENGINE_VERSIONS.alertmanager,
  loki: ENGINE_VERSIONS.loki,
  'kube-apiserver': `v${ENGINE_VERSIONS.kubernetes}`,
  etcd: '',
};
const VERSION_FLAG: Record<Engine, string> = {
  promtool: '--version',
  prometheus: '--version',
  amtool: '--version',
  alertmanager: '--version',
  loki: '-version',
  'kube-apiserver': '--version',
  etcd: '--version',
};

/** The folder holding kube-apiserver and etcd, by the controller-runtime envtest convention. */
export function kubebuilderAssets(): string {
  return process.env.KUBEBUILDER_ASSETS || path.join(TOOLCHAIN, 'kubebuilder');
}

/** Absolute path of an engine's binary (which may not exist: see `missingEngines`). */
export function enginePath(engine: Engine): string {
  if (engine === 'kube-apiserver' || engine === 'etcd') return path.join(kubebuilderAssets(), engine);
  return path.join(TOOLCHAIN, 'bin', engine);
}

const versions = new Map<Engine, string>();

/** The first line an engine prints of its version; throws when it is not the pinned one. */
export function engineVersion(engine: Engine): string {
  let line = versions.get(engine);
  if (line === undefined) {
    const result = spawnSync(enginePath(engine), [VERSION_FLAG[engine]], { encoding: 'utf8' });
    line = `${result.stdout}${result.stderr}`.split('\n')[0].trim();
    if (!line.includes(EXPECTED[engine])) {
      throw new Error(`${enginePath(engine)} reports "${line}", not the pinned ${EXPECTED[engine]}. Run: TOOLCHAIN_PACKAGES=<folder> npm run toolchain`);
    }
    versions.set(engine, line);
  }
  return line;
}

export function missingEngines(engines: readonly Engine[]): Engine[] {
  return engines.filter((engine) => !fs.existsSync(enginePath(engine)));
}

const HOW_TO_GET = 'get them with: TOOLCHAIN_PACKAGES=<folder with the pinned engines> npm run toolchain (see scripts/toolchain.sh)';

/**
 * `describe` for a suite that runs engines: runs it when all are there, and otherwise skips it
 * (outside CI) or fails it (in CI).
 */
export function describeWithEngines(title: string, engines: readonly Engine[], body: () => void): void {
  const missing = missingEngines(engines);
  if (missing.length === 0) {
    describe(title, () => {
      beforeAll(() => {
        const used = engines.map((engine) => `${engine}: ${engineVersion(engine)}`).join('; ');
        process.stdout.write(`[${title}] engines used: ${used}\n`);
      });
      body();
    });
    return;
  }
  const message = `${title}: ${missing.join(', ')} not in ${TOOLCHAIN}; ${HOW_TO_GET}`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      test('has the engines it proves on', () => {
        throw new Error(message);
      });
    });
  } else {
    process.stdout.write(`skipped: ${message}\n`);
    describe.skip(title, body);
  }
}
