import * as yaml from 'js-yaml';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { App, Chart } from 'cdk8s';
import { compileEnvironment, resolveEnvironment, type EnvironmentConfig } from '../config';
import { Grafana } from '../constructs/grafana';
import { buildDashboard, DATASOURCES, FOLDERS, promRange, type DashboardFile } from '../dashboards';
import { logqlError } from '../lib/query-syntax';
import { containersOf, pinnedImage, RESTRICTED_CONTAINER_SECURITY_CONTEXT, selects } from './support/objects';
import { lokiServices } from './support/loki';
import { configFor, configWith, ENVIRONMENT_NAMES, find, synth, type K8sObject } from './support/synth';
import { GRAFANA_MANAGED_SETTINGS, grafanaEnvName, roleAttributePath } from '../constructs/grafana-props';

const grafanaObjects = (env: string) => synth(env).objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'grafana');
/** Grafana's StatefulSet (SQLite) or Deployment (PostgreSQL). */
const workloadOf = (objects: K8sObject[]) => objects.find((o) => (o.kind === 'StatefulSet' || o.kind === 'Deployment') && o.metadata.name === 'grafana')!;
const statefulSet = (env: string) => workloadOf(synth(env).objects);
const container = (env: string) => statefulSet(env).spec.template.spec.containers[0];
const envOf = (c: any): Record<string, string> => Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
const SQLITE_ENVIRONMENTS = ENVIRONMENT_NAMES.filter((env) => configFor(env).grafana.database.type === 'sqlite');
const configMap = (env: string, name: string) => find(synth(env).objects, 'ConfigMap', name, 'monitoring');
const provisioningFile = (env: string, key: string): any => yaml.load(configMap(env, 'grafana-provisioning').data[key]);

/** Builds Grafana alone in a chart, with a config and props of the test's choosing, reading stand-in datasources. */
function grafanaAlone(config: EnvironmentConfig, props: Partial<ConstructorParameters<typeof Grafana>[2]> = {}): { construct: Grafana; objects: K8sObject[] } {
  const chart = new Chart(new App(), 'test');
  const construct = new Grafana(chart, 'Grafana', { config, ...props });
  construct.addDatasources({
    prometheus: { url: 'http://prometheus.test.svc:9090', scrapeInterval: config.prometheus.scrapeInterval },
    loki: { url: 'http://loki.test.svc:3100' },
    jaeger: { queryUrl: 'http://jaeger.test.svc:16686' },
    alertmanager: { url: 'http://alertmanager.test.svc:9093' },
  });
  return { construct, objects: chart.toJson() };
}

describe('Grafana workload', () => {
  test.each(ENVIRONMENT_NAMES)('%s: the pinned Grafana, a StatefulSet on SQLite or a Deployment on PostgreSQL, in monitoring', (env) => {
    const config = configFor(env);
    const d = statefulSet(env);
    const sqlite = config.grafana.database.type === 'sqlite';
    expect(container(env).image).toBe(pinnedImage(config, config.images.grafana));
    expect(d.kind).toBe(sqlite ? 'StatefulSet' : 'Deployment');
    expect(d.spec.replicas).toBe(config.grafana.replicas);
    const several = config.grafana.replicas > 1;
    expect(grafanaObjects(env).map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        'ConfigMap/grafana-dashboards-infrastructure',
        'ConfigMap/grafana-dashboards-logs-and-traces',
        'ConfigMap/grafana-dashboards-monitoring',
        'ConfigMap/grafana-dashboards-platform',
        'ConfigMap/grafana-dashboards-slo',
        'ConfigMap/grafana-provisioning',
        'Service/grafana',
        'ServiceAccount/grafana',
        `${d.kind}/grafana`,
        ...(several ? ['PodDisruptionBudget/grafana', 'Service/grafana-cluster'] : []),
        ...(config.grafana.ingress ? ['Ingress/grafana'] : []),
      ].sort(),
    );
  });

  test('probes on /api/health through the http port', () => {
    const c = container('dev');
    for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) expect(probe.httpGet).toEqual({ path: '/api/health', port: 'http' });
    expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    // Startup allows five minutes of migrations before liveness applies.
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBe(300);
  });

  test.each(ENVIRONMENT_NAMES)('%s: restricted security context with a read-only root and writable data, tmp', (env) => {
    const spec = statefulSet(env).spec.template.spec;
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 472, runAsGroup: 472, fsGroup: 472, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container(env).securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
    const writable = container(env).volumeMounts.filter((m: any) => !m.readOnly).map((m: any) => m.mountPath);
    expect(writable.sort()).toEqual(['/tmp', '/var/lib/grafana']);
  });

  test.each(SQLITE_ENVIRONMENTS)('%s: on SQLite, the data volume comes from a claim template of the configured size, mounted at the data path', (env) => {
    const [claim] = statefulSet(env).spec.volumeClaimTemplates;
    expect(claim.spec.resources.requests.storage).toBe(configFor(env).grafana.storage.size);
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(container(env).volumeMounts.find((m: any) => m.name === claim.metadata.name).mountPath).toBe('/var/lib/grafana');
    // No PersistentVolumeClaim of its own: deleting or pruning the manifests leaves the data.
    expect(grafanaObjects(env).filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
  });

  test('the storage class follows the environment config', () => {
    const config = resolveEnvironment({ name: 'dev', overrides: { grafana: { storage: { size: '2Gi', storageClassName: 'fast-ssd' } } } });
    const [claim] = grafanaAlone(config).objects.find((o) => o.kind === 'StatefulSet')!.spec.volumeClaimTemplates;
    expect(claim.spec).toEqual(expect.objectContaining({ storageClassName: 'fast-ssd', resources: { requests: { storage: '2Gi' } } }));
  });

  test('the Service exposes port 3000 of the Grafana pods', () => {
    const service = find(synth('dev').objects, 'Service', 'grafana', 'monitoring');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }]);
    expect(selects(service.spec.selector, statefulSet('dev').spec.template.metadata.labels)).toBe(true);
  });

  test('the scrape target is job grafana on the http port at /metrics, selecting the Grafana pods', () => {
    const target = synth('dev').stack.grafana.scrapeTarget;
    expect({ job: target.job, namespace: target.namespace, port: target.port.name, path: target.path }).toEqual({
      job: 'grafana',
      namespace: 'monitoring',
      port: 'http',
      path: '/metrics',
    });
    expect(selects(target.podLabels, statefulSet('dev').spec.template.metadata.labels)).toBe(true);
    expect(container('dev').env).toContainEqual({ name: 'GF_METRICS_ENABLED', value: 'true' });
  });

  test('fails when grafana.replicas is more than one with SQLite', () => {
    expect(() => resolveEnvironment({ name: 'dev', overrides: { grafana: { replicas: 2 } } })).toThrow(
      "environment \"dev\": grafana.replicas: with grafana.database { type: 'sqlite' } Grafana keeps users, sessions and settings in SQLite on one ReadWriteOnce volume, so it runs exactly one replica, got 2. " +
        "Set grafana.replicas to 1, or give grafana.database a PostgreSQL database ({ type: 'postgres', host: ... }) to run several.",
    );
  });
});

