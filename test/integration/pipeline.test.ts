/**
 * The alert pipeline end to end with the toolchain's `prometheus` 3.5.3 and `alertmanager` 0.33.1
 * on loopback, running the generated configs and command lines in
 * production's shape: two Prometheus replicas, each sending to both replicas of a clustered
 * Alertmanager, and a remote write to a long-term store. Both servers have an external URL with a
 * path, and the email receiver logs in at its relay.
 *
 * Test-only changes to the generated configs, and why:
 * - Kubernetes discovery → file discovery whose targets carry the `__meta_kubernetes_*` labels a
 *   cluster would give (there is no cluster to discover here). The relabelling is the generated
 *   one, unchanged. The pod prometheus-0 is discovered with its two ports, for its own job and its
 *   config reloader's; the local server below stands in for the reloader (the toolchain has none).
 *   Pod discovery is on for the platform namespace and `team-a`, with pods that opt in and pods
 *   that do not.
 * - Alertmanager addresses → 127.0.0.1 ports (the cluster DNS names of the headless Service and of
 *   each peer do not resolve here); the pod IP each Alertmanager advertises → 127.0.0.1.
 * - Gossip interval 50ms and peer timeout 1s: with the defaults (200ms, 15s) the cluster takes 6 s
 *   to settle and the second replica waits 15 s before deciding a notification was already sent.
 * - The remote-write URL → a local server standing in for the long-term store; the token file of
 *   its Secret holds a test token.
 * - Scrape and evaluation interval 1s (also for the rule groups that set their own, the SLOs' long
 *   windows at 2m30s), alert resend delay 1s, Alertmanager group_wait and group_interval 1s: the
 *   defaults (30s, 30s, 1m, 30s, 5m) would take minutes. The resend delay
 *   matters because Prometheus evaluates rules before its Alertmanager discovery (5s cycle) has
 *   found anyone to send to, and would otherwise resend the first alerts only after a minute.
 * - Paths of mounted files → a temp root; the Secret's files hold a test key and the URLs of a local
 *   server standing in for Slack and for the dead man's switch service (`/heartbeat`); PagerDuty's
 *   `url` (default: PagerDuty's API) points at it too.
 * - The dead man's switch on, with a heartbeat every 1s instead of every minute.
 * - The SMTP relay → a local stub without TLS (so `smtp_require_tls: false`) that accepts any login
 *   and records what it is sent; the Secret's password file holds a test password.
 * - An extra rule group, added through the environment's `alerting.extraGroups`, with one critical,
 *   one warning and one info alert that always fire.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { EnvironmentConfig } from '../../config';
import type { RemoteWriteTarget } from '../../constructs/prometheus-props';
import { ALERTMANAGER_PATHS, ALERTMANAGER_SECRET, type AlertmanagerConfigFile } from '../../constructs/alertmanager';
import { PROMETHEUS_RELOADER_SCRAPE } from '../../constructs/identity';
import { POD_DISCOVERY_JOB } from '../../constructs/prometheus-config';
import { POD_DISCOVERY_DEFAULTS } from '../../constructs/prometheus-props';
import { promqlTree, type SyntaxNode } from '../../lib/query-syntax';
import type { RuleGroup } from '../../rules';
import { layOutPrometheusPod } from '../support/prometheus-files';
import { configFor, find, synth } from '../support/synth';
import { freePort, Servers } from '../support/servers';
import { describeWithEngines } from '../support/toolchain';

const PROBES: RuleGroup = {
  name: 'pipeline-probe',
  rules: [
    { alert: 'PipelineProbeCritical', expr: 'vector(1)', severity: 'critical', summary: 'probe', description: 'critical probe' },
    { alert: 'PipelineProbeWarning', expr: 'vector(1)', severity: 'warning', summary: 'probe', description: 'warning probe' },
    { alert: 'PipelineProbeInfo', expr: 'vector(1)', severity: 'info', summary: 'probe', description: 'info probe' },
  ],
};
/** Where people would open each server; the paths prove the servers still answer at `/`. */
const EXTERNAL_URLS = { prometheus: 'https://ops.example.test/prometheus', alertmanager: 'https://ops.example.test/alertmanager' };
const SMTP_USER = 'alerts@agentplatform.com';

const REMOTE_WRITE: RemoteWriteTarget = {
  name: 'long-term',
  url: 'http://long-term-store.test:19291/api/v1/push',
  headers: { 'X-Scope-OrgID': 'agent-platform' },
  auth: { type: 'bearer', tokenSecret: { name: 'remote-write-credentials', key: 'token' } },
  queue: { batchSendDeadline: '1s' },
};
const REPLICAS = 2;
const HEARTBEAT_INTERVAL = '1s';

