/**
 * A throwaway Kubernetes control plane on loopback: the toolchain's etcd and kube-apiserver, with
 * no controller-manager and no scheduler. Enough for `kubectl apply --dry-run=server`: defaulting,
 * strict field validation and admission (Pod Security included) run, and nothing is scheduled.
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

    // Service-account tokens are never issued here, but the API server refuses to start without a key pair.
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
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
      '--authorization-mode=RBAC',
      // As in real clusters; left at its default (false), privileged containers fail validation
      // outright instead of meeting Pod Security.
      '--allow-privileged=true',
      '--service-cluster-ip-range=10.96.0.0/16',
      // Loopback is not an address the `kubernetes` Service's endpoints may hold.
      '--endpoint-reconciler-type=none',
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
    return new KubeApiServer(dir, kubeconfig);
  }

  private constructor(
    private readonly dir: string,
    private readonly kubeconfig: string,
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

  /** Creates (or updates) objects for real: namespaces whose Pod Security labels must take effect. */
  apply(objects: readonly object[]): void {
    const result = this.kubectl(['apply'], objects);
    if (result.status !== 0 || result.stderr !== '') throw new Error(`kubectl apply failed:\n${result.stderr}`);
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

function readyz(server: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = https.get(`${server}/readyz`, { headers: { Authorization: `Bearer ${token}` }, rejectUnauthorized: false }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
    request.setTimeout(2000, () => request.destroy(new Error('no answer within 2 s')));
  });
}