describe('Grafana credentials', () => {
  test.each(ENVIRONMENT_NAMES)('%s: the admin password is read from the operator’s Secret, anonymous access is off', (env) => {
    const c = container(env);
    const vars = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
    expect(vars.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe('/etc/grafana/secrets/admin-password');
    expect(vars.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(vars.GF_USERS_ALLOW_SIGN_UP).toBe('false');
    expect(vars).not.toHaveProperty('GF_SECURITY_ADMIN_PASSWORD');
    const mount = c.volumeMounts.find((m: any) => m.mountPath === '/etc/grafana/secrets');
    const volume = statefulSet(env).spec.template.spec.volumes.find((v: any) => v.name === mount.name);
    expect(mount.readOnly).toBe(true);
    expect(volume.secret).toEqual({ secretName: 'grafana-admin', items: [{ key: 'admin-password', path: 'admin-password' }], defaultMode: 0o440 });
    expect(synth(env).objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('no value in the Grafana objects looks like a credential', () => {
    const text = JSON.stringify(grafanaObjects('prod'));
    expect(text).not.toMatch(/password"\s*:\s*"(?!\/)/i);
    expect(text).not.toMatch(/basicAuthPassword|secureJsonData/);
  });

  test('the README tells the operator how to create the Secret', () => {
    const readme = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'README.md'), 'utf8') as string;
    expect(readme).toContain('kubectl -n monitoring create secret generic grafana-admin --from-literal=admin-password=');
    // The database's and the provider's Secrets, with the keys the construct mounts.
    expect(readme).toMatch(/kubectl -n monitoring create secret generic grafana-database \\\n\s+--from-literal=password=.* --from-file=ca\.crt=/);
    expect(readme).toContain('kubectl -n monitoring create secret generic grafana-oauth --from-literal=client-secret=');
  });
});

describe('Grafana datasources', () => {
  test.each(ENVIRONMENT_NAMES)('%s: Prometheus, Loki, Jaeger and Alertmanager with fixed uids and in-cluster URLs', (env) => {
    const file = provisioningFile(env, 'datasources.yaml');
    // Scaled out, Jaeger's UI and API are the query service's.
    const jaeger = configFor(env).jaeger.topology === 'scaled' ? 'jaeger-query' : 'jaeger';
    expect(file.apiVersion).toBe(1);
    expect(file.datasources.map((d: any) => [d.name, d.type, d.uid, d.url, d.isDefault, d.editable])).toEqual([
      ['Prometheus', 'prometheus', 'prometheus', 'http://prometheus.monitoring.svc:9090', true, false],
      ['Loki', 'loki', 'loki', `http://${lokiServices(env).query}.monitoring.svc:3100`, false, false],
      ['Jaeger', 'jaeger', 'jaeger', `http://${jaeger}.monitoring.svc:16686`, false, false],
      ['Alertmanager', 'alertmanager', 'alertmanager', 'http://alertmanager.monitoring.svc:9093', false, false],
    ]);
  });

  test.each(ENVIRONMENT_NAMES)('%s: every datasource URL reaches a Service of the output on a port it serves', (env) => {
    const { objects } = synth(env);
    const datasources = provisioningFile(env, 'datasources.yaml').datasources;
    expect(datasources).toHaveLength(4);
    for (const ds of datasources) {
      const url = new URL(ds.url);
      const [service, namespace] = url.hostname.split('.');
      const svc = find(objects, 'Service', service, namespace);
      expect({ url: ds.url, ports: svc.spec.ports.map((p: any) => p.port) }).toEqual({ url: ds.url, ports: expect.arrayContaining([Number(url.port)]) });
    }
  });

  test.each(ENVIRONMENT_NAMES)('%s: datasource URLs are the ones the Prometheus, Loki, Jaeger and Alertmanager constructs publish', (env) => {
    const { stack } = synth(env);
    expect(stack.grafana.datasources.datasources.map((d) => d.url)).toEqual([stack.prometheus.url, stack.loki.url, stack.jaeger.queryUrl, stack.alertmanager.url]);
  });

  test('$__rate_interval follows the scrape interval', () => {
    expect(provisioningFile('dev', 'datasources.yaml').datasources[0].jsonData.timeInterval).toBe('30s');
    const config = resolveEnvironment({ name: 'dev', overrides: { prometheus: { scrapeInterval: '15s' } } });
    const prometheus = grafanaAlone(config).construct.datasources.datasources[0];
    expect(prometheus.jsonData).toEqual(expect.objectContaining({ timeInterval: '15s' }));
  });

  test('exemplars link to Jaeger by their trace_id label', () => {
    const [prometheus] = provisioningFile('dev', 'datasources.yaml').datasources;
    expect(prometheus.jsonData.exemplarTraceIdDestinations).toEqual([{ name: 'trace_id', datasourceUid: 'jaeger' }]);
  });

  test('a trace_id in a JSON log line becomes a Jaeger link', () => {
    const loki = provisioningFile('dev', 'datasources.yaml').datasources[1];
    const [field] = loki.jsonData.derivedFields;
    expect(field).toEqual(expect.objectContaining({ datasourceUid: 'jaeger', matcherType: 'regex', url: '$${__value.raw}' }));
    // Grafana evaluates the matcher as a JavaScript regular expression on the line.
    const match = (line: string) => new RegExp(field.matcherRegex).exec(line)?.[1];
    expect(match('{"level":"error","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","message":"boom"}')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(match('{"level": "info", "trace_id": "00f067aa0ba902b7", "duration_ms": 12}')).toBe('00f067aa0ba902b7');
    expect(match('{"level":"info","message":"no trace here"}')).toBeUndefined();
  });

  test('a Jaeger span opens the API’s log lines carrying its trace id', () => {
    const jaeger = provisioningFile('dev', 'datasources.yaml').datasources[2];
    const links = jaeger.jsonData.tracesToLogsV2;
    expect(links).toEqual(expect.objectContaining({ datasourceUid: 'loki', customQuery: true, spanStartTimeShift: '-5m', spanEndTimeShift: '5m' }));
    expect(links.query).toBe('{namespace="agent-platform", app="agent-platform"} |= "$${__trace.traceId}"');
    // What Grafana runs after unescaping `$$` and filling in the trace id must be valid LogQL.
    const query = links.query.replace(/\$\$/g, '$').replace('${__trace.traceId}', '4bf92f3577b34da6a3ce929d0e0e4736');
    expect(logqlError(query)).toBeUndefined();
  });

  test('every "$" in the provisioning files is escaped from Grafana’s environment expansion', () => {
    for (const key of ['datasources.yaml', 'dashboards.yaml']) {
      const text = configMap('dev', 'grafana-provisioning').data[key] as string;
      expect(text.replace(/\$\$/g, '')).not.toContain('$');
    }
  });
});

describe('Grafana dashboards provisioning', () => {
  test.each(ENVIRONMENT_NAMES)('%s: one file provider per folder, each reading the directory its ConfigMap is mounted at', (env) => {
    const { providers } = provisioningFile(env, 'dashboards.yaml');
    expect(providers.map((p: any) => [p.name, p.folder, p.folderUid, p.type, p.options.path])).toEqual([
      ['platform', 'Agent Platform', 'agent-platform', 'file', '/etc/grafana/dashboards/platform'],
      ['slo', 'Service Levels', 'agent-platform-slos', 'file', '/etc/grafana/dashboards/slo'],
      ['logs-and-traces', 'Logs and Traces', 'agent-platform-logs-traces', 'file', '/etc/grafana/dashboards/logs-and-traces'],
      ['infrastructure', 'Infrastructure', 'agent-platform-infrastructure', 'file', '/etc/grafana/dashboards/infrastructure'],
      ['monitoring', 'Monitoring Stack', 'agent-platform-monitoring', 'file', '/etc/grafana/dashboards/monitoring'],
    ]);
    const spec = statefulSet(env).spec.template.spec;
    const c = container(env);
    for (const provider of providers) {
      const mount = c.volumeMounts.find((m: any) => m.mountPath === provider.options.path);
      const volume = spec.volumes.find((v: any) => v.name === mount.name);
      expect(volume.projected.sources).toEqual([{ configMap: { name: `grafana-dashboards-${provider.name}` } }]);
      expect(provider.updateIntervalSeconds).toBeLessThanOrEqual(60);
      expect(provider.allowUiUpdates).toBe(false);
    }
  });

  test('no ConfigMap is mounted with subPath, which would never see an update', () => {
    for (const env of ENVIRONMENT_NAMES) {
      const mounts = containersOf(statefulSet(env).spec.template.spec).flatMap((c) => c.volumeMounts ?? []);
      expect(mounts.filter((m: any) => m.subPath !== undefined || m.subPathExpr !== undefined)).toEqual([]);
    }
  });

  test('each folder ConfigMap holds its dashboards’ JSON, and every dashboard is in exactly one', () => {
    const keys = ['platform', 'slo', 'logs-and-traces', 'infrastructure', 'monitoring'].flatMap((folder) =>
      Object.entries(configMap('dev', `grafana-dashboards-${folder}`).data).map(([file, json]) => `${folder}/${file}:${JSON.parse(json as string).title}`),
    );
    expect(keys.sort()).toEqual([
      'infrastructure/agent-platform-nodes.json:Infrastructure - Node Resources',
      'infrastructure/agent-platform-workloads.json:Infrastructure - Kubernetes Workloads',
      'logs-and-traces/agent-platform-logs-traces.json:Logs and Traces',
      'monitoring/agent-platform-prometheus.json:Monitoring - Prometheus and Alertmanager',
      'monitoring/agent-platform-telemetry-pipeline.json:Monitoring - Logs and Traces Pipeline',
      'platform/agent-platform-executions.json:Agent Platform - Executions',
      'platform/agent-platform-overview.json:Agent Platform - System Overview',
      'slo/agent-platform-slo.json:SLO Dashboard',
    ]);
  });

  test.each(ENVIRONMENT_NAMES)('%s: every datasource a written dashboard references is one the written provisioning file creates', (env) => {
    const provisioned = new Map<string, string>(provisioningFile(env, 'datasources.yaml').datasources.map((d: any) => [d.uid, d.type]));
    const refs: string[] = [];
    for (const folder of ['platform', 'slo', 'logs-and-traces', 'infrastructure', 'monitoring']) {
      for (const json of Object.values(configMap(env, `grafana-dashboards-${folder}`).data)) {
        const model = JSON.parse(json as string);
        for (const p of model.panels.filter((x: any) => x.type !== 'row')) {
          for (const ref of [p.datasource, ...(p.targets ?? []).map((t: any) => t.datasource)]) refs.push(`${ref?.type}/${ref?.uid}`);
        }
      }
    }
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((ref) => { const [type, uid] = ref.split('/'); return provisioned.get(uid) !== type; })).toEqual([]);
    expect(new Set(refs)).toEqual(new Set(['prometheus/prometheus', 'loki/loki', 'jaeger/jaeger']));
  });

  test('the home dashboard is the System Overview, at a path that is mounted', () => {
    const home = container('dev').env.find((e: any) => e.name === 'GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH').value;
    expect(home).toBe('/etc/grafana/dashboards/platform/agent-platform-overview.json');
    expect(Object.keys(configMap('dev', 'grafana-dashboards-platform').data)).toContain('agent-platform-overview.json');
  });

  test.each(ENVIRONMENT_NAMES)('%s: every ConfigMap of the output stays under the 256 KiB client-side apply limit', (env) => {
    const sizes = synth(env)
      .objects.filter((o) => o.kind === 'ConfigMap')
      .map((o) => [o.metadata.name, Buffer.byteLength(JSON.stringify(o), 'utf8')] as const);
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    expect(sizes.filter(([, bytes]) => bytes >= 256 * 1024)).toEqual([]);
  });

  test('a folder whose dashboards outgrow one ConfigMap spreads over several, all projected into its directory', () => {
    const team = { name: 'team', title: 'Team', uid: 'team' };
    // 30 dashboards of about 20 KiB each: about 600 KiB, which no single ConfigMap may hold.
    const many: DashboardFile[] = Array.from({ length: 30 }, (_, i) => ({
      folder: team,
      dashboard: buildDashboard(
        new dashboard.DashboardBuilder(`Team ${i}`)
          .uid(`team-${i}`)
          .description('x'.repeat(20 * 1024))
          .withPanel(new timeseries.PanelBuilder().title('Up').datasource(DATASOURCES.prometheus).withTarget(promRange('up', 'up'))),
      ),
    }));
    const { construct: grafana, objects } = grafanaAlone(configFor('dev'), { dashboards: [...compileEnvironment(configFor('dev')).dashboards, ...many] });
    const configMaps = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('grafana-dashboards-team'));
    expect(configMaps.map((o) => o.metadata.name)).toEqual(['grafana-dashboards-team', 'grafana-dashboards-team-2', 'grafana-dashboards-team-3']);
    for (const o of configMaps) expect(Buffer.byteLength(JSON.stringify(o))).toBeLessThan(256 * 1024);
    expect(configMaps.flatMap((o) => Object.keys(o.data)).sort()).toEqual(many.map((f) => `${f.dashboard.uid}.json`).sort());
    const spec = workloadOf(objects).spec.template.spec;
    const mount = spec.containers[0].volumeMounts.find((m: any) => m.mountPath === '/etc/grafana/dashboards/team');
    const volume = spec.volumes.find((v: any) => v.name === mount.name);
    expect(volume.projected.sources.map((s: any) => s.configMap.name)).toEqual(configMaps.map((o) => o.metadata.name));
    expect(grafana.dashboardConfigMaps.team).toHaveLength(3);
  });

  test('fails when one dashboard alone would not fit a ConfigMap', () => {
    const huge: DashboardFile = {
      folder: FOLDERS.platform,
      dashboard: buildDashboard(
        new dashboard.DashboardBuilder('Huge')
          .uid('huge')
          .description('x'.repeat(300 * 1024))
          .withPanel(new timeseries.PanelBuilder().title('Up').datasource(DATASOURCES.prometheus).withTarget(promRange('up', 'up'))),
      ),
    };
    expect(() => grafanaAlone(configFor('dev'), { dashboards: [...compileEnvironment(configFor('dev')).dashboards, huge] })).toThrow(
      /^Grafana dashboards: dashboard "Huge" \(huge\.json\) in folder "platform" is \d+ bytes of JSON, over the 253952 bytes that client-side kubectl apply can store in one ConfigMap\. Split it into several dashboards\.$/,
    );
  });

  test('fails before anything is built when an environment adds an invalid dashboard, naming dashboard and panel', () => {
    const bad: DashboardFile = {
      folder: FOLDERS.platform,
      dashboard: buildDashboard(
        new dashboard.DashboardBuilder('Broken').uid('broken').withPanel(new timeseries.PanelBuilder().title('Oops').withTarget(promRange('rate(x[5m]', 'x'))),
      ),
    };
    const config = configFor('dev');
    expect(() => compileEnvironment({ ...config, grafana: { ...config.grafana, extraDashboards: [bad] } })).toThrow(/^environment "dev": dashboard "Broken" \(uid "broken"\), panel "Oops" \(id 1\), targets\[0\] \(refId A\): expr "rate\(x\[5m\]" does not parse/);
  });

  test('fails when the scan interval is not a positive whole number', () => {
    expect(() => grafanaAlone(configFor('dev'), { dashboardScanIntervalSeconds: 0 })).toThrow(
      'Grafana dashboardScanIntervalSeconds: 0 is not a whole number of seconds of at least 1. Use e.g. 30.',
    );
  });

  test('a datasource change restarts Grafana; a dashboard change does not', () => {
    const checksum = (objects: K8sObject[]) => workloadOf(objects).spec.template.metadata.annotations['checksum/config'];
    const config = configFor('dev');
    const all = compileEnvironment(config).dashboards;
    const base = checksum(grafanaAlone(config, { dashboards: all }).objects);
    const otherScrape = resolveEnvironment({ name: 'dev', overrides: { prometheus: { scrapeInterval: '15s' } } });
    expect(checksum(grafanaAlone(otherScrape, { dashboards: all }).objects)).not.toBe(base);
    const fewer = all.filter((f) => f.dashboard.uid !== 'agent-platform-executions');
    const { objects } = grafanaAlone(config, { dashboards: fewer });
    expect(checksum(objects)).toBe(base);
    expect(Object.keys(objects.find((o) => o.metadata.name === 'grafana-dashboards-platform')!.data)).toEqual(['agent-platform-overview.json']);
  });
});

/** A Grafana on PostgreSQL, the fixture of the database tests. */
const POSTGRES = { type: 'postgres', host: 'db.test.internal' } as const;
const aloneWith = (overrides: Parameters<typeof configWith>[1]) => {
  const { objects } = grafanaAlone(configWith('dev', overrides));
  const workload = workloadOf(objects);
  return { objects, workload, spec: workload.spec.template.spec, container: workload.spec.template.spec.containers[0] };
};
/** The volume mounted over the directory of `file`, and the Secret keys it projects there by file name. */
function secretFiles(spec: any, container: any, file: string): Record<string, string> {
  const dir = file.slice(0, file.lastIndexOf('/'));
  const mount = container.volumeMounts.find((m: any) => m.mountPath === dir);
  expect(mount?.readOnly).toBe(true);
  const volume = spec.volumes.find((v: any) => v.name === mount.name);
  const sources = volume.projected ? volume.projected.sources.map((s: any) => ({ name: s.secret.name, items: s.secret.items })) : [{ name: volume.secret.secretName, items: volume.secret.items }];
  return Object.fromEntries(sources.flatMap((s: any) => s.items.map((i: any) => [`${dir}/${i.path}`, `${s.name}/${i.key}`])));
}

describe('Grafana database', () => {
  test.each(SQLITE_ENVIRONMENTS)('%s: SQLite sets no database variable and no peers', (env) => {
    const names = container(env).env.map((e: any) => e.name);
    expect(names.filter((n: string) => n.startsWith('GF_DATABASE_') || n.startsWith('GF_UNIFIED_ALERTING_HA_'))).toEqual([]);
  });

  test.each(ENVIRONMENT_NAMES.filter((env) => !SQLITE_ENVIRONMENTS.includes(env)))(
    '%s: PostgreSQL at the configured host, password and CA read from files of the Secret, no volume of its own',
    (env) => {
      const config = configFor(env);
      const db = config.grafana.database;
      if (db.type !== 'postgres') throw new Error('expected PostgreSQL');
      const c = container(env);
      const vars = envOf(c);
      expect(vars).toEqual(
        expect.objectContaining({
          GF_DATABASE_TYPE: 'postgres',
          GF_DATABASE_HOST: `${db.host}:${db.port ?? 5432}`,
          GF_DATABASE_NAME: 'grafana',
          GF_DATABASE_USER: 'grafana',
          GF_DATABASE_SSL_MODE: db.sslMode ?? 'verify-full',
          GF_REMOTE_CACHE_TYPE: 'database',
        }),
      );
      expect(vars).not.toHaveProperty('GF_DATABASE_PASSWORD');
      const spec = statefulSet(env).spec.template.spec;
      const files = secretFiles(spec, c, vars.GF_DATABASE_PASSWORD__FILE);
      expect(files[vars.GF_DATABASE_PASSWORD__FILE]).toBe('grafana-database/password');
      expect(files[vars.GF_DATABASE_CA_CERT_PATH]).toBe(`${db.caSecret!.name}/${db.caSecret!.key}`);
      expect(statefulSet(env).spec.volumeClaimTemplates).toBeUndefined();
      const data = spec.volumes.find((v: any) => v.name === c.volumeMounts.find((m: any) => m.mountPath === '/var/lib/grafana').name);
      expect(data.emptyDir).toEqual({ sizeLimit: '1Gi' });
      // A new pod is ready before an old one goes.
      expect(statefulSet(env).spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    },
  );

  test.each(ENVIRONMENT_NAMES.filter((env) => configFor(env).grafana.replicas > 1))(
    '%s: replicas gossip alerting state through the headless Service, advertising their pod IP',
    (env) => {
      const c = container(env);
      const names = c.env.map((e: any) => e.name);
      const vars = envOf(c);
      const cluster = find(synth(env).objects, 'Service', 'grafana-cluster', 'monitoring');
      expect(vars.GF_UNIFIED_ALERTING_HA_PEERS).toBe('grafana-cluster.monitoring.svc:9094');
      expect(vars.GF_UNIFIED_ALERTING_HA_ADVERTISE_ADDRESS).toBe('$(POD_IP):9094');
      // Kubernetes expands $(POD_IP) only from a variable defined before it.
      expect(names.indexOf('POD_IP')).toBeLessThan(names.indexOf('GF_UNIFIED_ALERTING_HA_ADVERTISE_ADDRESS'));
      expect(c.env.find((e: any) => e.name === 'POD_IP').valueFrom).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
      expect(cluster.spec).toEqual(expect.objectContaining({ clusterIP: 'None', publishNotReadyAddresses: true }));
      expect(cluster.spec.ports.map((p: any) => `${p.port}/${p.protocol}`)).toEqual(['9094/TCP', '9094/UDP']);
      expect(c.ports.map((p: any) => `${p.name}:${p.containerPort}/${p.protocol}`)).toEqual(['http:3000/TCP', 'gossip-tcp:9094/TCP', 'gossip-udp:9094/UDP']);
      expect(selects(cluster.spec.selector, statefulSet(env).spec.template.metadata.labels)).toBe(true);
      const pdb = find(synth(env).objects, 'PodDisruptionBudget', 'grafana', 'monitoring');
      expect(selects(pdb.spec.selector.matchLabels, statefulSet(env).spec.template.metadata.labels)).toBe(true);
    },
  );

  test('the port, database, user and Secret keys follow the config; one PostgreSQL replica needs no peers', () => {
    const { workload, spec, container: c, objects } = aloneWith({
      grafana: { database: { ...POSTGRES, port: 6432, name: 'dashboards', user: 'grafana_rw', passwordSecret: { name: 'pg-creds', key: 'pw' }, sslMode: 'require' } },
    });
    const vars = envOf(c);
    expect(workload.kind).toBe('Deployment');
    expect([vars.GF_DATABASE_HOST, vars.GF_DATABASE_NAME, vars.GF_DATABASE_USER, vars.GF_DATABASE_SSL_MODE]).toEqual(['db.test.internal:6432', 'dashboards', 'grafana_rw', 'require']);
    expect(secretFiles(spec, c, vars.GF_DATABASE_PASSWORD__FILE)).toEqual({ [vars.GF_DATABASE_PASSWORD__FILE]: 'pg-creds/pw' });
    expect(vars).not.toHaveProperty('GF_DATABASE_CA_CERT_PATH');
    expect(Object.keys(vars).filter((n) => n.startsWith('GF_UNIFIED_ALERTING_HA_'))).toEqual([]);
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget' || o.metadata.name === 'grafana-cluster')).toEqual([]);
  });

  test.each([
    ['the host has a scheme', { ...POSTGRES, host: 'postgres://db' }, 'grafana.database.host: "postgres://db" is not a host name.'],
    ['the port is out of range', { ...POSTGRES, port: 70000 }, 'grafana.database.port: 70000 is not a TCP port.'],
    ['the SSL mode is unknown', { ...POSTGRES, sslMode: 'on' }, 'grafana.database.sslMode: "on" is not an SSL mode.'],
    ['a CA is given without TLS', { ...POSTGRES, sslMode: 'disable', caSecret: { name: 'grafana-database', key: 'ca.crt' } }, 'grafana.database.caSecret: a CA certificate is given, but sslMode "disable" uses no TLS. Set sslMode to "verify-full", or remove caSecret.'],
    ['the password Secret name is not a name', { ...POSTGRES, passwordSecret: { name: 'PG Creds', key: 'password' } }, 'grafana.database.passwordSecret.name: "PG Creds" is not a Secret name.'],
    ['the type is unknown', { type: 'mysql' }, 'grafana.database.type: "mysql" is not a supported database.'],
    ['the database name has a space', { ...POSTGRES, name: 'my db' }, 'grafana.database.name: "my db" is not a PostgreSQL name.'],
  ])('fails when %s', (_case, database, message) => {
    expect(() => configWith('dev', { grafana: { database: database as never } })).toThrow(`environment "dev": ${message}`);
  });
});

const SSO = {
  name: 'Keycloak',
  clientId: 'grafana',
  authUrl: 'https://sso.test/realms/ops/protocol/openid-connect/auth',
  tokenUrl: 'https://sso.test/realms/ops/protocol/openid-connect/token',
  apiUrl: 'https://sso.test/realms/ops/protocol/openid-connect/userinfo',
} as const;
const WITH_URL = { externalUrl: 'https://grafana.test' } as const;

describe('Grafana single sign-on', () => {
  test('no environment turns it on by default; the login form is the only way in', () => {
    for (const env of ENVIRONMENT_NAMES) expect(Object.keys(envOf(container(env))).filter((n) => n.startsWith('GF_AUTH_GENERIC_OAUTH_') || n === 'GF_AUTH_DISABLE_LOGIN_FORM')).toEqual([]);
  });

  test('the provider, its endpoints and scopes; the client secret read from a file of the Secret; PKCE on', () => {
    const { spec, container: c } = aloneWith({ grafana: { ...WITH_URL, sso: SSO } });
    const vars = envOf(c);
    expect(vars).toEqual(
      expect.objectContaining({
        GF_AUTH_GENERIC_OAUTH_ENABLED: 'true',
        GF_AUTH_GENERIC_OAUTH_NAME: 'Keycloak',
        GF_AUTH_GENERIC_OAUTH_CLIENT_ID: 'grafana',
        GF_AUTH_GENERIC_OAUTH_AUTH_URL: SSO.authUrl,
        GF_AUTH_GENERIC_OAUTH_TOKEN_URL: SSO.tokenUrl,
        GF_AUTH_GENERIC_OAUTH_API_URL: SSO.apiUrl,
        GF_AUTH_GENERIC_OAUTH_SCOPES: 'openid email profile',
        GF_AUTH_GENERIC_OAUTH_USE_PKCE: 'true',
        GF_AUTH_GENERIC_OAUTH_AUTO_LOGIN: 'false',
        GF_AUTH_DISABLE_LOGIN_FORM: 'false',
      }),
    );
    expect(vars).not.toHaveProperty('GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET');
    expect(vars).not.toHaveProperty('GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH');
    expect(secretFiles(spec, c, vars.GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET__FILE)).toEqual({ [vars.GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET__FILE]: 'grafana-oauth/client-secret' });
  });

  test('auto-login, a hidden login form, custom scopes and Secret', () => {
    const sso = { ...SSO, autoLogin: true, loginForm: false, scopes: ['openid', 'groups'], clientSecret: { name: 'idp', key: 'grafana-secret' } };
    const { spec, container: c } = aloneWith({ grafana: { ...WITH_URL, sso } });
    const vars = envOf(c);
    expect([vars.GF_AUTH_GENERIC_OAUTH_AUTO_LOGIN, vars.GF_AUTH_DISABLE_LOGIN_FORM, vars.GF_AUTH_GENERIC_OAUTH_SCOPES]).toEqual(['true', 'true', 'openid groups']);
    expect(Object.values(secretFiles(spec, c, vars.GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET__FILE))).toEqual(['idp/grafana-secret']);
  });

  test('a role mapping compiles to one JMESPath expression, strongest role first; without a default role, unmatched logins are refused', () => {
    const roleMapping = { claim: 'groups', roles: { viewers: 'Viewer', 'grafana-admins': 'Admin', sre: 'Editor', platform: 'Admin' } } as const;
    const vars = envOf(aloneWith({ grafana: { ...WITH_URL, sso: { ...SSO, roleMapping } } }).container);
    expect(vars.GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH).toBe(
      "(contains(to_array(\"groups\"), 'grafana-admins') || contains(to_array(\"groups\"), 'platform')) && 'Admin' || " +
        "contains(to_array(\"groups\"), 'sre') && 'Editor' || contains(to_array(\"groups\"), 'viewers') && 'Viewer'",
    );
    expect(vars.GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_STRICT).toBe('true');
    expect(vars.GF_AUTH_GENERIC_OAUTH_ALLOW_ASSIGN_GRAFANA_ADMIN).toBe('false');
  });

  test('a default role ends the expression and lets unmatched people in; GrafanaAdmin is allowed to be assigned', () => {
    const roleMapping = { claim: 'roles', roles: { root: 'GrafanaAdmin' }, defaultRole: 'Viewer' } as const;
    const vars = envOf(aloneWith({ grafana: { ...WITH_URL, sso: { ...SSO, roleMapping } } }).container);
    expect(vars.GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH).toBe("contains(to_array(\"roles\"), 'root') && 'GrafanaAdmin' || 'Viewer'");
    expect(vars.GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_STRICT).toBe('false');
    expect(vars.GF_AUTH_GENERIC_OAUTH_ALLOW_ASSIGN_GRAFANA_ADMIN).toBe('true');
  });

  test('a nested or URL-named claim is quoted segment by segment; quotes in values are escaped, and "$" survives Kubernetes', () => {
    expect(roleAttributePath({ claim: ['realm_access', 'roles'], roles: { admin: 'Admin' } })).toBe("contains(to_array(\"realm_access\".\"roles\"), 'admin') && 'Admin'");
    expect(roleAttributePath({ claim: 'https://example.com/roles', roles: { "o'brien": 'Editor' } })).toBe(
      "contains(to_array(\"https://example.com/roles\"), 'o\\'brien') && 'Editor'",
    );
    const vars = envOf(aloneWith({ grafana: { ...WITH_URL, sso: { ...SSO, roleMapping: { claim: 'groups', roles: { '$(HOME)': 'Viewer' } } } } }).container);
    expect(vars.GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH).toBe("contains(to_array(\"groups\"), '$$(HOME)') && 'Viewer'");
  });

  test.each([
    ['an endpoint is not https', { ...SSO, tokenUrl: 'http://sso.test/token' }, WITH_URL, 'grafana.sso.tokenUrl: "http://sso.test/token" is not an https URL.'],
    ['an endpoint is not a URL', { ...SSO, authUrl: 'sso.test/auth' }, WITH_URL, 'grafana.sso.authUrl: "sso.test/auth" is not an https URL.'],
    ['the client id is missing', { ...SSO, clientId: undefined }, WITH_URL, 'grafana.sso.clientId: nothing is not a client id.'],
    ['the name is empty', { ...SSO, name: ' ' }, WITH_URL, 'grafana.sso.name: " " is not a name.'],
    ['Grafana has no external URL to come back to', SSO, {}, "grafana.sso: the provider sends people back to Grafana's own address (<externalUrl>/login/generic_oauth), but grafana.externalUrl is not set. Set grafana.externalUrl"],
    ['a scope has a space', { ...SSO, scopes: ['openid email'] }, WITH_URL, 'grafana.sso.scopes: ["openid email"] is not a list of scopes.'],
    ['a role is not a Grafana role', { ...SSO, roleMapping: { claim: 'groups', roles: { ops: 'Owner' } } }, WITH_URL, 'grafana.sso.roleMapping.roles.ops: "Owner" is not a Grafana role.'],
    ['the mapping maps nothing', { ...SSO, roleMapping: { claim: 'groups', roles: {} } }, WITH_URL, 'grafana.sso.roleMapping.roles: {} maps no value to a role.'],
    ['the claim is empty', { ...SSO, roleMapping: { claim: '', roles: { ops: 'Admin' } } }, WITH_URL, 'grafana.sso.roleMapping.claim: "" is not a claim.'],
    ['the default role is GrafanaAdmin', { ...SSO, roleMapping: { claim: 'groups', roles: { ops: 'Admin' }, defaultRole: 'GrafanaAdmin' } }, WITH_URL, 'grafana.sso.roleMapping.defaultRole: "GrafanaAdmin" is not a role for people without a mapped value.'],
    ['loginForm is a string', { ...SSO, loginForm: 'no' }, WITH_URL, 'grafana.sso.loginForm: "no" is not true or false.'],
  ])('fails when %s', (_case, sso, extra, message) => {
    expect(() => configWith('dev', { grafana: { ...extra, sso: sso as never } })).toThrow(`environment "dev": ${message}`);
  });
});

describe('Grafana settings and extra environment variables', () => {
  test('settings become GF_<SECTION>_<KEY> as Grafana derives them; values as strings with "$" escaped from Kubernetes', () => {
    const vars = envOf(
      aloneWith({
        grafana: {
          settings: {
            smtp: { enabled: true, host: 'smtp.test:587', from_address: 'grafana@test' },
            'auth.generic_oauth': { email_attribute_path: 'email' },
            'plugin.grafana-lokiexplore-app': { enabled: false },
            auth: { login_maximum_lifetime_duration: '7d', token_rotation_interval_minutes: 10 },
            'auth.jwt': { key_file: '/etc/keys/jwt.pem' },
            panels: { disable_sanitize_html: false, 'x.y': 'a$(B)' },
          },
        },
      }).container,
    );
    expect(vars).toEqual(
      expect.objectContaining({
        GF_SMTP_ENABLED: 'true',
        GF_SMTP_HOST: 'smtp.test:587',
        GF_SMTP_FROM_ADDRESS: 'grafana@test',
        GF_AUTH_GENERIC_OAUTH_EMAIL_ATTRIBUTE_PATH: 'email',
        GF_PLUGIN_GRAFANA_LOKIEXPLORE_APP_ENABLED: 'false',
        GF_AUTH_LOGIN_MAXIMUM_LIFETIME_DURATION: '7d',
        GF_AUTH_TOKEN_ROTATION_INTERVAL_MINUTES: '10',
        GF_AUTH_JWT_KEY_FILE: '/etc/keys/jwt.pem',
        GF_PANELS_DISABLE_SANITIZE_HTML: 'false',
        GF_PANELS_X_Y: 'a$$(B)',
      }),
    );
  });

  test('extra variables: plain values as given, Secret values as references that never hold the value', () => {
    const { container: c } = aloneWith({
      grafana: {
        extraEnv: [
          { name: 'GF_SMTP_USER', value: 'grafana' },
          { name: 'GF_SMTP_PASSWORD', secret: { name: 'grafana-smtp', key: 'password' } },
          { name: 'GF_SECURITY_SECRET_KEY', secret: { name: 'grafana-secret-key', key: 'secret-key' } },
        ],
      },
    });
    const extra = c.env.slice(-3);
    expect(extra).toEqual([
      { name: 'GF_SMTP_USER', value: 'grafana' },
      { name: 'GF_SMTP_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-smtp', key: 'password' } } },
      { name: 'GF_SECURITY_SECRET_KEY', valueFrom: { secretKeyRef: { name: 'grafana-secret-key', key: 'secret-key' } } },
    ]);
  });

  test('every GF_ variable the stack sets itself is a managed setting, so the escape hatches cannot set it twice', () => {
    const { container: c } = aloneWith({
      grafana: { ...WITH_URL, replicas: 2, database: { ...POSTGRES, caSecret: { name: 'grafana-database', key: 'ca.crt' } }, sso: { ...SSO, roleMapping: { claim: 'g', roles: { a: 'Admin' } } } },
    });
    const managed = new Set(Object.entries(GRAFANA_MANAGED_SETTINGS).flatMap(([section, keys]) => Object.keys(keys).map((key) => grafanaEnvName(section, key))));
    const own = c.env.map((e: any) => e.name.replace(/__FILE$/, '')).filter((n: string) => n.startsWith('GF_'));
    expect(own.length).toBeGreaterThan(30);
    expect(own.filter((n: string) => !managed.has(n))).toEqual([]);
  });

  test.each([
    ['a setting the stack manages', { settings: { server: { root_url: 'https://g.test' } } }, 'grafana.settings.server.root_url: "https://g.test" would set GF_SERVER_ROOT_URL, which the stack manages. Set it through grafana.externalUrl; remove it here.'],
    ['a database setting', { settings: { database: { host: 'db:5432' } } }, 'grafana.settings.database.host: "db:5432" would set GF_DATABASE_HOST, which the stack manages. Set it through grafana.database; remove it here.'],
    ['an SSO setting', { settings: { 'auth.generic_oauth': { client_id: 'x' } } }, 'grafana.settings.auth.generic_oauth.client_id: "x" would set GF_AUTH_GENERIC_OAUTH_CLIENT_ID, which the stack manages. Set it through grafana.sso; remove it here.'],
    ['a variable the stack manages', { extraEnv: [{ name: 'GF_DATABASE_PASSWORD', secret: { name: 'pg', key: 'pw' } }] }, 'grafana.extraEnv[0].name: "GF_DATABASE_PASSWORD" would set GF_DATABASE_PASSWORD, which the stack manages. Set it through grafana.database; remove it here.'],
    ['the __FILE form of a managed variable', { extraEnv: [{ name: 'GF_SECURITY_ADMIN_PASSWORD__FILE', value: '/x' }] }, 'grafana.extraEnv[0].name: "GF_SECURITY_ADMIN_PASSWORD__FILE" would set GF_SECURITY_ADMIN_PASSWORD__FILE, which the stack manages. The administrator\'s password comes from the Secret "grafana-admin"'],
    ['the pod IP variable', { extraEnv: [{ name: 'POD_IP', value: '10.0.0.1' }] }, 'grafana.extraEnv[0].name: "POD_IP" would set POD_IP, which the stack manages.'],
    ['a password as a plain setting', { settings: { smtp: { password: 'hunter2' } } }, 'grafana.settings.smtp.password: looks like a credential, given as a plain value that would be written into the manifests. Put it in a Secret and add it to grafana.extraEnv as { name: "GF_SMTP_PASSWORD", secret: { name: "<secret>", key: "<key>" } }.'],
    ['a secret key as a plain setting', { settings: { security: { secret_key: 'abc' } } }, 'grafana.settings.security.secret_key: looks like a credential'],
    ['a token as a plain variable', { extraEnv: [{ name: 'SLACK_TOKEN', value: 'xoxb-1' }] }, 'grafana.extraEnv[0] (SLACK_TOKEN): looks like a credential, given as a plain value that would be written into the manifests. Put it in a Secret and add it to grafana.extraEnv as { name: "SLACK_TOKEN", secret:'],
    ['an API key as a plain variable', { extraEnv: [{ name: 'GF_PLUGIN_APIKEY', value: 'k' }] }, 'grafana.extraEnv[0] (GF_PLUGIN_APIKEY): looks like a credential'],
    ['a setting and a variable set the same thing', { settings: { smtp: { host: 'a:25' } }, extraEnv: [{ name: 'GF_SMTP_HOST', value: 'b:25' }] }, 'grafana.extraEnv[0]: sets GF_SMTP_HOST, which grafana.settings.smtp.host sets too. Keep one of them.'],
    ['two spellings of one section', { settings: { 'auth.jwt': { enabled: true }, 'auth-jwt': { enabled: false } } }, 'grafana.settings.auth-jwt.enabled: sets GF_AUTH_JWT_ENABLED, which grafana.settings.auth.jwt.enabled sets too.'],
    ['a value is an object', { settings: { smtp: { host: { name: 'x' } } } }, 'grafana.settings.smtp.host: {"name":"x"} is not a setting value.'],
    ['a section has a space', { settings: { 'my section': { a: 1 } } }, 'grafana.settings.my section: "my section" is not a grafana.ini section.'],
    ['a variable name starts with a digit', { extraEnv: [{ name: '1X', value: 'a' }] }, 'grafana.extraEnv[0].name: "1X" is not an environment variable name.'],
    ['a variable has both a value and a Secret', { extraEnv: [{ name: 'X', value: 'a', secret: { name: 's', key: 'k' } }] }, 'grafana.extraEnv[0]: {"name":"X","value":"a","secret":{"name":"s","key":"k"}} is not one variable.'],
    ['a Secret reference has no key', { extraEnv: [{ name: 'X', secret: { name: 's' } }] }, 'grafana.extraEnv[0].secret.key: undefined is not a Secret key.'],
  ])('fails when %s', (_case, grafana, message) => {
    expect(() => configWith('dev', { grafana: grafana as never })).toThrow(`environment "dev": ${message}`);
  });

  test('a credential refused as a plain value is never echoed in the message', () => {
    expect(() => configWith('dev', { grafana: { settings: { smtp: { password: 'hunter2' } } } })).toThrow(/^(?!.*hunter2)/);
  });
});
