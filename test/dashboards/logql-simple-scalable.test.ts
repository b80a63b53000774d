/**
 * Loki's simple scalable deployment proven on the real engine: the write, read and backend targets
 * run as separate Loki processes on loopback, from the config an environment's ConfigMap ships,
 * gossiping their rings over memberlist. The synthetic lines of logql-cases.ts are pushed through
 * the write path only, and every LogQL panel's query runs through the read path only, with the same
 * cases (logql-proof.ts) as the single-process proof in logql-panels.test.ts.
 *
 * Processes: one write process per ingester the replication factor needs (3: a push then reaches
 * every replica the manifests' ring gives a stream, and succeeds on a majority of them), one read
 * and one backend process; the read path must reach the ingesters (recent lines), the backend's
 * query scheduler and index gateway, as the NetworkPolicies allow in the cluster.
 *
 * Test-only changes to the shipped config, and why:
 * - HTTP and gRPC listen on 127.0.0.1 at free ports (`-server.*-listen-address/-port` flags), and
 *   memberlist binds and advertises 127.0.0.1 at a free port of its own (`memberlist.bind_addr`,
 *   `bind_port`, `advertise_addr`, `advertise_port`), joining the processes' ports
 *   (`memberlist.join_members`) instead of the `loki-memberlist` Service: processes share one host.
 * - `common.instance_addr` is 127.0.0.1 and `common.ring.instance_id` the process's name: in the
 *   cluster each pod registers its pod IP under its hostname (the pod name), which processes on one
 *   host would share.
 * - `common.compactor_grpc_address` is the backend process's gRPC port instead of the `loki-backend`
 *   Service.
 * - Every path under `/loki` points into a folder of the process, and the object store is a
 *   filesystem store in a folder all processes share (the shipped config's S3 bucket, which the
 *   synth requires for this mode, is not reachable here).
 * - `-ingester.min-ready-duration=0s`, as in the single-process proof, and the read process polls
 *   the query scheduler's ring every second (`-frontend.scheduler-dns-lookup-period=1s`,
 *   `-querier.dns-lookup-period=1s`) instead of every 10 s and 3 s: only to start sooner.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileEnvironment } from '../../config';
import type { LokiConfigFile } from '../../constructs/loki-config';
import { LOKI_REPLICATION_FACTOR } from '../../constructs/loki-props';
import { DATASOURCES } from '../../dashboards';
import { toYaml } from '../../lib/yaml';
import { shippedLokiConfig, underFolder } from '../support/loki';
import { freePort, Servers } from '../support/servers';
import { configFor, ENVIRONMENT_NAMES, synth } from '../support/synth';
import { describeWithEngines } from '../support/toolchain';
import { LINE_IDS, LINES, LOGQL_CASES, pushLines, type PushedLines } from './logql-cases';
import { logqlQueries, mismatches, runAsPanel } from './logql-proof';

/** The first environment that runs the simple scalable deployment. */
const ENV = ENVIRONMENT_NAMES.find((env) => configFor(env).loki.deployment.mode === 'simple-scalable') ?? 'none';
const queries = logqlQueries(compileEnvironment(configFor('dev')).dashboards);

interface LokiProcess {
  readonly name: string;
  readonly target: 'write' | 'read' | 'backend';
  readonly http: number;
  readonly grpc: number;
  readonly memberlist: number;
}

