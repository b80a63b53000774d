/**
 * A throwaway Kubernetes control plane on loopback: the toolchain's etcd and kube-apiserver, with
 * no controller-manager and no scheduler. Enough for `kubectl apply --dry-run=server`: defaulting,
 * strict field validation and admission (Pod Security included) run, and nothing is scheduled.
 * What a dry-run never needs is switched off (see the flags), since the server's start-up is most of
 * a suite's CPU.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { freePort, type Servers } from './servers';

interface KubectlResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export class KubeApiServer {
  /**
   * Starts etcd and kube-apiserver through `servers` and resolves once `/readyz` answers `ok`.
   * `servers.stopAll()` ends both; `remove()` deletes their files afterwards.
   */
  static async start(servers: Servers): Promise<KubeApiServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-apiserver-'));
    const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    servers.start('etcd', 'etcd', [
      `--data-dir=${path.join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
    ]);

    // Service-account tokens are never issued here, but the API server refuses to start without a key
    // pair; an EC key takes a millisecond to make where RSA 2048 takes half a second of CPU.
    const { publicKey, privateKey } = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    fs.writeFileSync(path.join(dir, 'sa.pub'), publicKey);
    fs.writeFileSync(path.join(dir, 'sa.key'), privateKey, { mode: 0o600 });
    const token = randomBytes(24).toString('hex');
    fs.writeFileSync(path.join(dir, 'tokens.csv'), `${token},admin,admin,system:masters\n`, { mode: 0o600 });

    servers.start('kube-apiserver', 'kube-apiserver', [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${securePort}`,
      // A self-signed serving certificate, written here rather than to /var/run/kubernetes.
      `--cert-dir=${path.join(dir, 'certs')}`,
      `--service-account-key-file=${path.join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
      // The token's user is in system:masters, which every authorizer (RBAC too) lets do anything, and
      // the RBAC API validates Roles and bindings whatever the mode: RBAC decided nothing here, yet
      // made the server write its bootstrap roles at start-up.
      '--authorization-mode=AlwaysAllow',
      // As in real clusters; left at its default (false), privileged containers fail validation
      // outright instead of meeting Pod Security.
      '--allow-privileged=true',
      '--service-cluster-ip-range=10.96.0.0/16',
      // Loopback is not an address the `kubernetes` Service's endpoints may hold.
      '--endpoint-reconciler-type=none',
      // Work for long-lived, busy servers, none of which touches what a request is checked against:
      // request queuing by priority (and its configuration objects), the watch cache (reads go to
      // etcd), the profiling endpoints, etcd object counts for metrics, and etcd compaction.
      '--enable-priority-and-fairness=false',
      '--watch-cache=false',
      '--profiling=false',
      '--etcd-count-metric-poll-period=0',
      '--etcd-compaction-interval=0',
    ]);

    const server = `https://127.0.0.1:${securePort}`;
    await servers.waitFor('kube-apiserver /readyz', () => readyz(server, token).then((body) => (body === 'ok' ? body : undefined)), 60_000);

    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(
      kubeconfig,
      yaml.dump({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'local', cluster: { server, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'admin', user: { token } }],
        contexts: [{ name: 'local', context: { cluster: 'local', user: 'admin' } }],
        'current-context': 'local',
      }),
      { mode: 0o600 },
    );
    return new KubeApiServer(dir, kubeconfig, server, token);
  }

  private constructor(
    private readonly dir: string,
    private readonly kubeconfig: string,
    private readonly server: string,
    private readonly token: string,
  ) {}

  /** Runs kubectl against this server with `objects` as the file `-f` reads. */
  private kubectl(args: string[], objects: readonly object[]): KubectlResult {
    const file = path.join(this.dir, `objects-${randomBytes(4).toString('hex')}.json`);
    // A stream of objects, not a v1 List: for a List kubectl falls back to client-side
    // validation, which stops at the first error and runs no admission.
    fs.writeFileSync(file, objects.map((o) => JSON.stringify(o)).join('\n'));
    const result = spawnSync('kubectl', [...args, '-f', file], {
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
      // Its own discovery cache, so the user's ~/.kube and clusters are never read or written.
      env: { ...process.env, KUBECONFIG: this.kubeconfig, KUBECACHEDIR: path.join(this.dir, 'cache') },
    });
    fs.rmSync(file, { force: true });
    if (result.error) throw new Error(`kubectl could not run: ${result.error.message}`);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /**
   * Creates (or updates) namespaces for real, so that their Pod Security labels take effect: a
   * server-side apply of each, with strict field validation, that fails on a refusal or a warning.
   * Sent from here rather than by kubectl, whose start-up (reading the API's OpenAPI documents) costs
   * more CPU than the server spends on a whole environment's dry-run.
   */
  async applyNamespaces(namespaces: readonly K8sNamespace[]): Promise<void> {
    for (const namespace of namespaces) {
      if (namespace.apiVersion !== 'v1' || namespace.kind !== 'Namespace') throw new Error(`not a v1 Namespace: ${JSON.stringify(namespace).slice(0, 200)}`);
      const name = encodeURIComponent(namespace.metadata.name);
      const response = await request(`${this.server}/api/v1/namespaces/${name}?fieldManager=test&force=true&fieldValidation=Strict`, this.token, {
        method: 'PATCH',
        contentType: 'application/apply-patch+yaml',
        body: JSON.stringify(namespace),
      });
      if (response.status >= 300 || response.warnings.length > 0) {
        throw new Error(`applying namespace ${namespace.metadata.name} failed: HTTP ${response.status} ${[...response.warnings, response.body].join('\n')}`);
      }
    }
  }

  /**
   * What the API server says against applying `objects` as `kubectl apply -f` does: every
   * rejection and every warning (Pod Security only warns about workloads), one entry per line of
   * kubectl's stderr. Empty when the server accepts them all silently.
   */
  dryRunProblems(objects: readonly object[]): string[] {
    const result = this.kubectl(['apply', '--dry-run=server', '--validate=strict'], objects);
    const problems = result.stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    if (result.status !== 0 && problems.length === 0) problems.push(`kubectl exited with ${result.status}`);
    // An object kubectl skipped without a word would otherwise pass unchecked.
    const answered = result.stdout.split('\n').filter((line) => line.endsWith('(server dry run)')).length;
    if (problems.length === 0 && answered !== objects.length) problems.push(`the server answered for ${answered} of ${objects.length} objects:\n${result.stdout}`);
    return problems;
  }

  /** Deletes the server's files (call after `servers.stopAll()`). */
  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface K8sNamespace {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
}

async function readyz(server: string, token: string): Promise<string> {
  return (await request(`${server}/readyz`, token, { timeoutMs: 2000 })).body;
}

interface Response {
  status: number;
  /** The texts of the response's `Warning` headers. */
  warnings: string[];
  body: string;
}

function request(
  url: string,
  token: string,
  { method = 'GET', contentType, body, timeoutMs = 10_000 }: { method?: string; contentType?: string; body?: string; timeoutMs?: number } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, ...(contentType ? { 'Content-Type': contentType } : {}) };
    const sent = https.request(url, { method, headers, rejectUnauthorized: false }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        // Each warning is a header of its own (`299 - "text"`); the raw list keeps them apart.
        const raw = response.rawHeaders;
        const warnings = raw.flatMap((name, i) => (i % 2 === 0 && name.toLowerCase() === 'warning' ? [raw[i + 1].replace(/^\d+ \S+ "(.*)"$/, '$1')] : []));
        resolve({ status: response.statusCode ?? 0, warnings, body: text });
      });
    });
    sent.on('error', reject);
    sent.setTimeout(timeoutMs, () => sent.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    sent.end(body);
  });
}
