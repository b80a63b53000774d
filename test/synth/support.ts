/** Runs scripts/synth.js on a temporary dist/ and reads what it left there. */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EnvironmentDefinition } from '../../config';

export const root = path.resolve(__dirname, '..', '..');
export const script = path.join(root, 'scripts', 'synth.js');

/** Two environments, then the same set with alpha changed (an object added, one changed, some removed), beta gone and gamma new. */
export const BEFORE: EnvironmentDefinition[] = [
  { name: 'alpha', overrides: { cluster: 'alpha' } },
  { name: 'beta', overrides: { cluster: 'beta' } },
];
export const AFTER: EnvironmentDefinition[] = [
  { name: 'alpha', overrides: { cluster: 'alpha', api: { replicas: 3 }, networkPolicies: { enabled: false } } },
  { name: 'gamma', overrides: { cluster: 'gamma' } },
];

export interface Sandbox {
  readonly dir: string;
  readonly dist: string;
  /** The folder the script keeps its lock, journal and staging in. */
  readonly work: string;
  /** Writes a list of environments for SYNTH_ENVIRONMENTS and returns its path. */
  environments(name: string, definitions: readonly EnvironmentDefinition[]): string;
}

export function sandbox(): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  return {
    dir,
    dist: path.join(dir, 'dist'),
    work: path.join(dir, '.dist-synth'),
    environments(name, definitions) {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify(definitions));
      return file;
    },
  };
}

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function environment(dist: string, env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...process.env, SYNTH_DIST: dist, ...env };
  // The run under test must not inherit the cdk8s CLI's variables or a step to die at.
  for (const name of Object.keys(env)) if (env[name] === undefined) delete result[name];
  delete result.CDK8S_OUTDIR;
  return result;
}

export function runSynth(dist: string, args: string[] = [], env: Record<string, string | undefined> = {}, cwd = root): Run {
  const result = spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8', env: environment(dist, env), timeout: 60_000 });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

export function runSynthAsync(dist: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env: environment(dist, env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Every file under a folder with its contents, by relative path ({} when the folder is missing). */
export function contents(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const result: Record<string, string> = {};
  for (const file of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const full = path.join(dir, file);
    if (fs.statSync(full).isFile()) result[file] = fs.readFileSync(full, 'utf8');
  }
  return result;
}

/** The folders directly in a folder, sorted. */
export function folders(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A node module that makes the named fs calls throw `code` for paths under `under`, for `--require`. */
export function failingFs(dir: string, code: string, calls: readonly string[], under: string): string {
  const file = path.join(dir, `fail-${code}.js`);
  fs.writeFileSync(
    file,
    [
      "const fs = require('node:fs');",
      `for (const call of ${JSON.stringify(calls)}) {`,
      '  const original = fs[call];',
      '  fs[call] = function (file, ...rest) {',
      `    if (String(file).startsWith(${JSON.stringify(under + path.sep)})) {`,
      `      throw Object.assign(new Error(${JSON.stringify(code)} + ': injected, ' + call + " '" + file + "'"), { code: ${JSON.stringify(code)}, syscall: call.replace(/Sync$/, ''), path: String(file) });`,
      '    }',
      '    return original.call(this, file, ...rest);',
      '  };',
      '}',
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * A stand-in for the project's app (SYNTH_APP): a main.ts that writes, per environment, a Namespace, a
 * ConfigMap holding the environment's overrides and the Kustomization, as the real app lays them out.
 * The lock, swap and recovery do not depend on what the app writes; the real one costs a second of CPU
 * per run, and those tests run dozens.
 */
export function tinyApp(dir: string): string {
  const app = path.join(dir, 'tiny-app');
  fs.mkdirSync(app, { recursive: true });
  fs.writeFileSync(
    path.join(app, 'main.ts'),
    `import * as fs from 'node:fs';
import * as path from 'node:path';

interface Environment { name: string; overrides: object }
export const ENVIRONMENTS: Environment[] = [];

export function synthesize(outdir: string, names: readonly string[] = [], known: readonly Environment[] = ENVIRONMENTS): string[] {
  const unknown = names.find((name) => !known.some((env) => env.name === name));
  if (unknown !== undefined) throw new Error(\`unknown environment "\${unknown}"\`);
  const selected = names.length > 0 ? known.filter((env) => names.includes(env.name)) : known;
  for (const env of selected) {
    const folder = path.join(outdir, env.name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, '0000-namespaces.k8s.yaml'), \`apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: \${env.name}\\n\`);
    fs.writeFileSync(
      path.join(folder, '0001-settings.k8s.yaml'),
      \`apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: settings\\n  namespace: \${env.name}\\ndata:\\n  overrides: '\${JSON.stringify(env.overrides)}'\\n\`,
    );
    fs.writeFileSync(path.join(folder, 'Kustomization'), 'resources:\\n  - 0000-namespaces.k8s.yaml\\n  - 0001-settings.k8s.yaml\\n');
  }
  return selected.map((env) => env.name);
}
`,
  );
  return app;
}

/**
 * A stand-in app (SYNTH_APP) writing, per environment, a Namespace and a StatefulSet `db` whose
 * claim template `data` takes `size`, `storageClassName` and `replicas` from the environment's
 * overrides: enough to change a StatefulSet's volumes between two synths.
 */
export function statefulSetApp(dir: string): string {
  const app = path.join(dir, 'statefulset-app');
  fs.mkdirSync(app, { recursive: true });
  fs.writeFileSync(
    path.join(app, 'main.ts'),
    `import * as fs from 'node:fs';
import * as path from 'node:path';

interface Environment { name: string; overrides: { size: string; storageClassName?: string; replicas?: number } }
export const ENVIRONMENTS: Environment[] = [];

export function synthesize(outdir: string, names: readonly string[] = [], known: readonly Environment[] = ENVIRONMENTS): string[] {
  const selected = names.length > 0 ? known.filter((env) => names.includes(env.name)) : known;
  for (const env of selected) {
    const { size, storageClassName, replicas = 2 } = env.overrides;
    const folder = path.join(outdir, env.name);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, '0000-namespaces.k8s.yaml'), \`apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: \${env.name}\\n\`);
    const claimSpec = [
      '        accessModes:',
      '          - ReadWriteOnce',
      '        resources:',
      '          requests:',
      \`            storage: \${size}\`,
      ...(storageClassName ? [\`        storageClassName: \${storageClassName}\`] : []),
    ];
    fs.writeFileSync(
      path.join(folder, '0001-db.k8s.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata:',
        '  name: db',
        \`  namespace: \${env.name}\`,
        'spec:',
        \`  replicas: \${replicas}\`,
        '  serviceName: db',
        '  selector:',
        '    matchLabels:',
        '      app: db',
        '  template:',
        '    metadata:',
        '      labels:',
        '        app: db',
        '    spec:',
        '      containers:',
        '        - name: db',
        '          image: registry.example.com/db:1.0.0',
        '  volumeClaimTemplates:',
        '    - metadata:',
        '        name: data',
        '        labels:',
        '          app: db',
        '      spec:',
        ...claimSpec,
        '',
      ].join('\\n'),
    );
    fs.writeFileSync(path.join(folder, 'Kustomization'), 'resources:\\n  - 0000-namespaces.k8s.yaml\\n  - 0001-db.k8s.yaml\\n');
  }
  return selected.map((env) => env.name);
}
`,
  );
  return app;
}