const base = configFor('dev');
const config: EnvironmentConfig = {
  ...base,
  prometheus: {
    ...base.prometheus,
    replicas: REPLICAS,
    remoteWrite: [REMOTE_WRITE],
    externalUrl: EXTERNAL_URLS.prometheus,
    podDiscovery: { namespaces: [base.namespaces.platform, 'team-a'] },
  },
  alertmanager: {
    ...base.alertmanager,
    replicas: REPLICAS,
    externalUrl: EXTERNAL_URLS.alertmanager,
    deadMansSwitch: { enabled: true, repeatInterval: HEARTBEAT_INTERVAL },
    notifications: { ...base.alertmanager.notifications, smtpAuth: { username: SMTP_USER } },
  },
  alerting: { ...base.alerting, extraGroups: [PROBES] },
};
const { objects } = synth('pipeline', config);
const ns = config.namespaces.monitoring;
const apiTemplate = find(objects, 'Deployment', 'agent-platform-api', config.namespaces.platform).spec.template;
const promTemplate = find(objects, 'StatefulSet', 'prometheus', ns).spec.template;
const promContainer = promTemplate.spec.containers.find((c: any) => c.name === 'prometheus');
const amContainer = find(objects, 'StatefulSet', 'alertmanager', ns).spec.template.spec.containers[0];

const servers = new Servers();
const received: { path: string; body: string; headers: http.IncomingHttpHeaders; at: number }[] = [];
let stub: http.Server;
/** What the SMTP stub was told in each session that delivered a message. */
const mails: { auth: string; from: string; to: string[]; data: string; at: number }[] = [];
let smtp: net.Server;
let root: string;
/** Each replica's URL: prometheus-0 and prometheus-1, alertmanager-0 and alertmanager-1. */
let promUrls: string[];
let amUrls: string[];
let promUrl: string;

async function getJson(url: string): Promise<any> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** A pod as Kubernetes discovery would describe one of its container ports. */
function discovered(
  address: string,
  meta: { namespace: string; pod: string; labels: Record<string, string>; container: string; port: string; phase: string; annotations?: Record<string, string> },
) {
  const labels: Record<string, string> = {
    __meta_kubernetes_namespace: meta.namespace,
    __meta_kubernetes_pod_name: meta.pod,
    __meta_kubernetes_pod_container_name: meta.container,
    __meta_kubernetes_pod_container_port_name: meta.port,
    __meta_kubernetes_pod_phase: meta.phase,
    __meta_kubernetes_pod_node_name: 'node-a',
    __meta_kubernetes_pod_ready: meta.phase === 'Running' ? 'true' : 'false',
  };
  for (const [k, v] of Object.entries(meta.labels)) {
    const name = k.replace(/[^a-zA-Z0-9_]/g, '_');
    labels[`__meta_kubernetes_pod_label_${name}`] = v;
    labels[`__meta_kubernetes_pod_labelpresent_${name}`] = 'true';
  }
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    const name = k.replace(/[^a-zA-Z0-9_]/g, '_');
    labels[`__meta_kubernetes_pod_annotation_${name}`] = v;
    labels[`__meta_kubernetes_pod_annotationpresent_${name}`] = 'true';
  }
  return { targets: [address], labels };
}

/**
 * The generated command line with what only a cluster has (paths, listen addresses, peer names,
 * the pod IP) swapped for local ones; every other flag is passed as generated.
 */
function localArgs(generated: readonly string[], swap: Record<string, (value: string) => string>): string[] {
  return generated.map((arg) => {
    const [flag, ...rest] = arg.split('=');
    return swap[flag] ? `${flag}=${swap[flag](rest.join('='))}` : arg;
  });
}

/** The environment the pod's downward API would give a replica: its name wherever the pod name is asked for. */
function podEnv(container: any, podName: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.name') env[e.name] = podName;
  return env;
}

const smtpSockets = new Set<net.Socket>();

/**
 * One SMTP session with a relay that offers AUTH PLAIN without TLS (Go's SMTP client allows that on
 * loopback only), accepts every command and records the login, envelope and message.
 */
function smtpSession(socket: net.Socket): void {
  smtpSockets.add(socket);
  socket.on('close', () => smtpSockets.delete(socket));
  socket.on('error', () => undefined);
  const session = { auth: '', from: '', to: [] as string[] };
  let buffer = '';
  let inData = false;
  socket.write('220 smtp-stub ESMTP\r\n');
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    for (;;) {
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        mails.push({ ...session, data: buffer.slice(0, end), at: Date.now() });
        buffer = buffer.slice(end + 5);
        inData = false;
        socket.write('250 queued\r\n');
        continue;
      }
      const eol = buffer.indexOf('\r\n');
      if (eol < 0) return;
      const line = buffer.slice(0, eol);
      buffer = buffer.slice(eol + 2);
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') socket.write('250-smtp-stub\r\n250 AUTH PLAIN\r\n');
      else if (verb === 'AUTH') {
        session.auth = line;
        socket.write('235 accepted\r\n');
      } else if (verb === 'MAIL') {
        session.from = line;
        socket.write('250 ok\r\n');
      } else if (verb === 'RCPT') {
        session.to.push(line);
        socket.write('250 ok\r\n');
      } else if (verb === 'DATA') {
        inData = true;
        socket.write('354 go ahead\r\n');
      } else if (verb === 'QUIT') {
        socket.end('221 bye\r\n');
        return;
      } else socket.write('250 ok\r\n');
    }
  });
}

