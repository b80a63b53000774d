/**
 * Every LogQL panel proven on the real Loki (the toolchain's, at the version the stack deploys):
 * one Loki per suite on loopback, running dev's Loki config as its ConfigMap ships it, receives the
 * synthetic lines of logql-cases.ts through its push API; then each panel's query runs through the
 * query API as the panel runs it (logql-proof.ts) and must show what its case states. The same Loki
 * shows, on its /metrics, every series and label the loki-alerts rule group reads.
 *
 * Test-only changes to dev's config, and why:
 * - HTTP and gRPC listen on 127.0.0.1 at free ports (`-server.*-listen-address/-port` flags) instead of
 *   every interface at 3100 and 9095: suites run in parallel, and nothing outside this machine
 *   should reach the server.
 * - Every path under `/loki` (the StatefulSet's volume: WAL, TSDB index, chunks, rules, compactor)
 *   points into a temp folder, which is removed afterwards.
 * - `-ingester.min-ready-duration=0s`: the ingester's 15 s wait after it is ready, which gives a
 *   cluster's other instances time to see it in the ring, has no one to wait for here.
 * Nothing else: dev's ring is in memory, its instance address is already 127.0.0.1 and its store is
 * the filesystem, so nothing in it needs a cluster.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LOKI_PATHS } from '../../constructs/loki-config';
import { compileEnvironment } from '../../config';
import { buildDashboard, DATASOURCES, defaultDashboard, defaultLogs, FOLDERS, lokiQuery } from '../../dashboards';
import { toYaml } from '../../lib/yaml';
import { shippedLokiConfig, underFolder } from '../support/loki';
import { freePort, Servers } from '../support/servers';
import { configFor, synth } from '../support/synth';
import { describeWithEngines } from '../support/toolchain';
import { LINE_IDS, LOGQL_CASES, pushLines, type LineId, type PushedLines } from './logql-cases';
import { coverageProblems, logqlQueries, mismatches, runAsPanel, type LinesCase, type SeriesCase } from './logql-proof';

const config = configFor('dev');
const compiled = compileEnvironment(config);
const files = compiled.dashboards;
const queries = logqlQueries(files);

/** Grafana asks Loki for at most the Loki datasource's `maxLines`. */
const lokiDatasource = synth('dev').stack.grafana.datasources.datasources.find((d) => d.uid === DATASOURCES.loki.uid);
if (lokiDatasource?.type !== 'loki') throw new Error(`no Loki datasource of uid ${DATASOURCES.loki.uid} is provisioned`);
const { maxLines } = lokiDatasource.jsonData;

describe('LogQL cases', () => {
  test('every LogQL query of the dashboards has a case, and every case a query', () => {
    expect(queries.map((q) => q.key)).toHaveLength(5);
    expect(coverageProblems(queries, LOGQL_CASES)).toEqual([]);
  });

  test('fails naming a new LogQL panel that has no case', () => {
    const extra = buildDashboard(
      defaultDashboard('Extra', { uid: 'extra-logs', tags: [], from: 'now-1h', refresh: '1m', description: 'a panel without a case' }).withPanel(
        defaultLogs('Timeouts').withTarget(lokiQuery('{app="agent-platform"} |= "timeout"')),
      ),
    );
    expect(coverageProblems(logqlQueries([...files, { folder: FOLDERS.logsAndTraces, dashboard: extra }]), LOGQL_CASES)).toEqual([
      'no case for LogQL query extra-logs/Timeouts/A: {app="agent-platform"} |= "timeout"',
    ]);
    expect(coverageProblems(queries, { ...LOGQL_CASES, 'extra-logs/Timeouts/A': LOGQL_CASES['agent-platform-logs-traces/All Errors/A'] })).toEqual([
      'case extra-logs/Timeouts/A has no LogQL query in the dashboards',
    ]);
  });

  test('each case has a line or value that must appear and a decoy that must not, never the same line', () => {
    for (const [key, c] of Object.entries(LOGQL_CASES)) {
      const hidden = Object.keys(c.hides);
      expect([key, c.shows.length > 0, hidden.length > 0]).toEqual([key, true, true]);
      expect([key, c.shows.filter((s) => typeof s === 'string' && hidden.includes(s))]).toEqual([key, []]);
    }
  });
});