describeWithEngines(`Loki's simple scalable deployment (${ENV}) on loopback`, ['loki'], () => {
  const servers = new Servers();
  let dir: string;
  let writeUrl: string;
  let readUrl: string;
  let processes: LokiProcess[];
  let file: LokiConfigFile;
  let maxLines: number;
  let pushed: PushedLines;
  let startedIn: number;


  beforeAll(async () => {
    const started = Date.now();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loki-ssd-'));
    const { stack } = synth(ENV);
    const datasource = stack.grafana.datasources.datasources.find((d) => d.uid === DATASOURCES.loki.uid);
    if (datasource?.type !== 'loki') throw new Error(`no Loki datasource of uid ${DATASOURCES.loki.uid} is provisioned`);
    maxLines = datasource.jsonData.maxLines;
    file = shippedLokiConfig(ENV).file;
    const ingesters = file.common.replication_factor;
    const plan: [string, LokiProcess['target']][] = [
      ...Array.from({ length: ingesters }, (_, i): [string, LokiProcess['target']] => [`write-${i}`, 'write']),
      ['read-0', 'read'],
      ['backend-0', 'backend'],
    ];
    processes = [];
    for (const [name, target] of plan) processes.push({ name, target, http: await freePort(), grpc: await freePort(), memberlist: await freePort() });
    const backend = processes.find((p) => p.target === 'backend')!;
    const store = path.join(dir, 'object-store');
    for (const p of processes) {
      const own = underFolder(file, path.join(dir, p.name));
      const config = {
        ...own,
        common: {
          ...own.common,
          instance_addr: '127.0.0.1',
          ring: { ...own.common.ring, instance_id: p.name },
          compactor_grpc_address: `127.0.0.1:${backend.grpc}`,
          storage: { filesystem: { chunks_directory: path.join(store, 'chunks'), rules_directory: path.join(store, 'rules') } },
        },
        memberlist: {
          ...own.memberlist,
          join_members: processes.map((other) => `127.0.0.1:${other.memberlist}`),
          bind_addr: ['127.0.0.1'],
          bind_port: p.memberlist,
          advertise_addr: '127.0.0.1',
          advertise_port: p.memberlist,
        },
        schema_config: { configs: own.schema_config.configs.map((period) => ({ ...period, object_store: 'filesystem' })) },
        compactor: { ...own.compactor, delete_request_store: 'filesystem' },
      };
      const configFile = path.join(dir, `${p.name}.yaml`);
      fs.writeFileSync(configFile, toYaml(config));
      servers.start(`loki ${p.name}`, 'loki', [
        `-config.file=${configFile}`,
        `-target=${p.target}`,
        '-server.http-listen-address=127.0.0.1',
        `-server.http-listen-port=${p.http}`,
        '-server.grpc-listen-address=127.0.0.1',
        `-server.grpc-listen-port=${p.grpc}`,
        '-ingester.min-ready-duration=0s',
        // Look for the scheduler in its ring every second, not every 10 s (frontend) and 3 s (querier).
        '-frontend.scheduler-dns-lookup-period=1s',
        '-querier.dns-lookup-period=1s',
      ]);
    }
    writeUrl = `http://127.0.0.1:${processes[0].http}`;
    readUrl = `http://127.0.0.1:${processes.find((p) => p.target === 'read')!.http}`;
    const ready = async (p: LokiProcess) => {
      try {
        return (await (await fetch(`http://127.0.0.1:${p.http}/ready`)).text()).trim() === 'ready';
      } catch {
        return false;
      }
    };
    await servers.waitFor('every Loki process to answer /ready with "ready"', async () => ((await Promise.all(processes.map(ready))).every(Boolean) ? true : undefined), 60_000);

    pushed = await pushLines({ push: writeUrl, read: readUrl }, maxLines, servers, 15_000);
    startedIn = pushed.readAt - started;
  }, 90_000);

  afterAll(async () => {
    await servers.stopAll();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('runs one write process per replica of a stream, and a read and a backend process', () => {
    expect(file.common.replication_factor).toBe(LOKI_REPLICATION_FACTOR);
    expect(processes.map((p) => p.target)).toEqual([...Array<string>(file.common.replication_factor).fill('write'), 'read', 'backend']);
    // Started, pushed and read back: the suite's set-up time.
    expect(startedIn).toBeLessThan(90_000);
  });

  test('every ingester holds the pushed streams, and the ring has them all active', async () => {
    const ring = (await (await fetch(`${writeUrl}/ring`, { headers: { Accept: 'application/json' } })).json()) as { shards: { id: string; state: string }[] };
    const active = ring.shards.filter((s) => s.state === 'ACTIVE').map((s) => s.id).sort();
    expect(active).toEqual(processes.filter((p) => p.target === 'write').map((p) => p.name).sort());
    const streams = new Set(Object.values(LINES).map((l) => JSON.stringify(l.stream))).size;
    for (const p of processes.filter((q) => q.target === 'write')) {
      const metrics = await (await fetch(`http://127.0.0.1:${p.http}/metrics`)).text();
      const inMemory = /^loki_ingester_memory_streams\{[^}]*\} (\d+)$/m.exec(metrics);
      expect([p.name, Number(inMemory?.[1])]).toEqual([p.name, streams]);
    }
  });

  test('every synthetic line reached Loki through the write path, the decoys and the 90-minute-old line included', async () => {
    expect(await pushed.stored()).toEqual([...LINE_IDS].sort());
  });

  test.each(queries.map((q) => [q.key, q] as const))('%s shows what its case states, through the read path', async (key, query) => {
    const expected = LOGQL_CASES[key];
    if (!expected) throw new Error(`no case for ${key} (see logql-panels.test.ts)`);
    expect(mismatches(await runAsPanel(readUrl, query, pushed.readAt, maxLines), expected, pushed.idOf)).toEqual([]);
  });
});