/** A quoted-printable MIME body as text: soft line breaks joined, `=XX` escapes decoded. */
function quotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function sleepUntil(time: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));
}

/** The metric names an expression's selectors read. */
function metricNames(expr: string): string[] {
  const names: string[] = [];
  const visit = (node: SyntaxNode) => {
    if (node.type.name === 'VectorSelector' && node.firstChild?.type.name === 'Identifier') names.push(expr.slice(node.firstChild.from, node.firstChild.to));
    for (let child = node.firstChild; child; child = child.nextSibling) visit(child);
  };
  visit(promqlTree(expr));
  return names;
}

/** Every metric name the generated rule group `group` reads. */
function groupMetricNames(group: string): string[] {
  const files = objects
    .filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('prometheus-rules-'))
    .flatMap((cm) => Object.values(cm.data as Record<string, string>).map((text) => yaml.load(text) as { groups: { name: string; rules: { expr: string }[] }[] }));
  const rules = files.flatMap((f) => f.groups).find((g) => g.name === group)?.rules;
  if (!rules) throw new Error(`rule group ${group} is not generated`);
  return [...new Set(rules.flatMap((r) => metricNames(r.expr)))].sort();
}

/** Those of `names` that the server's `/metrics` does not expose. */
async function missingFrom(url: string, names: readonly string[]): Promise<string[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const exposed = new Set(text.split('\n').filter((line) => !line.startsWith('#') && line.trim() !== '').map((line) => line.split(/[{ ]/)[0]));
  return names.filter((name) => !exposed.has(name));
}

async function metric(url: string, name: string): Promise<{ labels: string; value: number }[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => ({ labels: line.slice(name.length, line.lastIndexOf(' ')), value: Number(line.slice(line.lastIndexOf(' ') + 1)) }));
}

