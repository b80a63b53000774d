/**
 * A throwaway Kubernetes control plane on loopback: the toolchain's etcd and kube-apiserver, with
 * no controller-manager and no scheduler. Enough for `kubectl apply --dry-run=server`: defaulting,
 * strict field validation and admission (Pod Security included) run, and nothing is scheduled.
 * What a dry-run never needs is switched off (see the flags), since the server's start-up is most of
 * a suite's CPU.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { AddressInfo } from 'node:net';
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

    const proxy = await withoutOpenApiV3(server, token);
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(
      kubeconfig,
      yaml.dump({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'local', cluster: { server: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` } }],
        users: [{ name: 'admin', user: {} }],
        contexts: [{ name: 'local', context: { cluster: 'local', user: 'admin' } }],
        'current-context': 'local',
      }),
      { mode: 0o600 },
    );
    return new KubeApiServer(dir, kubeconfig, server, token, proxy);
  }

  private constructor(
    private readonly dir: string,
    private readonly kubeconfig: string,
    private readonly server: string,
    private readonly token: string,
    private readonly proxy: http.Server,
  ) {}

  /**
   * Runs kubectl against this server (through the proxy of `withoutOpenApiV3`, which this process
   * serves: hence not spawnSync) with `objects` as the file `-f` reads.
   */
  private async kubectl(args: string[], objects: readonly object[]): Promise<KubectlResult> {
    const file = path.join(this.dir, `objects-${randomBytes(4).toString('hex')}.json`);
    // A stream of objects, not a v1 List: for a List kubectl falls back to client-side
    // validation, which stops at the first error and runs no admission.
    fs.writeFileSync(file, objects.map((o) => JSON.stringify(o)).join('\n'));
    try {
      return await new Promise<KubectlResult>((resolve, reject) => {
        const child = spawn('kubectl', [...args, '-f', file], {
          timeout: 60_000,
          // Its own discovery cache, so the user's ~/.kube and clusters are never read or written.
          env: { ...process.env, KUBECONFIG: this.kubeconfig, KUBECACHEDIR: path.join(this.dir, 'cache') },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('error', (error) => reject(new Error(`kubectl could not run: ${error.message}`)));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    } finally {
      fs.rmSync(file, { force: true });
    }
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
  async dryRunProblems(objects: readonly object[]): Promise<string[]> {
    const result = await this.kubectl(['apply', '--dry-run=server', '--validate=strict'], objects);
    const problems = result.stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    if (result.status !== 0 && problems.length === 0) problems.push(`kubectl exited with ${result.status}`);
    // An object kubectl skipped without a word would otherwise pass unchecked.
    const answered = result.stdout.split('\n').filter((line) => line.endsWith('(server dry run)')).length;
    if (problems.length === 0 && answered !== objects.length) problems.push(`the server answered for ${answered} of ${objects.length} objects:\n${result.stdout}`);
    return problems;
  }

  /** Closes the proxy and deletes the server's files (call after `servers.stopAll()`). */
  remove(): void {
    this.proxy.closeAllConnections();
    this.proxy.close();
    AGENT.destroy();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The connections to the API server (its certificate is self-signed), kept alive until `remove()`. */
const AGENT = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

/**
 * An HTTP proxy on loopback to the API server that answers 404 for its OpenAPI v3 documents and
 * adds the token to every other request. kubectl checks, object by object, that the server takes
 * `fieldValidation=Strict`; with OpenAPI v3 it parses the object's whole group document again for
 * every object (2 s of CPU for an environment), without it it asks the v2 document, parsed once.
 * It still sends `fieldValidation=Strict` with every object and the server checks exactly as before
 * (the deliberately misspelt field in test/apiserver.test.ts is refused by the server itself).
 */
async function withoutOpenApiV3(server: string, token: string): Promise<http.Server> {
  const proxy = http.createServer((request, response) => {
    if (request.url?.startsWith('/openapi/v3')) {
      response.writeHead(404).end();
      return;
    }
    const forwarded = https.request(
      new URL(request.url ?? '/', server),
      { method: request.method, headers: { ...request.headers, authorization: `Bearer ${token}` }, agent: AGENT },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(response);
      },
    );
    forwarded.on('error', (error) => response.destroy(error));
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', resolve);
  });
  return proxy;
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
    const sent = https.request(url, { method, headers, agent: AGENT }, (response) => {
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
