/**
 * The alert pipeline end to end with the real binaries (Debian's `prometheus` 2.42 and
 * `prometheus-alertmanager` 0.25) on loopback, running the generated configs.
 *
 * Test-only changes to the generated configs, and why:
 * - Kubernetes discovery → file discovery whose targets carry the `__meta_kubernetes_*` labels a
 *   cluster would give (Debian builds Prometheus without Kubernetes discovery). The relabelling is
 *   the generated one, unchanged.
 * - Alertmanager address → 127.0.0.1 (the cluster DNS name of the headless Service does not resolve here).
 * - Scrape and evaluation interval 1s, alert resend delay 1s, Alertmanager group_wait and
 *   group_interval 1s: the defaults (30s, 30s, 1m, 30s, 5m) would take minutes. The resend delay
 *   matters because Prometheus evaluates rules before its Alertmanager discovery (5s cycle) has
 *   found anyone to send to, and would otherwise resend the first alerts only after a minute.
 * - Paths of mounted files → a temp root; the Secret's files hold a test key and the URL of a local
 *   server standing in for Slack; PagerDuty's `url` (default: PagerDuty's API) points at it too.
 * - An extra rule group, added through the environment's `alerting.extraGroups`, with one critical
 *   and one warning alert that always fire.
 * Email (the default receiver) is left unreached: no alert of this run routes there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { ALERTMANAGER_PATHS, ALERTMANAGER_SECRET, type AlertmanagerConfigFile } from '../../constructs/alertmanager';
import type { RuleGroup } from '../../rules';
import { layOutPrometheusPod } from '../support/prometheus-files';
import { configFor, find, synth } from '../support/synth';

const PROBES: RuleGroup = {
  name: 'pipeline-probe',
  rules: [
    { alert: 'PipelineProbeCritical', expr: 'vector(1)', severity: 'critical', summary: 'probe', description: 'critical probe' },
    { alert: 'PipelineProbeWarning', expr: 'vector(1)', severity: 'warning', summary: 'probe', description: 'warning probe' },
  ],
};

const base = configFor('dev');
const config = { ...base, alerting: { ...base.alerting, extraGroups: [PROBES] } };
const { objects } = synth('pipeline', config);
const ns = config.namespaces.monitoring;
const apiTemplate = find(objects, 'Deployment', 'agent-platform-api', config.namespaces.platform).spec.template;

const children: ChildProcess[] = [];
const received: { path: string; body: string }[] = [];
let stub: http.Server;
let root: string;
let promUrl: string;
let amUrl: string;
const logs: Record<string, string> = { prometheus: '', alertmanager: '' };

function killAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.on('exit', killAll);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function start(name: 'prometheus' | 'alertmanager', binary: string, args: string[]): void {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.on('error', (error) => {
    logs[name] += `\n${binary} could not start: ${error.message}. Install it with: apt-get install -y prometheus prometheus-alertmanager`;
  });
  const keep = (chunk: Buffer) => {
    logs[name] = (logs[name] + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  children.push(child);
}

async function getJson(url: string): Promise<any> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** Polls until `check` returns a value other than undefined, or fails after the deadline with what it last saw. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what} (last: ${String(last)})\nprometheus log:\n${logs.prometheus}\nalertmanager log:\n${logs.alertmanager}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A pod as Kubernetes discovery would describe one of its container ports. */
function discovered(address: string, meta: { namespace: string; pod: string; labels: Record<string, string>; container: string; port: string; phase: string }) {
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
  return { targets: [address], labels };
}