describeWithEngines('LogQL panels on Loki', ['loki'], () => {
  const servers = new Servers();
  let dir: string;
  let url: string;
  /** When the lines were pushed, and when the panels are read. */
  let pushed: PushedLines;


  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loki-logql-'));
    const configFile = path.join(dir, LOKI_PATHS.configFile);
    fs.writeFileSync(configFile, toYaml(underFolder(shippedLokiConfig('dev').file, path.join(dir, 'data'))));
    const httpPort = await freePort();
    const grpcPort = await freePort();
    url = `http://127.0.0.1:${httpPort}`;
    servers.start('loki', 'loki', [
      `-config.file=${configFile}`,
      '-target=all',
      '-server.http-listen-address=127.0.0.1',
      `-server.http-listen-port=${httpPort}`,
      '-server.grpc-listen-address=127.0.0.1',
      `-server.grpc-listen-port=${grpcPort}`,
      '-ingester.min-ready-duration=0s',
    ]);
    await servers.waitFor('Loki to answer /ready with "ready"', async () => ((await (await fetch(`${url}/ready`)).text()).trim() === 'ready' ? true : undefined), 60_000);

    pushed = await pushLines({ push: url, read: url }, maxLines, servers, 10_000);
  }, 90_000);

  afterAll(async () => {
    await servers.stopAll();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every synthetic line reached Loki, the decoys and the 90-minute-old line included', async () => {
    expect(await pushed.stored()).toEqual([...LINE_IDS].sort());
  });

  test.each(queries.map((q) => [q.key, q] as const))('%s shows what its case states', async (key, query) => {
    const expected = LOGQL_CASES[key];
    if (!expected) throw new Error(`no case for ${key} (see the coverage test)`);
    expect(mismatches(await runAsPanel(url, query, pushed.readAt, maxLines), expected, pushed.idOf)).toEqual([]);
  });

  test('every series the loki-alerts read is on its /metrics, with the labels they match and keep', async () => {
    // A line older than reject_old_samples_max_age (168h): refused, counted in loki_discarded_samples_total.
    const tooOld = (Date.now() - 200 * 3_600_000) * 1_000_000;
    const body = { streams: [{ stream: { namespace: 'agent-platform', app: 'agent-platform' }, values: [[String(tooOld), 'a line from last month']] }] };
    const push = await fetch(`${url}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(push.status).toBe(400);
    const samples = (await (await fetch(`${url}/metrics`)).text()).split('\n').filter((line) => line && !line.startsWith('#'));
    const lokiAlerts = compiled.ruleGroups.find((g) => g.file.groups[0].name === 'loki-alerts');
    const exprs = lokiAlerts!.file.groups[0].rules.map((r) => r.expr);
    // Prometheus adds these to every series of the target; Loki does not expose them.
    const targetLabels = new Set(['job', 'namespace', 'pod', 'instance', 'container', 'node']);
    const missing: string[] = [];
    for (const expr of exprs) {
      const metrics = [...new Set([...expr.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1]))];
      const labels = new Set([
        ...[...expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((l) => l.trim())),
        ...[...expr.matchAll(/[{,]([a-zA-Z_][a-zA-Z0-9_]*)(?:=~|!~|!=|=)"/g)].map((m) => m[1]),
      ]);
      const lines = samples.filter((line) => metrics.some((m) => line.startsWith(`${m}{`) || line.startsWith(`${m} `)));
      for (const m of metrics) if (!lines.some((line) => line.startsWith(`${m}{`) || line.startsWith(`${m} `))) missing.push(`${m} (read by ${expr})`);
      for (const l of labels) if (!targetLabels.has(l) && !lines.some((line) => line.includes(`{${l}="`) || line.includes(`,${l}="`))) missing.push(`label ${l} on ${metrics.join(', ')}`);
    }
    expect(exprs).toHaveLength(4);
    expect(missing).toEqual([]);
    expect(samples).toContainEqual(expect.stringMatching(/^loki_discarded_samples_total\{.*reason="greater_than_max_sample_age".*\} 1$/));
  });

  test('fails when a case states other lines or values: the failure names the line or the series', async () => {
    const byKey = (key: string) => queries.find((q) => q.key === key)!;
    const allErrors = byKey('agent-platform-logs-traces/All Errors/A');
    const wrongLines: LinesCase<LineId> = { story: 'wrong', shows: ['db-error', 'critical', 'info-error'], hides: { 'exec-failed': 'pretend it must not' } };
    expect(mismatches(await runAsPanel(url, allErrors, pushed.readAt, maxLines), wrongLines, pushed.idOf)).toEqual([
      'does not show info-error',
      'shows exec-failed, which it must not: pretend it must not',
    ]);
    const errorsByService = byKey('agent-platform-logs-traces/Errors by Service/A');
    const wrongSeries: SeriesCase<LineId> = { story: 'wrong', shows: [{ labels: { component: 'agent_service' }, value: 3 / 60 }], hides: {} };
    const found = mismatches(await runAsPanel(url, errorsByService, pushed.readAt, maxLines), wrongSeries, pushed.idOf);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^shows 0\.0333\d* for \{component="agent_service"\}, expected 0\.05$/);
    expect(found[1]).toMatch(/^shows an unexpected series \{component="http"\} = 0\.0166\d*$/);
  });
});
