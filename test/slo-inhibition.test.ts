/**
 * The toolchain's Alertmanager with the generated config: a page of one
 * SLO's ErrorBudgetBurn mutes that SLO's ticket, and leaves the tickets of the other SLOs alone.
 * The design's inhibition (equal on alertname only) runs next to it to show what it would mute.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { ALERTMANAGER_PATHS, type AlertmanagerConfigFile } from '../constructs/alertmanager';
import { find, synth } from './support/synth';
import { freePort, Servers } from './support/servers';
import { describeWithEngines } from './support/toolchain';

const servers = new Servers();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'am-inhibit-'));

/** Starts one Alertmanager on a config file and returns its URL once it is ready. */
async function alertmanager(name: string, config: AlertmanagerConfigFile): Promise<string> {
  const file = path.join(root, `${name}.yml`);
  fs.writeFileSync(file, yaml.dump(config, { lineWidth: -1 }));
  const port = await freePort();
  servers.start(name, 'alertmanager', [
    `--config.file=${file}`,
    `--storage.path=${path.join(root, `${name}-data`)}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ]);
  const url = `http://127.0.0.1:${port}`;
  return servers.waitFor(`${name} ready`, async () => ((await fetch(`${url}/-/ready`)).ok ? url : undefined), 10_000, 100);
}

const burn = (slo: string, severity: string, long: string, short: string) => ({
  labels: { alertname: 'ErrorBudgetBurn', slo, long, short, severity },
  annotations: { summary: `${slo} burning` },
  startsAt: new Date().toISOString(),
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
});
const ALERTS = [burn('api-latency', 'critical', '1h', '5m'), burn('api-latency', 'warning', '1d', '2h'), burn('agent-success', 'warning', '1d', '2h')];

/** Posts the alerts and returns the state of each, by `slo/severity`. */
async function states(url: string): Promise<Record<string, string>> {
  const posted = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ALERTS) });
  expect(posted.status).toBe(200);
  const out: Record<string, string> = {};
  // Inhibition is worked out as the alerts come in: read until all three are there and settled.
  for (let i = 0; i < 50; i++) {
    const alerts = (await (await fetch(`${url}/api/v2/alerts`)).json()) as { labels: Record<string, string>; status: { state: string } }[];
    for (const a of alerts) out[`${a.labels.slo}/${a.labels.severity}`] = a.status.state;
    if (Object.keys(out).length === 3 && out['api-latency/warning'] === 'suppressed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return out;
}

let generated: Record<string, string>;
let design: Record<string, string>;

describeWithEngines('SLO inhibition on the real Alertmanager', ['alertmanager'], () => {
  beforeAll(async () => {
    const text = find(synth('dev').objects, 'ConfigMap', 'alertmanager-config').data[ALERTMANAGER_PATHS.configFile];
    const config = yaml.load(text) as AlertmanagerConfigFile;
    // The receivers read credentials from the Secret's files: point them at local files.
    fs.writeFileSync(path.join(root, 'credential'), 'unused\n');
    const local: AlertmanagerConfigFile = {
      ...config,
      receivers: config.receivers.map((r) => ({
        ...r,
        ...(r.pagerduty_configs ? { pagerduty_configs: r.pagerduty_configs.map((c) => ({ ...c, routing_key_file: path.join(root, 'credential') })) } : {}),
        ...(r.slack_configs ? { slack_configs: r.slack_configs.map((c) => ({ ...c, api_url_file: path.join(root, 'credential') })) } : {}),
      })),
    };
    const [generatedUrl, designUrl] = await Promise.all([
      alertmanager('generated', local),
      alertmanager('design', { ...local, inhibit_rules: local.inhibit_rules.map((r) => ({ ...r, equal: ['alertname'] })) }),
    ]);
    [generated, design] = await Promise.all([states(generatedUrl), states(designUrl)]);
  }, 30_000);

  /** Stops every Alertmanager, then removes the directory: removed earlier, it is written again as they shut down. */
  async function shutDown(): Promise<void> {
    // Each exits within a second of SIGTERM when it is not clustered; SIGKILL only if it hangs.
    await servers.stopAll();
    fs.rmSync(root, { recursive: true, force: true });
  }

  // Also here, for runs that select single tests; after the last test it finds nothing left to do.
  afterAll(shutDown, 15_000);

  test('a page of one SLO mutes its own ticket, not the ticket of another SLO', () => {
    expect(generated).toEqual({ 'api-latency/critical': 'active', 'api-latency/warning': 'suppressed', 'agent-success/warning': 'active' });
  });

  test('with the design’s inhibition (alertname only) the page would mute every SLO’s ticket', () => {
    expect(design).toEqual({ 'api-latency/critical': 'active', 'api-latency/warning': 'suppressed', 'agent-success/warning': 'suppressed' });
  });

  test('shuts both Alertmanagers down and leaves nothing in the temporary directory', async () => {
    await shutDown();
    expect(servers.running()).toEqual([]);
    // A process still shutting down would recreate its data directory and state files shortly after.
    await new Promise((r) => setTimeout(r, 500));
    expect(fs.readdirSync(os.tmpdir()).filter((name) => name === path.basename(root))).toEqual([]);
  }, 15_000);
});