beforeAll(async () => {
  const [promPort, amPort] = await Promise.all([freePort(), freePort()]);
  stub = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/metrics') {
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
        res.end('# TYPE http_requests_total counter\nhttp_requests_total{method="GET",endpoint="/agents",status="200"} 7\n');
        return;
      }
      received.push({ path: req.url ?? '', body });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"success"}');
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const stubAddress = `127.0.0.1:${(stub.address() as net.AddressInfo).port}`;

  const pod = layOutPrometheusPod(objects, ns, (job) => ({ file_sd_configs: [{ files: [`/sd/${job.job_name}.json`] }] }));
  root = pod.root;
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
  fs.mkdirSync(path.join(root, 'sd'));
  for (const job of pod.config.scrape_configs) fs.writeFileSync(path.join(root, 'sd', `${job.job_name}.json`), JSON.stringify(sd[job.job_name] ?? []));
  const promConfig = {
    ...pod.config,
    global: { ...pod.config.global, scrape_interval: '1s', evaluation_interval: '1s' },
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
  };
  fs.writeFileSync(pod.configPath, yaml.dump(promConfig, { lineWidth: -1 }));

  const amText: string = find(objects, 'ConfigMap', 'alertmanager-config', ns).data[ALERTMANAGER_PATHS.configFile];
  const am = yaml.load(amText) as AlertmanagerConfigFile;
  const secrets = path.join(root, ALERTMANAGER_PATHS.secretsDir);
  fs.mkdirSync(secrets, { recursive: true });
  fs.writeFileSync(path.join(secrets, ALERTMANAGER_SECRET.keys.pagerdutyRoutingKey), 'test-routing-key\n');
  fs.writeFileSync(path.join(secrets, ALERTMANAGER_SECRET.keys.slackWebhookUrl), `http://${stubAddress}/slack\n`);
  const amConfig = {
    ...am,
    route: { ...am.route, group_wait: '1s', group_interval: '1s' },
    receivers: am.receivers.map((r) => ({
      ...r,
      ...(r.pagerduty_configs
        ? { pagerduty_configs: r.pagerduty_configs.map((c) => ({ ...c, routing_key_file: path.join(root, c.routing_key_file), url: `http://${stubAddress}/pagerduty` })) }
        : {}),
      ...(r.slack_configs ? { slack_configs: r.slack_configs.map((c) => ({ ...c, api_url_file: path.join(root, c.api_url_file) })) } : {}),
    })),
  };
  const amConfigPath = path.join(root, 'alertmanager.yml');
  fs.writeFileSync(amConfigPath, yaml.dump(amConfig, { lineWidth: -1 }));

  start('alertmanager', 'prometheus-alertmanager', [
    `--config.file=${amConfigPath}`,
    `--storage.path=${path.join(root, 'alertmanager-data')}`,
    `--web.listen-address=127.0.0.1:${amPort}`,
    '--cluster.listen-address=',
  ]);
  start('prometheus', 'prometheus', [
    `--config.file=${pod.configPath}`,
    `--storage.tsdb.path=${path.join(root, 'prometheus-data')}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
    '--web.enable-lifecycle',
    '--rules.alert.resend-delay=1s',
  ]);
  promUrl = `http://127.0.0.1:${promPort}`;
  amUrl = `http://127.0.0.1:${amPort}`;
  await Promise.all([
    waitFor('Prometheus ready', async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined)),
    waitFor('Alertmanager ready', async () => ((await fetch(`${amUrl}/-/ready`)).ok ? true : undefined)),
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await new Promise<void>((resolve) => (stub ? stub.close(() => resolve()) : resolve()));
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('every rule group loads', async () => {
  const expected = objects
    .filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('prometheus-rules-'))
    .flatMap((cm) => Object.values(cm.data as Record<string, string>).map((text) => (yaml.load(text) as { groups: { name: string }[] }).groups[0].name))
    .sort();
  expect(expected).toEqual(expect.arrayContaining(['infrastructure-alerts', 'pipeline-probe', 'platform-alerts', 'watchdog']));
  const groups = await waitFor('rule groups', async () => {
    const data = (await getJson(`${promUrl}/api/v1/rules`)).data.groups as { name: string; rules: { health: string }[] }[];
    return data.length === expected.length && data.every((g) => g.rules.every((r) => r.health === 'ok')) ? data : undefined;
  });
  expect(groups.map((g) => g.name).sort()).toEqual(expected);
});

test('relabelling turns the API pod into a job="api" target with namespace and pod, and drops the others', async () => {
  const targets = await waitFor('the api target scraped', async () => {
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

test('the Watchdog reaches Alertmanager with the external labels, and notifies no one', async () => {
  const alerts = await waitFor('Watchdog in Alertmanager', async () => {
    const list = await getJson(`${amUrl}/api/v2/alerts?filter=${encodeURIComponent('alertname="Watchdog"')}`);
    return list.length > 0 ? list : undefined;
  });
  expect(alerts[0].labels).toEqual({ alertname: 'Watchdog', severity: 'info', cluster: config.cluster, environment: config.name });
  expect(alerts[0].receivers.map((r: any) => r.name)).toEqual(['watchdog']);
});

test('a critical alert is delivered to PagerDuty and a warning to Slack, each only there', async () => {
  const [pagerduty, slack] = await Promise.all([
    waitFor('PagerDuty notification', async () => received.find((r) => r.path === '/pagerduty')),
    waitFor('Slack notification', async () => received.find((r) => r.path === '/slack')),
  ]);
  const event = JSON.parse(pagerduty.body);
  expect(event.routing_key).toBe('test-routing-key');
  expect(event.event_action).toBe('trigger');
  expect(event.payload.severity).toBe('critical');
  expect(event.payload.summary).toContain('PipelineProbeCritical');
  const message = JSON.parse(slack.body);
  expect(message.channel).toBe(config.alertmanager.notifications.slackChannel);
  expect(message.attachments[0].title).toBe('PipelineProbeWarning');
  expect(message.attachments[0].text).toBe('warning probe');
  for (const r of received) {
    if (r.path === '/pagerduty') expect(r.body).not.toMatch(/PipelineProbeWarning|Watchdog/);
    if (r.path === '/slack') expect(r.body).not.toMatch(/PipelineProbeCritical|Watchdog/);
  }
});