describeWithEngines('alert pipeline on the real Prometheus and Alertmanager', ['prometheus', 'alertmanager'], () => {
  beforeAll(async () => {
    const ports = await Promise.all(Array.from({ length: 3 * REPLICAS }, () => freePort()));
    const [promPorts, amPorts, meshPorts] = [ports.slice(0, REPLICAS), ports.slice(REPLICAS, 2 * REPLICAS), ports.slice(2 * REPLICAS)];
    stub = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('latin1');
        if (req.url === '/metrics') {
          res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
          res.end('# TYPE http_requests_total counter\nhttp_requests_total{method="GET",endpoint="/agents",status="200"} 7\n');
          return;
        }
        received.push({ path: req.url ?? '', body, headers: req.headers, at: Date.now() });
        // Answer as each service does: Alertmanager 0.33 reads a JSON answer from Slack as the
        // chat.postMessage API's (no `"ok": true` = failed, retried), while an incoming webhook says `ok`.
        if (req.url === '/slack') {
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.end('ok');
          return;
        }
        res.writeHead(202, { 'Content-Type': 'application/json' });
        res.end('{"status":"success","message":"Event processed"}');
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const stubAddress = `127.0.0.1:${(stub.address() as net.AddressInfo).port}`;
    smtp = net.createServer(smtpSession);
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpAddress = `127.0.0.1:${(smtp.address() as net.AddressInfo).port}`;

    const pod = layOutPrometheusPod(objects, ns, (job) => ({ file_sd_configs: [{ files: [`/sd/${job.job_name}.json`] }] }));
    root = pod.root;
    const rulesDir = path.dirname(pod.config.rule_files[0]);
    for (const file of pod.ruleFiles) {
      const rules = yaml.load(fs.readFileSync(path.join(rulesDir, file), 'utf8')) as { groups: { interval?: string }[] };
      if (!rules.groups.some((g) => g.interval)) continue;
      fs.writeFileSync(path.join(rulesDir, file), yaml.dump({ groups: rules.groups.map((g) => (g.interval ? { ...g, interval: '1s' } : g)) }, { lineWidth: -1 }));
    }
    const apiPod = { namespace: config.namespaces.platform, labels: apiTemplate.metadata.labels, container: 'api', port: 'http', phase: 'Running' };
    const sd: Record<string, object[]> = {
      api: [
        discovered(stubAddress, { ...apiPod, pod: 'agent-platform-api-5c9d-kept' }),
        discovered('127.0.0.1:1', { ...apiPod, pod: 'agent-platform-api-5c9d-debug-port', port: 'debug' }),
        discovered('127.0.0.1:2', { ...apiPod, pod: 'agent-platform-api-5c9d-completed', phase: 'Succeeded' }),
        discovered('127.0.0.1:3', { ...apiPod, pod: 'redis-0', labels: { 'app.kubernetes.io/name': 'redis' }, container: 'redis', port: 'http' }),
        discovered('127.0.0.1:4', { ...apiPod, pod: 'agent-platform-api-5c9d-elsewhere', namespace: 'sandbox' }),
      ],
    };
    // Discovery gives every container port of a pod to every job: each keeps only its own port.
    const promPod = { namespace: ns, labels: promTemplate.metadata.labels, pod: 'prometheus-0', phase: 'Running' };
    const prometheusPod = [
      discovered(`127.0.0.1:${promPorts[0]}`, { ...promPod, container: 'prometheus', port: 'web' }),
      // The stub stands in for the config-reloader sidecar's metrics.
      discovered(stubAddress, { ...promPod, container: 'config-reloader', port: 'reloader-web' }),
    ];
    sd.prometheus = prometheusPod;
    // Pods that opt in, and pods that do not: label, named port, namespace, phase, or a job of their own.
    const optIn = { [POD_DISCOVERY_DEFAULTS.label]: 'true' };
    const worker = { namespace: 'team-a', labels: { ...optIn, 'app.kubernetes.io/name': 'worker' }, container: 'worker', port: POD_DISCOVERY_DEFAULTS.port, phase: 'Running' };
    sd[POD_DISCOVERY_JOB] = [
      discovered(stubAddress, { ...worker, pod: 'worker-6d5f-kept' }),
      discovered('127.0.0.1:5', {
        ...worker,
        namespace: config.namespaces.platform,
        pod: 'batch-7f9c-kept-unnamed',
        labels: optIn,
        container: 'batch',
        annotations: { [POD_DISCOVERY_DEFAULTS.pathAnnotation]: '/custom/metrics' },
      }),
      discovered('127.0.0.1:6', { ...worker, pod: 'worker-6d5f-no-label', labels: { 'app.kubernetes.io/name': 'worker' } }),
      discovered('127.0.0.1:7', { ...worker, pod: 'worker-6d5f-opted-out', labels: { ...worker.labels, [POD_DISCOVERY_DEFAULTS.label]: 'false' } }),
      discovered('127.0.0.1:8', { ...worker, pod: 'worker-6d5f-other-port', port: 'http' }),
      discovered('127.0.0.1:9', { ...worker, pod: 'worker-6d5f-elsewhere', namespace: 'sandbox' }),
      discovered('127.0.0.1:10', { ...worker, pod: 'worker-6d5f-completed', phase: 'Succeeded' }),
      // The API has its job "api": opting in must not scrape it a second time.
      discovered('127.0.0.1:11', { ...apiPod, pod: 'agent-platform-api-5c9d-opted-in', labels: { ...apiPod.labels, ...optIn }, port: POD_DISCOVERY_DEFAULTS.port }),
    ];
    sd[PROMETHEUS_RELOADER_SCRAPE.job] = prometheusPod;
    fs.mkdirSync(path.join(root, 'sd'));
    for (const job of pod.config.scrape_configs) fs.writeFileSync(path.join(root, 'sd', `${job.job_name}.json`), JSON.stringify(sd[job.job_name] ?? []));
    const [remoteWrite] = pod.config.remote_write!;
    fs.mkdirSync(path.dirname(remoteWrite.authorization!.credentials_file), { recursive: true });
    fs.writeFileSync(remoteWrite.authorization!.credentials_file, 'test-remote-write-token\n');
    const promConfig = {
      ...pod.config,
      global: { ...pod.config.global, scrape_interval: '1s', evaluation_interval: '1s' },
      alerting: { ...pod.config.alerting, alertmanagers: [{ static_configs: [{ targets: amPorts.map((port) => `127.0.0.1:${port}`) }] }] },
      remote_write: [{ ...remoteWrite, url: `http://${stubAddress}/api/v1/push` }],
    };
    fs.writeFileSync(pod.configPath, yaml.dump(promConfig, { lineWidth: -1 }));

    const amText: string = find(objects, 'ConfigMap', 'alertmanager-config', ns).data[ALERTMANAGER_PATHS.configFile];
    const am = yaml.load(amText) as AlertmanagerConfigFile;
    const secrets = path.join(root, ALERTMANAGER_PATHS.secretsDir);
    fs.mkdirSync(secrets, { recursive: true });
    fs.writeFileSync(path.join(secrets, ALERTMANAGER_SECRET.keys.pagerdutyRoutingKey), 'test-routing-key\n');
    fs.writeFileSync(path.join(secrets, ALERTMANAGER_SECRET.keys.slackWebhookUrl), `http://${stubAddress}/slack\n`);
    fs.writeFileSync(path.join(secrets, ALERTMANAGER_SECRET.keys.heartbeatUrl), `http://${stubAddress}/heartbeat\n`);
    // With a final newline, as `kubectl create secret --from-file` of an edited file has it:
    // Alertmanager (0.27 and later) trims the white space around the password it reads.
    fs.writeFileSync(path.join(secrets, ALERTMANAGER_SECRET.keys.smtpPassword), 'test-smtp-password\n');
    const amConfig = {
      ...am,
      global: {
        ...am.global,
        smtp_smarthost: smtpAddress,
        smtp_require_tls: false,
        smtp_auth_password_file: path.join(root, am.global.smtp_auth_password_file!),
      },
      route: { ...am.route, group_wait: '1s', group_interval: '1s' },
      receivers: am.receivers.map((r) => ({
        ...r,
        ...(r.pagerduty_configs
          ? { pagerduty_configs: r.pagerduty_configs.map((c) => ({ ...c, routing_key_file: path.join(root, c.routing_key_file), url: `http://${stubAddress}/pagerduty` })) }
          : {}),
        ...(r.slack_configs ? { slack_configs: r.slack_configs.map((c) => ({ ...c, api_url_file: path.join(root, c.api_url_file) })) } : {}),
        ...(r.webhook_configs ? { webhook_configs: r.webhook_configs.map((c) => ({ ...c, url_file: path.join(root, c.url_file) })) } : {}),
      })),
    };
    const amConfigPath = path.join(root, 'alertmanager.yml');
    fs.writeFileSync(amConfigPath, yaml.dump(amConfig, { lineWidth: -1 }));

    // Each generated peer is a replica's stable name; replica n listens on meshPorts[n].
    const peers = (amContainer.args as string[]).filter((a) => a.startsWith('--cluster.peer=')).map((a) => a.slice('--cluster.peer='.length));
    for (let i = 0; i < REPLICAS; i++) {
      const mesh = () => `127.0.0.1:${meshPorts[i]}`;
      servers.start(
        `alertmanager-${i}`,
        'alertmanager',
        [
          ...localArgs(amContainer.args, {
            '--config.file': () => amConfigPath,
            '--storage.path': () => path.join(root, `alertmanager-${i}-data`),
            '--web.listen-address': () => `127.0.0.1:${amPorts[i]}`,
            '--cluster.listen-address': mesh,
            '--cluster.advertise-address': mesh,
            '--cluster.peer': (peer) => `127.0.0.1:${meshPorts[peers.indexOf(peer)]}`,
          }),
          '--cluster.gossip-interval=50ms',
          '--cluster.peer-timeout=1s',
        ],
      );
      servers.start(
        `prometheus-${i}`,
        'prometheus',
        [
          ...localArgs(promContainer.args, {
            '--config.file': () => pod.configPath,
            '--storage.tsdb.path': () => path.join(root, `prometheus-${i}-data`),
            '--web.listen-address': () => `127.0.0.1:${promPorts[i]}`,
          }),
          '--rules.alert.resend-delay=1s',
        ],
        podEnv(promContainer, `prometheus-${i}`),
      );
    }
    promUrls = promPorts.map((port) => `http://127.0.0.1:${port}`);
    amUrls = amPorts.map((port) => `http://127.0.0.1:${port}`);
    promUrl = promUrls[0];
    await Promise.all(
      [...promUrls, ...amUrls].map((url) => servers.waitFor(`${url} ready`, async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined))),
    );
  }, 30_000);

  afterAll(async () => {
    // A clustered Alertmanager spends up to 10 s announcing its leave; nothing here needs a clean exit.
    await servers.stopAll(500);
    await new Promise<void>((resolve) => (stub ? stub.close(() => resolve()) : resolve()));
    for (const socket of smtpSockets) socket.destroy();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('every rule group loads', async () => {
    const expected = objects
      .filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('prometheus-rules-'))
      .flatMap((cm) => Object.values(cm.data as Record<string, string>).map((text) => (yaml.load(text) as { groups: { name: string }[] }).groups[0].name))
      .sort();
    expect(expected).toEqual(expect.arrayContaining(['infrastructure-alerts', 'pipeline-probe', 'platform-alerts', 'watchdog']));
    const groups = await servers.waitFor('rule groups', async () => {
      const data = (await getJson(`${promUrl}/api/v1/rules`)).data.groups as { name: string; rules: { health: string }[] }[];
      return data.length === expected.length && data.every((g) => g.rules.every((r) => r.health === 'ok')) ? data : undefined;
    });
    expect(groups.map((g) => g.name).sort()).toEqual(expected);
  });

  test('relabelling turns the API pod into a job="api" target with namespace and pod, and drops the others', async () => {
    const targets = await servers.waitFor('the api target scraped', async () => {
      const data = (await getJson(`${promUrl}/api/v1/targets`)).data;
      const api = data.activeTargets.filter((t: any) => t.scrapePool === 'api');
      return api.length === 1 && api[0].health === 'up' ? data : undefined;
    });
    const [kept] = targets.activeTargets.filter((t: any) => t.scrapePool === 'api');
    expect(kept.labels).toEqual({
      job: 'api',
      namespace: 'agent-platform',
      pod: 'agent-platform-api-5c9d-kept',
      container: 'api',
      node: 'node-a',
      instance: kept.discoveredLabels.__address__,
    });
    const dropped = targets.droppedTargets
      .filter((t: any) => t.discoveredLabels.job === 'api')
      .map((t: any) => t.discoveredLabels.__meta_kubernetes_pod_name)
      .sort();
    expect(dropped).toEqual(['agent-platform-api-5c9d-completed', 'agent-platform-api-5c9d-debug-port', 'agent-platform-api-5c9d-elsewhere', 'redis-0']);
  });

  test('pods that opt in get a job of their own name, keep namespace, pod, container and node, and the others are dropped', async () => {
    const targets = await servers.waitFor('the opted-in pods discovered', async () => {
      const data = (await getJson(`${promUrl}/api/v1/targets`)).data;
      const kept = data.activeTargets.filter((t: any) => t.scrapePool === POD_DISCOVERY_JOB);
      return kept.length === 2 && kept.some((t: any) => t.health === 'up') ? data : undefined;
    });
    const kept = targets.activeTargets.filter((t: any) => t.scrapePool === POD_DISCOVERY_JOB).sort((a: any, b: any) => a.labels.pod.localeCompare(b.labels.pod));
    expect(kept.map((t: any) => t.labels)).toEqual([
      // No app.kubernetes.io/name: the pod's own name.
      { job: 'agent-platform/batch-7f9c-kept-unnamed', namespace: 'agent-platform', pod: 'batch-7f9c-kept-unnamed', container: 'batch', node: 'node-a', instance: '127.0.0.1:5' },
      { job: 'team-a/worker', namespace: 'team-a', pod: 'worker-6d5f-kept', container: 'worker', node: 'node-a', instance: `127.0.0.1:${(stub.address() as net.AddressInfo).port}` },
    ]);
    expect(kept.map((t: any) => new URL(t.scrapeUrl).pathname)).toEqual(['/custom/metrics', '/metrics']);
    const up = await servers.waitFor('the worker scraped', async () => {
      const series = (await getJson(`${promUrl}/api/v1/query?query=${encodeURIComponent('up{job="team-a/worker"}')}`)).data.result;
      return series.length === 1 ? series : undefined;
    });
    expect(up[0].value[1]).toBe('1');
    const dropped = targets.droppedTargets
      .filter((t: any) => t.discoveredLabels.job === POD_DISCOVERY_JOB)
      .map((t: any) => t.discoveredLabels.__meta_kubernetes_pod_name)
      .sort();
    expect(dropped).toEqual([
      'agent-platform-api-5c9d-opted-in',
      'worker-6d5f-completed',
      'worker-6d5f-elsewhere',
      'worker-6d5f-no-label',
      'worker-6d5f-opted-out',
      'worker-6d5f-other-port',
    ]);
  });

  test("relabelling keeps Prometheus's web port for job prometheus and its sidecar's port for the config-reloader job", async () => {
    const targets = await servers.waitFor('both jobs of the Prometheus pod scraped', async () => {
      const data = (await getJson(`${promUrl}/api/v1/targets`)).data;
      const own = data.activeTargets.filter((t: any) => t.scrapePool === 'prometheus' || t.scrapePool === PROMETHEUS_RELOADER_SCRAPE.job);
      return own.length === 2 && own.every((t: any) => t.health === 'up') ? data : undefined;
    });
    const labelsOf = (pool: string) => targets.activeTargets.filter((t: any) => t.scrapePool === pool).map((t: any) => t.labels);
    const pod = { namespace: ns, pod: 'prometheus-0', node: 'node-a' };
    expect(labelsOf('prometheus')).toEqual([{ ...pod, job: 'prometheus', container: 'prometheus', instance: new URL(promUrl).host }]);
    expect(labelsOf(PROMETHEUS_RELOADER_SCRAPE.job)).toEqual([
      { ...pod, job: PROMETHEUS_RELOADER_SCRAPE.job, container: 'config-reloader', instance: `127.0.0.1:${(stub.address() as net.AddressInfo).port}` },
    ]);
    const dropped = (pool: string) =>
      targets.droppedTargets.filter((t: any) => t.discoveredLabels.job === pool).map((t: any) => t.discoveredLabels.__meta_kubernetes_pod_container_port_name);
    expect(dropped('prometheus')).toEqual(['reloader-web']);
    expect(dropped(PROMETHEUS_RELOADER_SCRAPE.job)).toEqual(['web']);
  });

  test('every metric the Prometheus and Alertmanager alerts read is one the real servers expose', async () => {
    // `up` is written by Prometheus for each scrape, not exposed on /metrics: it is in its TSDB.
    // reloader_* come from the config-reloader sidecar, which the toolchain does not run.
    const elsewhere = ['up', 'reloader_last_reload_successful'];
    const prometheusNames = [...groupMetricNames('prometheus-alerts'), ...groupMetricNames('prometheus-remote-write-alerts')].filter((n) => !elsewhere.includes(n));
    const alertmanagerNames = groupMetricNames('alertmanager-alerts');
    expect(prometheusNames.length).toBeGreaterThanOrEqual(14);
    expect(alertmanagerNames.length).toBeGreaterThanOrEqual(6);
    // Some appear once something happened: notification series once an Alertmanager is discovered.
    const missing = await servers
      .waitFor('every metric exposed', async () => {
        const lists = await Promise.all([missingFrom(promUrl, prometheusNames), missingFrom(amUrls[0], alertmanagerNames)]);
        return lists.every((l) => l.length === 0) ? lists : undefined;
      })
      .catch(async () => Promise.all([missingFrom(promUrl, prometheusNames), missingFrom(amUrls[0], alertmanagerNames)]));
    expect(missing).toEqual([[], []]);
    const up = await getJson(`${promUrl}/api/v1/series?match[]=${encodeURIComponent('up{job="api"}')}`);
    expect(up.data.length).toBeGreaterThan(0);
    expect(groupMetricNames('prometheus-alerts')).toEqual(expect.arrayContaining(elsewhere));
  });

  test('each Prometheus replica labels what it sends with its own pod name', async () => {
    for (const [i, url] of promUrls.entries()) {
      const text = await servers.waitFor(`federated series of prometheus-${i}`, async () => {
        const body = await (await fetch(`${url}/federate?match[]=${encodeURIComponent('up{job="api"}')}`)).text();
        return body.includes('up{') ? body : undefined;
      });
      expect(text).toContain(`replica="prometheus-${i}"`);
      expect(text).toContain(`cluster="${config.cluster}"`);
    }
  });

  test('the Alertmanager replicas form one cluster with as many peers as replicas', async () => {
    for (const url of amUrls) {
      const status = await servers.waitFor(`${url} cluster ready`, async () => {
        const body = await getJson(`${url}/api/v2/status`);
        return body.cluster.status === 'ready' ? body : undefined;
      });
      expect(status.cluster.peers).toHaveLength(REPLICAS);
      expect(new Set(status.cluster.peers.map((p: any) => p.address)).size).toBe(REPLICAS);
    }
  });

  test('the Watchdog reaches Alertmanager once from both Prometheus replicas, with the external labels but not the replica, and goes to the heartbeat receiver only', async () => {
    // Once a replica has discovered both Alertmanagers, it sends every firing alert to both within
    // its resend delay plus one evaluation (2 s here): after that, both replicas' copies have arrived.
    await servers.waitFor('every Prometheus replica sending to every Alertmanager replica', async () => {
      const discovered = await Promise.all(promUrls.map((url) => metric(url, 'prometheus_notifications_alertmanagers_discovered')));
      return discovered.every((series) => series[0]?.value === REPLICAS) ? true : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    for (const url of amUrls) {
      const alerts = await getJson(`${url}/api/v2/alerts?filter=${encodeURIComponent('alertname="Watchdog"')}`);
      expect(alerts).toHaveLength(1);
      expect(alerts[0].labels).toEqual({ alertname: 'Watchdog', severity: 'info', cluster: config.cluster, environment: config.name });
      expect(alerts[0].receivers.map((r: any) => r.name)).toEqual(['heartbeat']);
    }
  });

  test("the dead man's switch service gets the Watchdog again and again, and nothing else", async () => {
    const heartbeats = () => received.filter((r) => r.path === '/heartbeat');
    // Two heartbeats a full interval apart: a repeat, not the two replicas' copies of one.
    await servers.waitFor('a repeated heartbeat', async () => {
      const all = heartbeats();
      return all.length >= 2 && all[all.length - 1].at - all[0].at >= 1000 ? true : undefined;
    });
    for (const heartbeat of heartbeats()) {
      const body = JSON.parse(heartbeat.body);
      expect(body.receiver).toBe('heartbeat');
      expect(body.status).toBe('firing');
      expect(body.alerts.map((a: any) => `${a.labels.alertname} ${a.status}`)).toEqual(['Watchdog firing']);
    }
  });

  test('a critical alert is delivered to PagerDuty and a warning to Slack, each only there and only once', async () => {
    const [pagerduty, slack] = await Promise.all([
      servers.waitFor('PagerDuty notification', async () => received.find((r) => r.path === '/pagerduty')),
      servers.waitFor('Slack notification', async () => received.find((r) => r.path === '/slack')),
    ]);
    const event = JSON.parse(pagerduty.body);
    expect(event.routing_key).toBe('test-routing-key');
    expect(event.event_action).toBe('trigger');
    expect(event.payload.severity).toBe('critical');
    expect(event.payload.summary).toContain('PipelineProbeCritical');
    const message = JSON.parse(slack.body);
    expect(message.channel).toBe('#alerts');
    expect(message.attachments[0].title).toBe('PipelineProbeWarning');
    expect(message.attachments[0].text).toBe('warning probe');
    // The second Alertmanager replica waits one peer timeout (1s here) before it would send what the
    // first has not; twice that after the first notification, a duplicate would have arrived.
    await sleepUntil(Math.max(pagerduty.at, slack.at) + 2000);
    expect(received.filter((r) => r.path === '/pagerduty')).toHaveLength(1);
    expect(received.filter((r) => r.path === '/slack')).toHaveLength(1);
    for (const r of received) {
      if (r.path === '/pagerduty') expect(r.body).not.toMatch(/PipelineProbeWarning|Watchdog/);
      if (r.path === '/slack') expect(r.body).not.toMatch(/PipelineProbeCritical|Watchdog/);
    }
  });

  test("the rest is emailed to the design's recipient once, logging in at the relay with the password from the Secret file", async () => {
    const isInfoProbe = (m: { data: string }) => m.data.includes('PipelineProbeInfo');
    const mail = await servers.waitFor('email notification', async () => mails.find(isInfoProbe));
    expect(Buffer.from(mail.auth.replace(/^AUTH PLAIN /, ''), 'base64').toString('latin1')).toBe(`\0${SMTP_USER}\0test-smtp-password`);
    expect(mail.from).toMatch(/^MAIL FROM:<alerts@agentplatform\.com>/);
    expect(mail.to).toEqual(['RCPT TO:<oncall@agentplatform.com>']);
    // "View in Alertmanager" opens where people reach Alertmanager.
    expect(quotedPrintable(mail.data)).toContain(`${EXTERNAL_URLS.alertmanager}/#/alerts?receiver=default`);
    await sleepUntil(mail.at + 2000);
    expect(mails.filter(isInfoProbe)).toHaveLength(1);
    expect(mails.filter((m) => /PipelineProbeCritical|PipelineProbeWarning|Watchdog/.test(m.data))).toEqual([]);
  });

  test('each replica remote-writes to the long-term store with the token from the Secret file and the configured headers', async () => {
    await servers.waitFor('bytes remote-written by each replica', async () => {
      const sent = await Promise.all(promUrls.map((url) => metric(url, 'prometheus_remote_storage_bytes_total')));
      return sent.every((series) => series.some((s) => s.labels.includes(`remote_name="${REMOTE_WRITE.name}"`) && s.value > 0)) ? true : undefined;
    });
    const writes = received.filter((r) => r.path === '/api/v1/push');
    expect(writes.length).toBeGreaterThanOrEqual(REPLICAS);
    for (const write of writes) {
      expect(write.headers.authorization).toBe('Bearer test-remote-write-token');
      expect(write.headers['x-scope-orgid']).toBe(REMOTE_WRITE.headers!['X-Scope-OrgID']);
      expect(write.headers['content-encoding']).toBe('snappy');
      expect(write.headers['x-prometheus-remote-write-version']).toBe('0.1.0');
      expect(write.body.length).toBeGreaterThan(0);
    }
  });

  test('links in notifications start with the external URLs, while both servers keep answering at /', async () => {
    const pagerduty = received.find((r) => r.path === '/pagerduty')!;
    const slack = received.find((r) => r.path === '/slack')!;
    expect(JSON.parse(pagerduty.body).client_url).toBe(`${EXTERNAL_URLS.alertmanager}/#/alerts?receiver=pagerduty-critical`);
    expect(JSON.parse(slack.body).attachments[0].title_link).toBe(`${EXTERNAL_URLS.alertmanager}/#/alerts?receiver=slack-warnings`);
    // An alert's "source" link opens its expression in Prometheus.
    const [critical] = await getJson(`${amUrls[0]}/api/v2/alerts?filter=${encodeURIComponent('alertname="PipelineProbeCritical"')}`);
    expect(critical.generatorURL.startsWith(`${EXTERNAL_URLS.prometheus}/graph?g0.expr=`)).toBe(true);
    // The probes answered at / before any test ran; the reloader's endpoint does too.
    for (const url of promUrls) expect((await fetch(`${url}/-/reload`, { method: 'POST' })).status).toBe(200);
    for (const url of amUrls) expect((await fetch(`${url}/-/healthy`)).status).toBe(200);
  });
});
